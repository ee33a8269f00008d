import type { KubeManifest } from '../../render/types.js';
import type { CniFacts } from '../../resolve/cni-facts.js';

/** Which documented procedure the cluster's version needs (docs/network-migration.md, reference §1). */
export type Procedure =
  /** 4.4-4.7: the operator-Network annotation, paused pools, networkType. */
  | 'annotation'
  /** 4.8-4.16 offline: spec.migration.networkType, then networkType. */
  | 'two-phase'
  /** 4.15.31+ and 4.16: one config Network patch; the operator does the rest. */
  | 'live';

export type Feature = 'egressFirewall' | 'egressIP' | 'multicast';

/** The object an oc command acts on. */
export interface ObjectRef {
  /** What oc calls it, e.g. network.operator.openshift.io. */
  resource: string;
  name: string;
  namespace?: string;
  /** apiVersion/kind, to match applied objects in the field-ownership model. */
  apiVersion: string;
  kind: string;
}

/** A field change a command makes, for the report and the ownership test (a dotted path; null removes). */
export interface Effect {
  target: ObjectRef;
  /** Field path from the object's root; ['*'] for the whole object (a delete). */
  path: string[];
  /** undefined removes the field (or deletes the object when path is ['*']). */
  value?: unknown;
}

/** A command the report prints verbatim: what apply cannot express (nulls, removals, deletes), waits, reboots. */
export interface Command {
  text: string;
  /** Field changes it makes; none for waits and reads. */
  effects: Effect[];
}

export interface Step {
  /** Position in its sequence, from 1. */
  nn: number;
  /** File stem and field-manager suffix, e.g. migration. */
  name: string;
  title: string;
  /** What it changes and why, for the report. */
  changes: string;
  /** Partial objects applied with server-side apply under this step's own field manager. */
  objects: KubeManifest[];
  /** Commands run before the objects are applied (clearing a field, deleting, patching). */
  commands: Command[];
  /** Commands that wait for the cluster to settle after the step. */
  waits: string[];
  /** How to check the step worked. */
  verify: string[];
}

export interface ConversionDecision {
  feature: Feature;
  /** What is converted, e.g. EgressNetworkPolicy app/deny-all. */
  from: string;
  /** What it becomes, e.g. EgressFirewall app/default. */
  to: string;
  /** operator: the CNO converts it during the migration; migplan: emitted in the conversions step. */
  by: 'operator' | 'migplan';
  why: string;
}

export interface NetworkMigrationPlan {
  cluster: string;
  version: string;
  platform?: string;
  procedure: Procedure;
  /** Each SDN feature and who converts it on this version. */
  convertedBy: Record<Feature, 'operator' | 'migplan'>;
  conversions: ConversionDecision[];
  steps: Step[];
  rollback: Step[];
  /** Expected outage, for the report. */
  outage: string;
  /** What migplan cannot check from the cluster's objects. */
  manualChecks: string[];
  facts: CniFacts;
}
