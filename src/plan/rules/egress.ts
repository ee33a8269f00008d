import type { EgressFact } from '../../resolve/cluster-facts.js';

/** OpenShift SDN refuses more; OVN-Kubernetes documents 8,000 rules per EgressFirewall. */
export const EGRESS_RULE_LIMITS = { EgressNetworkPolicy: 1000, EgressFirewall: 8000 } as const;

type Rule = { type?: string; to?: Record<string, unknown>; [k: string]: unknown };

export type AllowResult =
  | { change: 'none'; why: string }
  | { change: 'insert'; object: Record<string, unknown>; index: number }
  | { change: 'impossible'; why: string };

/**
 * The same egress object with an Allow for `cidr` placed before the first Deny (first match wins), every
 * existing rule kept. No change when nothing is denied or the CIDR is already allowed ahead of the denial.
 */
export function allowCidr(fact: EgressFact, cidr: string): AllowResult {
  const spec = (fact.object['spec'] ?? {}) as { egress?: Rule[] };
  const rules = spec.egress ?? [];
  const firstDeny = rules.findIndex((r) => r.type === 'Deny');
  if (firstDeny < 0) return { change: 'none', why: 'no Deny rule' };
  if (
    rules.slice(0, firstDeny).some((r) => r.type === 'Allow' && r.to?.['cidrSelector'] === cidr)
  ) {
    return { change: 'none', why: `${cidr} is already allowed before the first Deny` };
  }
  if (fact.kind === 'EgressNetworkPolicy' && cidr.includes(':')) {
    return { change: 'impossible', why: 'EgressNetworkPolicy supports IPv4 CIDRs only' };
  }
  const limit = EGRESS_RULE_LIMITS[fact.kind];
  if (rules.length + 1 > limit)
    return {
      change: 'impossible',
      why: `${fact.kind} ${fact.namespace}/${fact.name} already has ${rules.length} rules; the limit is ${limit}`,
    };
  const egress = [
    ...rules.slice(0, firstDeny),
    { type: 'Allow', to: { cidrSelector: cidr } },
    ...rules.slice(firstDeny),
  ];
  return {
    change: 'insert',
    object: { ...fact.object, spec: { ...spec, egress } },
    index: firstDeny,
  };
}

/** An SDN EgressNetworkPolicy as the OVN EgressFirewall that does the same (the SDN object is inert on OVN). */
export function toEgressFirewall(fact: EgressFact, namespace: string): Record<string, unknown> {
  const spec = (fact.object['spec'] ?? {}) as { egress?: Rule[] };
  // SDN reads 0.0.0.0/32 as 0.0.0.0/0; OVN would take it literally.
  const egress = (spec.egress ?? []).map((r) => {
    const to = { ...(r.to ?? {}) };
    if (to['cidrSelector'] === '0.0.0.0/32') to['cidrSelector'] = '0.0.0.0/0';
    return { type: r.type ?? 'Deny', to };
  });
  return {
    apiVersion: 'k8s.ovn.org/v1',
    kind: 'EgressFirewall',
    metadata: { name: 'default', namespace },
    spec: { egress },
  };
}
