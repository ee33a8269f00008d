import type { KubeObject } from '../../resolve/facts-from-objects.js';
import type { HcpFacts, HostedClusterFact, NodePoolFact } from '../../resolve/hcp-facts.js';

/** Where a step runs: a management cluster, the hosted cluster itself, or the operator's workstation. */
export type StepPlace = 'source' | 'target' | 'hosted' | 'workstation';

export type Phase = 'backup' | 'restore' | 'teardown' | 'post' | 'resume';

/** One ordered step of the procedure. Objects are applied server-side under the step's own field manager. */
export interface Step {
  /** 1-based position in the whole procedure. */
  n: number;
  /** Short kebab-case id; the file is hcp/<place>/<NN>-<id>.yaml when the step has objects. */
  id: string;
  phase: Phase;
  place: StepPlace;
  title: string;
  /** What the step changes, in words. */
  changes: string;
  /** Partial or whole objects for `oc apply --server-side`; empty for command-only steps. */
  objects: KubeObject[];
  /** Exact commands, in order (the apply command of the objects comes first when there are objects). */
  commands: string[];
  /** The named check that must pass before the next step. */
  verify: { name: string; command: string };
  /** The earlier verification this step is gated on (destructive steps name one). */
  gate?: string;
  destructive?: boolean;
  /** The hosted cluster API is down from this step until it is back (workloads keep running). */
  apiDown?: boolean;
  apiBack?: boolean;
  /** What undoes this step, when something later fails. */
  rollback?: string;
  /** The objects are apply configurations: only the fields this step owns (pause, replicas). */
  partial?: boolean;
  /** Whether applying needs --force-conflicts (the field is owned by a controller today). */
  forceConflicts?: boolean;
}

export interface HcpPlan {
  name: string;
  purpose: 'backup' | 'restore' | 'move';
  method: 'etcd-snapshot' | 'oadp';
  hostedCluster: HostedClusterFact;
  nodePools: NodePoolFact[];
  controlPlaneNamespace: string;
  source: HcpFacts;
  target?: HcpFacts;
  steps: Step[];
  /** Secrets the restore needs in the HC namespace and the control-plane namespace (names only). */
  secretsToCopy: { namespace: string; name: string; why: string }[];
  /** What stays a runtime check (cannot be decided from the recorded state). */
  runtimeChecks: string[];
  /** Local folder the printed commands save the backup into (it holds Secret values: keep it private). */
  backupDir: string;
}

/** The literal the restored HostedCluster carries where the presigned URL goes (see steps.ts). */
export const UNFILLED_RESTORE_URL = 'MIGPLAN_UNFILLED_RESTORE_URL';
