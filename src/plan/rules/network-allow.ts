import type { NetworkPolicyFact } from '../../resolve/cluster-facts.js';
import type { RsyncPolicyDecision } from '../types.js';
import { arr, obj, type Dict } from '../../util/objects.js';

/** Labels of the rsync transfer pods (mig-controller directvolumemigration buildDVMLabels). */
export const RSYNC_CLIENT_LABELS = {
  owner: 'directvolumemigration',
  app: 'directvolumemigration-rsync-transfer',
};
export const RSYNC_SERVER_LABELS = { ...RSYNC_CLIENT_LABELS, purpose: 'rsync' };

/** Kubernetes LabelSelector semantics: matchLabels AND matchExpressions; an empty selector matches all. */
export function selectorMatches(
  selector: unknown,
  labels: Readonly<Record<string, string>>,
): boolean {
  const s = obj(selector);
  for (const [k, v] of Object.entries(obj(s['matchLabels']))) if (labels[k] !== v) return false;
  for (const e of arr(s['matchExpressions']).map(obj)) {
    const key = String(e['key']);
    const values = arr(e['values']).map(String);
    const has = Object.hasOwn(labels, key);
    switch (e['operator']) {
      case 'In':
        if (!has || !values.includes(labels[key] as string)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key] as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * policyTypes default: Ingress always, Egress when the policy has egress rules; an empty `egress: []` is no
 * rule (kubernetes pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicy, `len(Spec.Egress) != 0`).
 */
export function policyTypes(spec: Dict): string[] {
  const declared = arr(spec['policyTypes']).map(String);
  if (declared.length) return declared;
  return arr(spec['egress']).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

interface PortNeed {
  protocol: string;
  port: number;
}

function portsAllow(ports: unknown, need: PortNeed): boolean {
  const list = arr(ports).map(obj);
  if (list.length === 0) return true;
  return list.some((p) => {
    const protocol = typeof p['protocol'] === 'string' ? p['protocol'] : 'TCP';
    if (protocol !== need.protocol) return false;
    if (p['port'] === undefined) return true;
    const start = Number(p['port']);
    const end = p['endPort'] !== undefined ? Number(p['endPort']) : start;
    return need.port >= start && need.port <= end; // named ports never name 443/6443 here
  });
}

/** An egress peer list that reaches an address outside the cluster (the other cluster's router). */
function peersReachExternal(peers: unknown): boolean {
  const list = arr(peers).map(obj);
  if (list.length === 0) return true;
  return list.some((p) => {
    const block = obj(p['ipBlock']);
    return block['cidr'] === '0.0.0.0/0' || block['cidr'] === '::/0';
  });
}

/** An ingress peer list that admits the OpenShift ingress routers (or everyone). */
function peersAdmitRouters(peers: unknown): boolean {
  const list = arr(peers).map(obj);
  if (list.length === 0) return true;
  const routerNs = {
    'policy-group.network.openshift.io/ingress': '',
    'network.openshift.io/policy-group': 'ingress',
  };
  return list.some((p) => {
    if (p['podSelector'] !== undefined) return false; // restricts to pods, which are never the routers' here
    if (p['namespaceSelector'] !== undefined)
      return (
        selectorMatches(p['namespaceSelector'], routerNs) ||
        Object.keys(obj(p['namespaceSelector'])).length === 0
      );
    const block = obj(p['ipBlock']);
    return block['cidr'] === '0.0.0.0/0';
  });
}

export interface BlockCheck {
  blocked: boolean;
  /** Policies that select the rsync pods for this direction. */
  selecting: string[];
}

/**
 * Would these NetworkPolicies stop rsync? A direction is isolated when any policy selects the pod for it,
 * and then traffic flows only if some selecting policy has a rule allowing it (policies are additive).
 */
export function rsyncBlocked(
  policies: readonly NetworkPolicyFact[],
  side: 'source' | 'target',
): BlockCheck {
  const labels = side === 'source' ? RSYNC_CLIENT_LABELS : RSYNC_SERVER_LABELS;
  const direction = side === 'source' ? 'Egress' : 'Ingress';
  const selecting = policies.filter(
    (p) =>
      selectorMatches(p.spec['podSelector'], labels) && policyTypes(p.spec).includes(direction),
  );
  if (selecting.length === 0) return { blocked: false, selecting: [] };
  const rules = selecting.flatMap((p) =>
    arr(p.spec[side === 'source' ? 'egress' : 'ingress']).map(obj),
  );
  const allows = (test: (rule: Dict) => boolean) => rules.some(test);
  const open =
    side === 'source'
      ? allows(
          (r) =>
            peersReachExternal(r['to']) && portsAllow(r['ports'], { protocol: 'TCP', port: 443 }),
        ) &&
        // DNS goes to the cluster's resolver pods, so any peer will do.
        allows(
          (r) =>
            portsAllow(r['ports'], { protocol: 'UDP', port: 53 }) ||
            portsAllow(r['ports'], { protocol: 'UDP', port: 5353 }),
        )
      : allows(
          (r) =>
            peersAdmitRouters(r['from']) && portsAllow(r['ports'], { protocol: 'TCP', port: 6443 }),
        );
  return { blocked: !open, selecting: selecting.map((p) => p.name).sort() };
}
/** The decision for one namespace under `rsyncPolicies: auto | always | never`. */
export function decideRsyncPolicy(
  mode: 'auto' | 'always' | 'never',
  side: 'source' | 'target',
  cluster: string,
  namespace: string,
  policies: readonly NetworkPolicyFact[],
): RsyncPolicyDecision | undefined {
  if (mode === 'never') return undefined;
  const check = rsyncBlocked(policies, side);
  if (mode === 'auto' && !check.blocked) return undefined;
  const what =
    side === 'source'
      ? 'egress of the rsync client pods to the target route (443) and DNS'
      : 'ingress from the routers to the rsync server (6443)';
  const detail = check.blocked
    ? `NetworkPolicy ${check.selecting.join(', ')} in ${namespace} would block ${what}`
    : `rsyncPolicies: always (${what})`;
  return {
    side,
    cluster,
    namespace,
    blockedBy: check.selecting,
    reason: { rule: check.blocked ? 'blocked' : 'always', detail },
  };
}
