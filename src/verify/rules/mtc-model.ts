import { asRef, list, spec, str, type Obj, type World } from '../world.js';

/**
 * Helpers that read an MTC object the way mig-controller does (migtools/mig-controller @3acf3578,
 * pkg/apis/migration/v1alpha1/migplan_types.go), so the rules stay one line each.
 */

/** GetNamespaceMapping: "src:dest" or "ns" entries. */
export function namespaceMapping(plan: Obj): [string, string][] {
  return list(spec(plan)['namespaces']).map((n) => {
    const [src = '', dest] = str(n).split(':');
    return [src, dest ?? src];
  });
}

export const sourceNamespaces = (plan: Obj): string[] => namespaceMapping(plan).map(([s]) => s);
export const destinationNamespaces = (plan: Obj): string[] =>
  namespaceMapping(plan).map(([, d]) => d);

export interface PvEntry {
  name: string;
  supported: { actions: string[]; copyMethods: string[] };
  selection: { action: string; copyMethod: string; accessMode: string; storageClass: string };
  pvc: { namespace: string; source: string; target: string };
}

// A plan's entries, read once per admission check (World) instead of once per rule: a large compile has
// thousands of PVs in its plans, and half a dozen rules read them (issue 14, allocations).
const pvEntriesRead = new WeakMap<World, Map<Obj, readonly PvEntry[]>>();

/**
 * PVC.GetSourceName / GetTargetName: the pvc name is "source" or "source:target". With `w`, read once per plan
 * for that admission check (the objects do not change while it runs).
 */
export function pvEntries(plan: Obj, w?: World): readonly PvEntry[] {
  if (!w) return readPvEntries(plan);
  let read = pvEntriesRead.get(w);
  if (!read) pvEntriesRead.set(w, (read = new Map<Obj, readonly PvEntry[]>()));
  let entries = read.get(plan);
  if (!entries) read.set(plan, (entries = readPvEntries(plan)));
  return entries;
}

function readPvEntries(plan: Obj): PvEntry[] {
  return list(spec(plan)['persistentVolumes']).map((raw) => {
    const pv = raw as Obj;
    const supported = (pv['supported'] as Obj | undefined) ?? {};
    const selection = (pv['selection'] as Obj | undefined) ?? {};
    const pvc = (pv['pvc'] as Obj | undefined) ?? {};
    const [source = '', target] = str(pvc['name']).split(':');
    return {
      name: str(pv['name']),
      supported: {
        actions: list(supported['actions']).map(str),
        copyMethods: list(supported['copyMethods']).map(str),
      },
      selection: {
        action: str(selection['action']),
        copyMethod: str(selection['copyMethod']),
        accessMode: str(selection['accessMode']),
        storageClass: str(selection['storageClass']),
      },
      pvc: { namespace: str(pvc['namespace']), source, target: target ?? source },
    };
  });
}

/** url.Parse(u).Host, as IsIntraCluster compares it; the host MigCluster has no URL. */
function urlHost(u: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(u);
  return m?.[1] ?? '';
}

/** MigPlan.IsIntraCluster: both MigClusters resolve and their URL hosts are equal. */
export function isIntraCluster(plan: Obj, w: World): boolean {
  const src = w.migCluster(spec(plan)['srcMigClusterRef']);
  const dest = w.migCluster(spec(plan)['destMigClusterRef']);
  if (!src || !dest) return false;
  return urlHost(str(spec(src)['url'])) === urlHost(str(spec(dest)['url']));
}

export type MigrationType = 'namespace' | 'state' | 'storage-conversion' | 'unknown';

/**
 * The migration type mig-controller identifies for a plan before any migration ran
 * (migplan/validation.go validatePossibleMigrationTypes): either indirect flag makes it a namespace
 * migration; an intra-cluster plan with no namespace mapped is a storage conversion, with all mapped a state
 * migration; a cross-cluster plan with a mapped PVC is a state migration. Mixed mappings set no type.
 */
export function migrationType(plan: Obj, w: World): MigrationType {
  const s = spec(plan);
  if (s['indirectImageMigration'] === true || s['indirectVolumeMigration'] === true) {
    return 'namespace';
  }
  const mapping = namespaceMapping(plan);
  const mapped = mapping.filter(([a, b]) => a !== b).length;
  if (isIntraCluster(plan, w)) {
    if (mapped === 0) return 'storage-conversion';
    if (mapped === mapping.length) return 'state';
    return 'unknown';
  }
  if (pvEntries(plan, w).some((pv) => pv.pvc.source !== pv.pvc.target)) return 'state';
  return 'namespace';
}

/**
 * Whether a PVC of the plan is mapped to another name once the controller has reconciled it: a storage
 * conversion plan always is (pvlist.go getMappedNameForPVC adds "-mig-<suffix>").
 */
export function hasMappedPvc(plan: Obj, w: World): boolean {
  const pvs = pvEntries(plan, w);
  return (
    (migrationType(plan, w) === 'storage-conversion' && pvs.length > 0) ||
    pvs.some((pv) => pv.pvc.source !== pv.pvc.target)
  );
}

/**
 * The registry path MigCluster.GetRegistryPath finds: a set exposedRegistryPath (the part after "//" when it splits
 * in exactly two, else all of it, less trailing "/"), else the host's internal one; a remote cluster has none.
 */
export function hasRegistryPath(cluster: Obj): boolean {
  const s = spec(cluster);
  const exposed = str(s['exposedRegistryPath']);
  if (!exposed) return s['isHostCluster'] === true;
  const parts = exposed.split('//');
  return (parts.length === 2 ? (parts[1] ?? '') : exposed).replace(/\/+$/, '') !== '';
}

export function planOf(migration: Obj, w: World): Obj | undefined {
  const ref = asRef(spec(migration)['migPlanRef']);
  return ref ? w.find('MigPlan', ref.namespace, ref.name) : undefined;
}
