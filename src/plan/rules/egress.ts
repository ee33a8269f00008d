import type { EgressFact } from '../../resolve/cluster-facts.js';
import { cidrContains, cidrOverlaps, parseCidr, type Cidr } from '../../spec/cidr.js';

/** OpenShift SDN refuses more; OVN-Kubernetes documents 8,000 rules per EgressFirewall. */
export const EGRESS_RULE_LIMITS = { EgressNetworkPolicy: 1000, EgressFirewall: 8000 } as const;

type Rule = { type?: string; to?: Record<string, unknown>; [k: string]: unknown };

export type AllowResult =
  | { change: 'none'; why: string }
  | { change: 'insert'; object: Record<string, unknown>; index: number }
  | { change: 'impossible'; why: string };

/**
 * What the rules do to traffic bound for `dest`, evaluated as both firewalls do: in order, first match
 * wins, anything unmatched is allowed (openshift/sdn EgressNetworkPolicy; ovn-kubernetes EgressFirewall).
 * CIDRs are compared by containment and overlap, never as strings: an Allow of 10.0.0.0/8 already
 * covers 10.20.0.0/16. Returns the index of the first Deny that catches part of `dest` before an Allow
 * covers all of it, or undefined when every address of `dest` is allowed. dnsName and nodeSelector
 * rules match addresses migplan cannot know; they are passed over.
 */
export function firstBlockingDeny(
  fact: EgressFact,
  dest: Cidr,
): { index: number; why?: never } | { index?: never; why: string } {
  const rules = ((fact.object['spec'] ?? {}) as { egress?: Rule[] }).egress ?? [];
  for (const [index, r] of rules.entries()) {
    const raw = r.to?.['cidrSelector'];
    if (typeof raw !== 'string') continue;
    let selector = raw;
    // SDN reads 0.0.0.0/32 as 0.0.0.0/0 (openshift/sdn egress policy: "0.0.0.0/32" means everything).
    if (fact.kind === 'EgressNetworkPolicy' && selector === '0.0.0.0/32') selector = '0.0.0.0/0';
    const c = parseCidr(selector);
    if (!c || !cidrOverlaps(c, dest)) continue;
    if (r.type === 'Deny') return { index };
    if (cidrContains(c, dest)) return { why: `already allowed by rule ${index + 1} (${selector})` };
    // A partial Allow: the rest of `dest` goes on to the next rules.
  }
  return { why: 'no Deny rule matches it' };
}

/**
 * The same egress object with an Allow for `cidr` placed right before the first Deny that would catch
 * it (first match wins), every existing rule kept. No change when the rules already let all of `cidr`
 * through.
 */
export function allowCidr(fact: EgressFact, cidr: string): AllowResult {
  const spec = (fact.object['spec'] ?? {}) as { egress?: Rule[] };
  const rules = spec.egress ?? [];
  const dest = parseCidr(cidr);
  if (!dest) return { change: 'impossible', why: `${cidr} is not a CIDR` };
  const blocking = firstBlockingDeny(fact, dest);
  if (blocking.index === undefined) return { change: 'none', why: `${cidr} ${blocking.why}` };
  const limit = EGRESS_RULE_LIMITS[fact.kind];
  if (rules.length + 1 > limit)
    return {
      change: 'impossible',
      why: `${fact.kind} ${fact.namespace}/${fact.name} already has ${rules.length} rules; the limit is ${limit}`,
    };
  const egress = [
    ...rules.slice(0, blocking.index),
    { type: 'Allow', to: { cidrSelector: cidr } },
    ...rules.slice(blocking.index),
  ];
  return {
    change: 'insert',
    object: { ...fact.object, spec: { ...spec, egress } },
    index: blocking.index,
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
