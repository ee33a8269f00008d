import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseCidr } from '../spec/cidr.js';
import type { NetworkMigrationPlan, Step } from '../plan/cni/types.js';
import type { KubeManifest } from '../render/types.js';

/** ovn-kubernetes documents 8,000 rules per EgressFirewall (go-controller pkg/ovn/egressfirewall.go). */
const EGRESS_FIREWALL_MAX_RULES = 8000;
const isIp = (s: unknown) =>
  typeof s === 'string' && parseCidr(`${s}/${s.includes(':') ? 128 : 32}`) !== undefined;

/**
 * The admission check of a NetworkMigration: each emitted object as OVN-Kubernetes or the network operator
 * would judge it, and the order the operator requires. Pure; findings are located at spec.cluster.
 */
export function verifyNetworkMigration(plan: NetworkMigrationPlan): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = { path: ['spec', 'cluster'] };
  const objects = [...plan.steps, ...plan.rollback].flatMap((s) => s.objects);
  for (const o of objects) {
    if (o.kind === 'EgressFirewall') {
      const why = egressFirewallProblem(o);
      if (why)
        out.push(
          diag(
            'MP7020',
            `EgressFirewall ${o.metadata.namespace ?? ''}/${o.metadata.name} would be rejected: ${why}`,
            at,
          ),
        );
    }
    if (o.kind === 'EgressIP') {
      const why = egressIpProblem(o);
      if (why)
        out.push(diag('MP7021', `EgressIP ${o.metadata.name} would be rejected: ${why}`, at));
    }
  }
  const order = orderProblem(plan.procedure, plan.steps);
  if (order) out.push(diag('MP7022', order, at));
  return out;
}

/** Only the EgressFirewall named default is enforced (ovn-kubernetes go-controller pkg/ovn/egressfirewall.go). */
function egressFirewallProblem(o: KubeManifest): string | undefined {
  if (o.metadata.name !== 'default')
    return 'OVN-Kubernetes enforces only the EgressFirewall named default';
  const rules = ((o['spec'] as { egress?: unknown[] } | undefined)?.egress ?? []).length;
  if (rules > EGRESS_FIREWALL_MAX_RULES)
    return `${rules} rules; OVN-Kubernetes accepts at most ${EGRESS_FIREWALL_MAX_RULES}`;
  return undefined;
}

/** The EgressIP CRD requires egressIPs and namespaceSelector (k8s.ovn.org_egressips.yaml); each must be an IP. */
function egressIpProblem(o: KubeManifest): string | undefined {
  const spec = (o['spec'] ?? {}) as { egressIPs?: unknown[]; namespaceSelector?: unknown };
  if (!spec.egressIPs?.length) return 'spec.egressIPs is empty';
  if (spec.namespaceSelector === undefined) return 'spec.namespaceSelector is missing';
  const bad = spec.egressIPs.filter((ip) => !isIp(ip));
  return bad.length ? `${bad.map(String).join(', ')} is not an IP address` : undefined;
}

/**
 * The network operator refuses a networkType change unless spec.migration.networkType already names it ("cannot
 * change default network type when not doing migration", cluster-network-operator release-4.16
 * pkg/network/render.go isDefaultNetworkChangeSafe).
 */
function orderProblem(
  procedure: NetworkMigrationPlan['procedure'],
  steps: readonly Step[],
): string | undefined {
  if (procedure !== 'two-phase') return undefined;
  const index = (pred: (o: KubeManifest) => boolean) =>
    steps.findIndex((s) => s.objects.some(pred));
  const migration = index(
    (o) =>
      o.kind === 'Network' &&
      o.apiVersion.startsWith('operator.') &&
      (o['spec'] as Record<string, unknown> | undefined)?.['migration'] !== undefined,
  );
  const networkType = index(
    (o) =>
      o.kind === 'Network' &&
      o.apiVersion.startsWith('config.') &&
      (o['spec'] as Record<string, unknown> | undefined)?.['networkType'] !== undefined,
  );
  if (networkType >= 0 && (migration < 0 || migration > networkType))
    return 'the networkType step comes before spec.migration is set; the operator would refuse it (cannot change default network type when not doing migration)';
  return undefined;
}
