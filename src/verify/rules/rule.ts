import type { KubeManifest, Manifest } from '../../render/types.js';
import type { World } from '../world.js';

/**
 * One condition an upstream controller sets on an object it refuses. Only Critical and Error conditions are
 * ported: they keep the object from becoming Ready (mig-controller condition.go), or make the Velero/OADP
 * controller fail it; Warn ones are the planner's warnings.
 */
export interface AdmissionRule {
  kind: string;
  /** The condition type (or Velero/OADP phase and message) the controller would set. */
  condition: string;
  /** The condition's category, or `phase` for a Velero phase (FailedValidation, Unavailable). */
  category: 'Critical' | 'Error' | 'phase';
  /** repo, file and function the rule is ported from. */
  upstream: string;
  /** Returns why the condition would fire, or undefined when it would not. */
  check: (o: KubeManifest, w: World, m: Manifest) => string | undefined;
}

export const MTC = 'migtools/mig-controller@3acf3578';
export const VELERO = 'vmware-tanzu/velero';
export const OADP = 'openshift/oadp-operator';
