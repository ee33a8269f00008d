import type { ClusterFacts, NetworkPolicyFact } from '../resolve/cluster-facts.js';
import type { MigrationStep, Plan, Spec } from '../spec/spec.js';
import type { CompatRow } from './rules/compat.js';
import type { PlanWaves } from './waves/waves.js';
import type { WaveLock } from './waves/lock.js';
import type { TransferEstimate } from './waves/estimate.js';

/** A decision and the machine-readable reason for it. */
export interface Reason {
  rule: string;
  detail: string;
}

export interface NamespaceDecision {
  source: string;
  target: string;
  existsOnTarget: boolean;
  pods: number;
  serviceAccounts: string[];
  /** The source namespace's labels and annotations, which MTC copies when it creates the destination. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export type PvAction = 'copy' | 'move' | 'skip';
export type CopyMethod = 'filesystem' | 'block' | 'snapshot';

export interface PvDecision {
  pvName: string;
  namespace: string;
  pvc: string;
  targetNamespace: string;
  /** Target PVC name when renamed (state migrations). */
  targetPvc?: string;
  /**
   * Storage-class conversions: the name mig-controller will give the new PVC, with the plan's random
   * suffix shown as SUFFIX_PLACEHOLDER (pvlist.go getMappedNameForPVC). The controller sets it; we never emit it.
   */
  conversionTargetPvc?: string;
  capacity: string;
  capacityBytes: number;
  sourceStorageClass: string;
  sourceProvisioner: string;
  sourceType: string;
  accessModes: string[];
  volumeMode: string;
  /** Some pod or pod template mounts the claim (pvlist.go pvcInPodVolumes); false when not checked. */
  hasReference: boolean;
  /** pvlist.go createPVCToOwnerTypeMap; absent when nothing references the claim or owners were not checked. */
  ownerType?: string;
  supportedActions: readonly PvAction[];
  action: PvAction;
  copyMethod: CopyMethod;
  targetStorageClass: string;
  accessMode?: string;
  verify: boolean;
  reasons: { action: Reason; copyMethod: Reason; storageClass: Reason };
}

export interface SccGrant {
  scc: string;
  /** Source namespace and SA name. */
  namespace: string;
  serviceAccount: string;
  targetNamespace: string;
  via: 'users' | 'group' | 'rbac';
  viaDetail: string;
  existsOnTarget: boolean;
  /** ClusterRole the RoleBinding refers to. */
  clusterRole: string;
  /** The ClusterRole must be emitted (custom SCC, or a target older than OCP 4.8). */
  emitClusterRole: boolean;
  /** The SCC itself must be emitted (custom SCC missing on the target), without users/groups. */
  emitScc: boolean;
  /** The source SCC without users, groups and server fields, when emitScc. */
  sccObject?: Record<string, unknown>;
}

export interface ImageDecision {
  mode: 'direct' | 'indirect' | 'none';
  internalImageStreams: { namespace: string; name: string; tags: string[] }[];
  registryPath?: string;
  reason: Reason;
}

export interface RsyncPolicyDecision {
  side: 'source' | 'target';
  cluster: string;
  namespace: string;
  blockedBy: string[];
  reason: Reason;
}

export interface EgressDecision {
  cluster: string;
  namespace: string;
  kind: 'EgressNetworkPolicy' | 'EgressFirewall';
  object: Record<string, unknown>;
  allowedCidr: string;
  reason: Reason;
}

export interface HookDecision {
  name: string;
  migHookName: string;
  phase: string;
  cluster: 'source' | 'destination';
  clusterName: string;
  image: string;
  custom: boolean;
  playbook?: string;
  executionNamespace: string;
  serviceAccount: string;
  activeDeadlineSeconds: number;
  /** Emit the ServiceAccount/RoleBinding because the namespace is managed by the plan. */
  emitServiceAccount: boolean;
}

export interface PlanDecision {
  plan: Plan;
  index: number;
  type: 'full' | 'state' | 'storage-class-conversion';
  source: string;
  target: string;
  namespaces: NamespaceDecision[];
  pvs: PvDecision[];
  skippedPvcs: { namespace: string; name: string; reason: string }[];
  sccGrants: SccGrant[];
  images: ImageDecision;
  rsyncPolicies: RsyncPolicyDecision[];
  egress: EgressDecision[];
  hooks: HookDecision[];
  migrations: MigrationStep[];
  /** ownerType and hasReference were computed from the source's workloads (else left to the controller). */
  ownersChecked: boolean;
  indirectImageMigration: boolean;
  indirectVolumeMigration: boolean;
  totals: { pods: number; pvs: number; capacityBytes: number; copiedBytes: number };
  manualSteps: string[];
  /** Target compatibility of the kinds the plan carries (full plans between two clusters only). */
  compatibility?: {
    rows: CompatRow[];
    notChecked: string[];
    mtcAdvice?: string;
  };
  /** For a plan with select or split: the plan as written and which of its waves this is. */
  wave?: { of: string; number: number; count: number };
  /** A wave emptied since the lock file recorded it: only its MigPlan is emitted, with spec.closed. */
  closed?: boolean;
  /** With spec.estimate: how long its stage and cutover take (docs/waves.md, Estimates). */
  estimate?: TransferEstimate;
}

export interface MigrationPlan {
  spec: Spec;
  hostCluster?: string;
  plans: PlanDecision[];
  facts: Readonly<Record<string, ClusterFacts>>;
  /** Plans with select or split: the resolved selection, dependencies and waves (absent when none). */
  waves?: PlanWaves[];
  /** What the lock file records next: the split plans' waves (absent when no plan is split). */
  lock?: WaveLock;
}

export type { NetworkPolicyFact };
