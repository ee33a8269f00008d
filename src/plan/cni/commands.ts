import type { KubeManifest } from '../../render/types.js';
import type { Command, Effect, ObjectRef } from './types.js';

/** The objects the procedures touch, as oc names them. */
export const refs = {
  operatorNetwork: {
    resource: 'network.operator.openshift.io',
    name: 'cluster',
    apiVersion: 'operator.openshift.io/v1',
    kind: 'Network',
  },
  configNetwork: {
    resource: 'network.config.openshift.io',
    name: 'cluster',
    apiVersion: 'config.openshift.io/v1',
    kind: 'Network',
  },
  pool: (name: string): ObjectRef => ({
    resource: 'machineconfigpool',
    name,
    apiVersion: 'machineconfiguration.openshift.io/v1',
    kind: 'MachineConfigPool',
  }),
  namespace: (name: string): ObjectRef => ({
    resource: 'namespace',
    name,
    apiVersion: 'v1',
    kind: 'Namespace',
  }),
  nncp: (name: string): ObjectRef => ({
    resource: 'nodenetworkconfigurationpolicy.nmstate.io',
    name,
    apiVersion: 'nmstate.io/v1',
    kind: 'NodeNetworkConfigurationPolicy',
  }),
  webhook: (name: string): ObjectRef => ({
    resource: 'validatingwebhookconfiguration',
    name,
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
  }),
} as const satisfies Record<string, ObjectRef | ((n: string) => ObjectRef)>;

const target = (r: ObjectRef) =>
  `${r.resource} ${r.name}${r.namespace !== undefined ? ` -n ${r.namespace}` : ''}`;
/** Single quotes around JSON for a POSIX shell; the JSON we write never contains a single quote. */
const quoted = (json: unknown) => `'${JSON.stringify(json)}'`;

/** Every leaf a merge patch sets (null removes), as field effects. */
function leaves(r: ObjectRef, value: unknown, path: string[] = []): Effect[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.flatMap(([k, v]) => leaves(r, v, [...path, k]));
  }
  return [value === null ? { target: r, path } : { target: r, path, value }];
}

/** `oc patch --type=merge`: the way to set a null, or a field an earlier step's manager owns. */
export function mergePatch(r: ObjectRef, patch: Record<string, unknown>): Command {
  return {
    text: `oc patch ${target(r)} --type=merge -p ${quoted(patch)}`,
    effects: leaves(r, patch),
  };
}

/** `oc patch --type=json` replacing one value (list entries have no merge key to patch them by). */
export function jsonReplace(r: ObjectRef, pointer: string, value: unknown): Command {
  return {
    text: `oc patch ${target(r)} --type=json -p ${quoted([{ op: 'replace', path: pointer, value }])}`,
    effects: [{ target: r, path: pointer.split('/').slice(1), value }],
  };
}

export function removeAnnotation(r: ObjectRef, key: string): Command {
  return {
    text: `oc annotate ${target(r)} ${key}-`,
    effects: [{ target: r, path: ['metadata', 'annotations', key] }],
  };
}

export function deleteObject(r: ObjectRef, extra = ''): Command {
  return { text: `oc delete ${target(r)}${extra}`, effects: [{ target: r, path: ['*'] }] };
}

/** A command that changes nothing the ownership model tracks (reads, waits, reboots). */
export const run = (text: string): Command => ({ text, effects: [] });

/** A partial object for server-side apply: identity plus the fields the step owns. */
export function partial(
  r: ObjectRef,
  body: Record<string, unknown>,
  meta: Record<string, unknown> = {},
): KubeManifest {
  return {
    apiVersion: r.apiVersion,
    kind: r.kind,
    metadata: {
      name: r.name,
      ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
      ...meta,
    },
    ...body,
  };
}
