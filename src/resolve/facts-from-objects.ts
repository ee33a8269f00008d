import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { pushAll } from '../util/arrays.js';
import { arr, byName, cmp, isDict, obj, str, type Dict } from '../util/objects.js';
import type {
  BindingFact,
  ClusterFacts,
  EgressFact,
  ImageStreamFact,
  NamespaceFact,
  NetworkPolicyFact,
  ObjectKey,
  OlmFact,
  OwnerRef,
  PodFact,
  WorkloadFact,
  WorkloadKind,
  PolicyRule,
  PvFact,
  PvSourceType,
  PvcFact,
  RoleFact,
  SccFact,
  ServiceFact,
  StorageClassFact,
} from './cluster-facts.js';
import { emptyFacts, workloadKinds } from './cluster-facts.js';
import { isDiscoveryDocument, servedApisFrom } from './discovery.js';

/** The namespaced objects a reader read, as the compatibility check lists them. */
export interface NamespacedObjects {
  /** The objects of one API group and kind in the given namespaces, sorted by namespace and name. */
  list(
    group: string,
    kind: string,
    namespaces: ReadonlySet<string>,
  ): { namespace: string; name: string }[];
}

/** OLM's kinds (operators.coreos.com), read for the compatibility check. */
const olmKinds: ReadonlySet<string> = new Set([
  'Subscription',
  'ClusterServiceVersion',
  'OperatorGroup',
]);

export type KubeObject = Record<string, unknown>;

const strMap = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (!isDict(v)) return out;
  // for-in, not Object.entries: no pair arrays per label of every object (JSON objects have no inherited keys).
  for (const k in v) {
    const val = v[k];
    if (typeof val === 'string') out[k] = val;
  }
  return out;
};
const isString = (x: unknown): x is string => typeof x === 'string';
/**
 * The strings of a list. A parsed list of strings only (nearly every one) is returned as it is: it is a fresh
 * array of its exact length, where a filtered copy would be a new array with room for 17.
 */
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? (v.every(isString) ? v : v.filter(isString)) : [];

/**
 * One copy of each repeated string value. JSON.parse makes a new string for every value of every object, and
 * the facts keep what they read: 20,000 pods kept 20,000 copies of their namespace, phase, service account and
 * owner kind, each copied again by every young-generation collection it lived through (issue 14: the
 * collector took nearly twice the share of a large compile's time that it takes of reading the input alone).
 * Values that repeat across objects go through it; names, which do not, are kept as read.
 */
type Intern = (s: string) => string;

function createIntern(): Intern {
  const known = new Map<string, string>();
  return (s) => {
    const k = known.get(s);
    if (k !== undefined) return k;
    known.set(s, s);
    return s;
  };
}

/** A string value, interned; undefined when it is not a string. */
const istr = (v: unknown, intern: Intern): string | undefined =>
  typeof v === 'string' ? intern(v) : undefined;

/** The strings of a list, interned (access modes), in a new array of their exact length. */
const istrs = (v: unknown, intern: Intern): string[] => strs(v).map(intern);

/**
 * Appends to a list a fact is building, made on the first value: a one-value list (most of them) is then an
 * array of length one, where pushing onto `[]` would leave room for 17 in every fact that keeps it.
 */
function append<T>(list: T[] | undefined, value: T): T[] {
  if (list === undefined) return [value];
  list.push(value);
  return list;
}

/** The one empty list and mapping every fact without one shares (the facts' types make them read-only). */
const NONE: readonly never[] = Object.freeze([]);
const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/** A label or selector mapping, or the shared empty one. */
const strMapOrNone = (v: unknown): Readonly<Record<string, string>> => {
  if (!isDict(v)) return NO_LABELS;
  for (const _ in v) return strMap(v);
  return NO_LABELS;
};

/**
 * The objects in parsed documents, Lists spread into their items (what `oc get -o yaml` writes); items of a typed
 * list (`PodList`) get the list's kind. Non-objects are skipped: FactsReader is the reader that reports them.
 * Walks with an explicit stack, so no nesting depth or item count can overflow the call stack.
 */
export function flattenLists(value: unknown, out: KubeObject[] = []): KubeObject[] {
  const stack: { v: unknown; kind?: string; apiVersion?: string; depth: number }[] = [
    { v: value, depth: 0 },
  ];
  while (stack.length > 0) {
    const { v, kind, apiVersion, depth } = stack.pop() as (typeof stack)[number];
    if (depth > MAX_LIST_NESTING + 1) continue;
    if (Array.isArray(v) || isList(v)) {
      const items = Array.isArray(v) ? v : (v as Dict)['items'];
      if (!Array.isArray(items)) continue;
      const listKind = Array.isArray(v) ? undefined : str((v as Dict)['kind']);
      const entry = (item: unknown): (typeof stack)[number] => {
        const e: (typeof stack)[number] = { v: item, depth: depth + 1 };
        if (listKind !== undefined && listKind !== 'List') e.kind = listKind.slice(0, -4);
        const api = Array.isArray(v) ? undefined : str((v as Dict)['apiVersion']);
        if (api !== undefined) e.apiVersion = api;
        return e;
      };
      for (let i = items.length - 1; i >= 0; i--) stack.push(entry(items[i]));
      continue;
    }
    if (!isDict(v)) continue;
    if (typeof v['kind'] === 'string') out.push(v);
    else if (kind !== undefined)
      out.push({ ...(apiVersion !== undefined ? { apiVersion } : {}), kind, ...v });
  }
  return out;
}

/** Kinds the planner reads, by kind name; everything else is ignored. */
export const knownKinds = [
  'Namespace',
  'Project',
  'Pod',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'StorageClass',
  'ServiceAccount',
  'SecurityContextConstraints',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'NetworkPolicy',
  'EgressNetworkPolicy',
  'EgressFirewall',
  'ImageStream',
  'Route',
  'ClusterVersion',
  'Network',
  'Service',
  ...workloadKinds,
] as const;
type KnownKind = (typeof knownKinds)[number];

/**
 * Kinds whose objects decide what data moves: one that cannot be read is an error, since leaving it out would
 * plan a migration that leaves its volume (or namespace) behind. A malformed object of another kind is a warning.
 */
const carriesData: ReadonlySet<string> = new Set([
  'Namespace',
  'Project',
  'PersistentVolumeClaim',
  'PersistentVolume',
]);
const namespaced: ReadonlySet<string> = new Set([
  'Pod',
  'PersistentVolumeClaim',
  'ServiceAccount',
  'Role',
  'RoleBinding',
  'NetworkPolicy',
  'EgressNetworkPolicy',
  'EgressFirewall',
  'ImageStream',
  'Route',
  'Service',
  ...workloadKinds,
]);
/** Kinds whose object (or spec) is kept whole and re-emitted by recursive writers, so its depth is bounded. */
const keptWhole: ReadonlySet<string> = new Set([
  'SecurityContextConstraints',
  'NetworkPolicy',
  'EgressNetworkPolicy',
  'EgressFirewall',
]);
const knownKindSet: ReadonlySet<string> = new Set(knownKinds);
const isKnownKind = (k: string): k is KnownKind => knownKindSet.has(k);
/** js-yaml's own limit (maxDepth 100), applied to JSON too, so both formats accept the same objects. */
export const MAX_OBJECT_DEPTH = 100;
/** Lists inside Lists (or arrays of arrays) deeper than this are not something kubectl writes. */
const MAX_LIST_NESTING = 8;
/** Conflicting duplicates reported one by one between two files; the rest are counted. */
const MAX_CONFLICTS_PER_PAIR = 20;

/** The key of an API group's kind in the reader's tables (a kind name has no slash, so keys never collide). */
const kindKeyOf = (group: string, kind: string): string =>
  group === '' ? kind : `${group}/${kind}`;

/** Where an object sits in a file: its document and its item path through (nested) Lists. */
export interface ObjectPlace {
  file?: string;
  document: number;
  items: readonly number[];
  /** The file holds more than one document, so places name the document. */
  multi: boolean;
}

/**
 * The place of item `index` of the List a one-document file holds: what listItemReader gives each item. One small
 * object per item, kept with it in the identity table, where a literal place and its `items` array were two.
 */
class ListItemPlace implements ObjectPlace {
  constructor(
    readonly file: string,
    private readonly index: number,
  ) {}
  get document(): number {
    return 0;
  }
  get multi(): boolean {
    return false;
  }
  get items(): readonly number[] {
    return [this.index];
  }
}

/** Finds the line of a document or List item, for the few objects a diagnostic is about. */
export type Locate = (
  document: number,
  items: readonly number[],
) => { line: number; col: number } | undefined;

interface Seen {
  place: ObjectPlace;
  uid: string | undefined;
  fact: unknown;
}

/** One note per pair of files (or one file) that repeat objects, not one per object. */
interface Repeats {
  count: number;
  first: string;
  here: ObjectPlace;
  there: ObjectPlace;
}

interface Conflicts {
  count: number;
  here: ObjectPlace;
  there: ObjectPlace;
}

/**
 * Reads raw objects into ClusterFacts, checking every item as it goes: anything in a snapshot that is not a
 * well-formed object of a kind we read is a located diagnostic (never dropped silently), and an object seen twice
 * (same API group, kind, namespace and name) is read once when both copies say the same, and an error naming both
 * files when they do not. One reader serves every file of a cluster, so duplicates are found across files; the
 * identity table is one Map lookup per object.
 */
export class FactsReader {
  private readonly f: ClusterFacts;
  private readonly nsSeen = new Set<string>();
  /**
   * Objects read so far by API group and kind, namespace and name: nested maps keyed by the strings the object
   * already holds, so recording one builds no key string (this is per object of every snapshot).
   */
  private readonly seen = new Map<string, Map<string, Map<string, Seen>>>();
  private readonly repeats = new Map<string, Repeats>();
  private readonly conflicts = new Map<string, Conflicts>();
  private readonly diagnostics: Diagnostic[] = [];
  private readonly discovery: unknown[] = [];
  private readonly crds = new Set<string>();
  private crdsListed = false;
  /**
   * Names of the namespaced objects of kinds the planner does not read (and of metadata-only lists), keyed like
   * `seen`: group/kind, namespace. Objects of kinds it reads are listed from `seen` itself.
   */
  private readonly others = new Map<string, Map<string, Set<string>>>();
  private readonly intern = createIntern();

  constructor(cluster: string) {
    this.f = emptyFacts(cluster);
  }

  /**
   * Reads the parsed documents of one file. Documents may be objects, Lists (`kind: List` or typed `PodList`,
   * whose kind-less items take the list's kind, as the API serves them) or arrays of objects; null documents
   * (empty `---` sections) are skipped.
   */
  addDocuments(documents: readonly unknown[], file: string, locate?: Locate): void {
    const multi = documents.length > 1;
    documents.forEach((doc, d) => {
      if (doc === null || doc === undefined) return;
      this.addValue(doc, { file, document: d, items: [], multi }, locate);
    });
  }

  /**
   * What reads the items of one List document (the only document of its file) as they arrive, item `index` of
   * the List each time, in order, as addDocuments([list]) would read them with `items` holding them: the same
   * places, checks and findings. Items parsed one by one are dropped once read, instead of the whole file's
   * objects staying alive while facts are extracted. Undefined, having read nothing, when `envelope` (the List
   * without its items) is not a List.
   */
  listItemReader(
    envelope: unknown,
    file: string,
    locate?: Locate,
  ): ((item: unknown, index: number) => void) | undefined {
    if (!isDict(envelope) || !isList({ ...envelope, items: [] })) return undefined;
    if (this.countsOnly(str(envelope['kind']))) return (item) => this.addCounted(item);
    const { listKind, listApi } = listOf(envelope);
    return (item, index) =>
      this.addValue(item, new ListItemPlace(file, index), locate, listKind, listApi);
  }

  /**
   * What a List's kind says before its items are read. A CRD list records that the CRDs were listed, even when
   * empty (migplan snapshot writes one). True for a metadata-only list (migplan snapshot's record of the kinds
   * the planner does not read): its items are counted for the compatibility check and never become planner
   * facts, whatever their kind.
   */
  private countsOnly(listKind: string | undefined): boolean {
    if (listKind === 'CustomResourceDefinitionList') this.crdsListed = true;
    return listKind === 'PartialObjectMetadataList';
  }

  /** Reads objects that need no location (an API server's lists); the same checks apply. */
  addObjects(objects: Iterable<KubeObject>): void {
    let i = 0;
    for (const o of objects) this.addValue(o, { document: 0, items: [i++], multi: false });
  }

  /** The facts (sorted) and every finding: malformed items, repeated and conflicting objects. */
  finish(): { facts: ClusterFacts; diagnostics: Diagnostic[] } {
    for (const r of this.repeats.values()) {
      const where =
        r.here.file === r.there.file ? 'earlier in this file' : `of ${r.there.file ?? ''}`;
      this.diagnostics.push(
        diag(
          'MP3030',
          `${r.count} object(s) repeat objects ${where} with the same content (first: ${r.first}, ${placeText(r.here)}); each is read once`,
          fileOf(r.here),
        ),
      );
    }
    for (const c of this.conflicts.values()) {
      if (c.count <= MAX_CONFLICTS_PER_PAIR) continue;
      const where = c.here.file === c.there.file ? 'in this file' : `with ${c.there.file ?? ''}`;
      this.diagnostics.push(
        diag(
          'MP3031',
          `${c.count - MAX_CONFLICTS_PER_PAIR} more conflicting duplicate(s) ${where} are not listed`,
          fileOf(c.here),
        ),
      );
    }
    const apis = servedApisFrom(this.discovery);
    if (apis) this.f.apis = apis;
    if (this.crdsListed || this.crds.size > 0) this.f.crds = [...this.crds].sort();
    return { facts: sortFacts(this.f), diagnostics: this.diagnostics };
  }

  /** Every namespaced object read (a snapshot's), for the compatibility check. */
  namespacedObjects(): NamespacedObjects {
    return {
      list: (group, kind, namespaces) => {
        const key = kindKeyOf(group, kind);
        const read = this.seen.get(key);
        const other = this.others.get(key);
        const out: { namespace: string; name: string }[] = [];
        for (const namespace of [...namespaces].sort()) {
          if (namespace === '') continue; // cluster-scoped objects are recorded under ''
          const names = new Set([
            ...(read?.get(namespace)?.keys() ?? []),
            ...(other?.get(namespace) ?? []),
          ]);
          for (const name of [...names].sort()) out.push({ namespace, name });
        }
        return out;
      },
    };
  }

  /** Records the name of a namespaced object of a kind the planner does not read. */
  private addOtherName(group: string, kind: string, namespace: string, name: string): void {
    const key = kindKeyOf(group, kind);
    let ofKind = this.others.get(key);
    if (ofKind === undefined) this.others.set(key, (ofKind = new Map<string, Set<string>>()));
    let names = ofKind.get(namespace);
    if (names === undefined) ofKind.set(namespace, (names = new Set<string>()));
    names.add(name);
  }

  /** One document or List item; Lists and arrays are walked with an explicit stack (no recursion). */
  private addValue(
    value: unknown,
    place: ObjectPlace,
    locate?: Locate,
    listKind?: string,
    listApi?: string,
  ): void {
    // Nearly every value is one object (a List item): read it without the walk's stack.
    if (isDict(value) && !isList(value)) {
      this.addObject(value, place, locate, listKind, listApi);
      return;
    }
    // listKind/listApi: what a typed list (PodList) gives its kind-less items.
    const stack: {
      value: unknown;
      place: ObjectPlace;
      listKind: string | undefined;
      listApi: string | undefined;
    }[] = [{ value, place, listKind, listApi }];
    while (stack.length > 0) {
      const top = stack.pop() as (typeof stack)[number];
      const v = top.value;
      const inList = top.place.items.length > 0;
      if (Array.isArray(v) || isList(v)) {
        if (top.place.items.length >= MAX_LIST_NESTING) {
          this.malformed(
            top.place,
            locate,
            undefined,
            `Lists nested more than ${MAX_LIST_NESTING} deep`,
          );
          continue;
        }
        const o = v as Dict;
        const items = Array.isArray(v) ? v : o['items'];
        if (items === undefined || items === null) continue; // an empty List (Go writes a nil slice as null)
        if (!Array.isArray(items)) {
          this.malformed(
            top.place,
            locate,
            str(o['kind']),
            `items is ${typeWords(items)}, not a list`,
          );
          continue;
        }
        const kind = Array.isArray(v) ? undefined : str(o['kind']);
        if (this.countsOnly(kind)) {
          for (const item of items) this.addCounted(item);
          continue;
        }
        const { listKind, listApi } = Array.isArray(v)
          ? { listKind: undefined, listApi: undefined }
          : listOf(o);
        // Pushed in reverse so items are read in file order.
        for (let i = items.length - 1; i >= 0; i--) {
          stack.push({
            value: items[i],
            // Field by field: a ListItemPlace's document and multi are not its own properties.
            place: {
              ...(top.place.file !== undefined ? { file: top.place.file } : {}),
              document: top.place.document,
              items: [...top.place.items, i],
              multi: top.place.multi,
            },
            listKind,
            listApi,
          });
        }
        continue;
      }
      if (v === null || typeof v !== 'object') {
        const what = inList
          ? `${typeWords(v)}, not an object`
          : `${typeWords(v)}, not a Kubernetes object`;
        this.malformed(top.place, locate, top.listKind, what);
        continue;
      }
      this.addObject(v as Dict, top.place, locate, top.listKind, top.listApi);
    }
  }

  private addObject(
    o: Dict,
    place: ObjectPlace,
    locate: Locate | undefined,
    listKind: string | undefined,
    listApi: string | undefined,
  ): void {
    const rawKind = o['kind'] ?? listKind;
    if (typeof rawKind !== 'string' || rawKind === '') {
      const why =
        rawKind === undefined ? 'no kind' : `kind is ${typeWords(rawKind)}, not a kind name`;
      this.malformed(place, locate, undefined, why);
      return;
    }
    if (!isKnownKind(rawKind)) {
      this.addOther(o, rawKind, listApi);
      return;
    }
    const kind = rawKind;
    const problem = malformation(o, kind);
    if (problem !== undefined) {
      this.malformed(place, locate, kind, problem);
      return;
    }
    const meta = o['metadata'] as Dict;
    const name = meta['name'] as string;
    // A cluster-scoped object has no namespace; the API server clears a stray one
    // (k8s.io/apiserver pkg/registry/rest/create.go BeforeCreate sets NamespaceNone when not NamespaceScoped).
    const namespace = namespaced.has(kind) ? this.intern(meta['namespace'] as string) : '';
    const apiVersion = str(o['apiVersion']) ?? listApi ?? '';
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const fact = factOf(kind, o, apiVersion, namespace, name, meta, this.intern);
    const kindKey = kindKeyOf(group, kind);
    let ofKind = this.seen.get(kindKey);
    if (ofKind === undefined)
      this.seen.set(kindKey, (ofKind = new Map<string, Map<string, Seen>>()));
    let inNamespace = ofKind.get(namespace);
    if (inNamespace === undefined) ofKind.set(namespace, (inNamespace = new Map<string, Seen>()));
    const uid = str(meta['uid']);
    const before = inNamespace.get(name);
    if (before === undefined) {
      inNamespace.set(name, { place, uid, fact });
      this.commit(kind, fact, name);
      return;
    }
    const label = `${kind} "${namespace ? `${namespace}/` : ''}${name}"`;
    const difference =
      before.uid !== undefined && uid !== undefined && before.uid !== uid
        ? 'a different metadata.uid (two objects recorded under one name)'
        : describeDifference(fact, before.fact);
    const pair = `${before.place.file ?? ''}\u0000${place.file ?? ''}`;
    if (difference === undefined) {
      const r = this.repeats.get(pair);
      if (r) r.count++;
      else this.repeats.set(pair, { count: 1, first: label, here: place, there: before.place });
      return;
    }
    const c = this.conflicts.get(pair) ?? { count: 0, here: place, there: before.place };
    this.conflicts.set(pair, c);
    if (++c.count > MAX_CONFLICTS_PER_PAIR) return;
    const thereAt =
      before.place.file === place.file
        ? locate?.(before.place.document, before.place.items)
        : undefined;
    // Objects from an API server have no file: the other copy is then in "the input", not "this file".
    const thereFile =
      before.place.file === undefined
        ? 'the input'
        : before.place.file === place.file
          ? 'this file'
          : before.place.file;
    const there = `${thereFile} (${placeText(before.place)}${thereAt ? `, line ${thereAt.line}` : ''})`;
    const d = diag(
      'MP3031',
      `${label} (${placeText(place)}) is also in ${there} with ${difference}; keep one copy`,
      located(place, locate),
    );
    d.related = [
      { message: `the other copy of ${label}`, ...fileOf(before.place), ...(thereAt ?? {}) },
    ];
    this.diagnostics.push(d);
  }

  /**
   * Kinds the planner does not read: discovery documents, CRD names, OLM objects (not the copies OLM puts
   * in every namespace, marked olm.copiedFrom), and the name of every other namespaced object.
   */
  private addOther(o: Dict, kind: string, listApi: string | undefined): void {
    if (isDiscoveryDocument(o)) {
      this.discovery.push(o);
      return;
    }
    const meta = obj(o['metadata']);
    const name = str(meta['name']);
    if (!name) return;
    const apiVersion = str(o['apiVersion']) ?? listApi ?? '';
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    if (kind === 'CustomResourceDefinition' && group === 'apiextensions.k8s.io') {
      this.crds.add(name);
      return;
    }
    const namespace = str(meta['namespace']);
    if (namespace === undefined) return;
    if (group === 'operators.coreos.com' && olmKinds.has(kind)) {
      if (strMap(meta['labels'])['olm.copiedFrom'] !== undefined) return;
      this.f.olm.push(olmFact(kind as OlmFact['kind'], namespace, name, o));
      return;
    }
    this.addOtherName(group, kind, namespace, name);
  }

  /** One item of a metadata-only list: counted, never read as a fact. */
  private addCounted(item: unknown): void {
    if (!isDict(item)) return;
    const meta = obj(item['metadata']);
    const name = str(meta['name']);
    const namespace = str(meta['namespace']);
    const kind = str(item['kind']);
    const apiVersion = str(item['apiVersion']) ?? '';
    if (!name || !namespace || !kind) return;
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    this.addOtherName(group, kind, namespace, name);
  }

  private malformed(
    place: ObjectPlace,
    locate: Locate | undefined,
    kind: string | undefined,
    problem: string,
  ): void {
    const where = placeText(place);
    const what = kind !== undefined ? `${where} (${kind})` : where;
    const error = kind === undefined || !isKnownKind(kind) || carriesData.has(kind);
    this.diagnostics.push(
      diag(error ? 'MP3032' : 'MP3033', `${what}: ${problem}`, located(place, locate)),
    );
  }

  private commit(kind: KnownKind, fact: unknown, name: string): void {
    const f = this.f;
    switch (kind) {
      case 'Namespace':
      case 'Project':
        // A Project is the OpenShift view of its Namespace: the first of the two read stands for both.
        if (this.nsSeen.has(name)) break;
        this.nsSeen.add(name);
        f.namespaces.push(fact as NamespaceFact);
        break;
      case 'Pod':
        f.pods.push(fact as PodFact);
        break;
      case 'PersistentVolumeClaim':
        f.pvcs.push(fact as PvcFact);
        break;
      case 'PersistentVolume':
        f.pvs.push(fact as PvFact);
        break;
      case 'StorageClass':
        f.storageClasses.push(fact as StorageClassFact);
        break;
      case 'ServiceAccount':
        f.serviceAccounts.push(fact as ObjectKey);
        break;
      case 'SecurityContextConstraints':
        f.sccs.push(fact as SccFact);
        break;
      case 'Role':
      case 'ClusterRole':
        f.roles.push(fact as RoleFact);
        break;
      case 'RoleBinding':
      case 'ClusterRoleBinding':
        f.bindings.push(fact as BindingFact);
        break;
      case 'NetworkPolicy':
        f.networkPolicies.push(fact as NetworkPolicyFact);
        break;
      case 'EgressNetworkPolicy':
        f.egressNetworkPolicies.push(fact as EgressFact);
        break;
      case 'EgressFirewall':
        f.egressFirewalls.push(fact as EgressFact);
        break;
      case 'ImageStream':
        f.imageStreams.push(fact as ImageStreamFact);
        break;
      case 'Service':
        (f.services ??= []).push(fact as ServiceFact);
        break;
      case 'Route':
        setIfDefined(f, 'registryRoute', fact as string | undefined);
        break;
      case 'ClusterVersion':
        setIfDefined(f, 'version', fact as string | undefined);
        break;
      case 'Network': {
        const network = fact as { networkType?: string; cniMigration?: string } | undefined;
        setIfDefined(f, 'networkType', network?.networkType);
        setIfDefined(f, 'cniMigration', network?.cniMigration);
        break;
      }
      default:
        f.workloads.push(fact as WorkloadFact);
    }
  }
}

/** What the planner reads of one object: a fact record, or the value a singleton kind sets. */
function factOf(
  kind: KnownKind,
  o: Dict,
  apiVersion: string,
  namespace: string,
  name: string,
  meta: Dict,
  intern: Intern,
): unknown {
  const spec = obj(o['spec']);
  const status = obj(o['status']);
  switch (kind) {
    case 'Namespace':
    case 'Project':
      return { name, labels: strMap(meta['labels']), annotations: strMap(meta['annotations']) };
    case 'Pod':
      return podFact(namespace, name, meta, spec, status, intern);
    case 'PersistentVolumeClaim':
      return pvcFact(namespace, name, meta, spec, status, intern);
    case 'PersistentVolume':
      return pvFact(name, meta, spec, status, intern);
    case 'StorageClass': {
      const ann = strMap(meta['annotations']);
      const isDefault =
        ann['storageclass.kubernetes.io/is-default-class'] === 'true' ||
        ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
      return { name, provisioner: str(o['provisioner']) ?? '', isDefault };
    }
    case 'ServiceAccount':
      return { namespace, name };
    case 'SecurityContextConstraints':
      return {
        name,
        users: strs(o['users']),
        groups: strs(o['groups']),
        object: stripServerFields(o),
      };
    case 'Role':
    case 'ClusterRole':
      return roleFact(kind, namespace, name, o);
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return bindingFact(kind, namespace, name, o, intern);
    case 'NetworkPolicy':
      return { namespace, name, spec };
    case 'EgressNetworkPolicy':
    case 'EgressFirewall':
      return { kind, namespace, name, object: stripServerFields(o) };
    case 'ImageStream':
      return imageStreamFact(namespace, name, status);
    case 'Service': {
      const fact: ServiceFact = { namespace, name, type: str(spec['type']) ?? 'ClusterIP' };
      const externalName = str(spec['externalName']);
      if (externalName !== undefined) fact.externalName = externalName;
      return fact;
    }
    case 'Route':
      return isRegistryRoute(namespace, name) ? str(spec['host']) : undefined;
    case 'ClusterVersion':
      return clusterVersion(status);
    case 'Network':
      return apiVersion.startsWith('config.openshift.io/') && name === 'cluster'
        ? networkFact(meta, spec, status)
        : undefined;
    default:
      return workloadFact(kind, apiVersion, namespace, name, meta, spec, intern);
  }
}

/**
 * The pod template's claims, where mig-controller's ListTemplatePods finds them
 * (migtools/mig-controller pkg/pods/template.go): spec.template for most kinds,
 * spec.jobTemplate.spec.template for a CronJob, and for a VirtualMachine the PVC and DataVolume volumes
 * of spec.template.
 */
function workloadFact(
  kind: WorkloadKind,
  apiVersion: string,
  namespace: string,
  name: string,
  meta: Dict,
  spec: Dict,
  intern: Intern,
): WorkloadFact {
  const template =
    kind === 'CronJob'
      ? obj(obj(obj(spec['jobTemplate'])['spec'])['template'])
      : obj(spec['template']);
  let claimNames: string[] | undefined;
  for (const item of arr(obj(template['spec'])['volumes'])) {
    const v = obj(item);
    const claim =
      str(obj(v['persistentVolumeClaim'])['claimName']) ??
      (kind === 'VirtualMachine' ? str(obj(v['dataVolume'])['name']) : undefined);
    if (claim) claimNames = append(claimNames, claim);
  }
  return {
    kind,
    apiVersion: intern(apiVersion),
    namespace,
    name,
    hasTemplate:
      (kind !== 'DeploymentConfig' && kind !== 'ReplicationController') || isDict(spec['template']),
    claimNames: claimNames ?? NONE,
    owners: ownerRefs(meta, intern),
  };
}

/** A typed list (PodList) from the API leaves kind and apiVersion off its items: what they take from it. */
function listOf(list: Dict): { listKind: string | undefined; listApi: string | undefined } {
  const kind = str(list['kind']);
  return {
    listKind: kind !== undefined && kind !== 'List' ? kind.slice(0, -4) : undefined,
    listApi: str(list['apiVersion']),
  };
}

/**
 * A List to walk: `kind: List`, a typed list of a kind we read (`PodList`), or any other `...List` whose items
 * are a list. Another `...List` without a list of items is just an object of an unknown kind.
 */
const isList = (v: unknown): boolean => {
  if (!isDict(v)) return false;
  const kind = v['kind'];
  if (typeof kind !== 'string' || !kind.endsWith('List')) return false;
  return kind === 'List' || isKnownKind(kind.slice(0, -4)) || Array.isArray(v['items']);
};

/** Why an object of a kind we read cannot be read, or undefined when it is well formed. */
function malformation(o: Dict, kind: KnownKind): string | undefined {
  const meta = o['metadata'];
  if (meta === undefined || meta === null) return 'no metadata';
  if (!isDict(meta)) return `metadata is ${typeWords(meta)}, not a mapping`;
  const name = meta['name'];
  if (name === undefined || name === null) return 'no metadata.name';
  if (typeof name !== 'string' || name === '')
    return `metadata.name is ${typeWords(name)}, not a name`;
  if (namespaced.has(kind)) {
    const ns = meta['namespace'];
    if (ns === undefined || ns === null) return `no metadata.namespace (${kind} is namespaced)`;
    if (typeof ns !== 'string' || ns === '')
      return `metadata.namespace is ${typeWords(ns)}, not a name`;
  }
  if (meta['uid'] !== undefined && typeof meta['uid'] !== 'string')
    return `metadata.uid is ${typeWords(meta['uid'])}, not a string`;
  for (const field of ['spec', 'status']) {
    const v = o[field];
    if (v !== undefined && v !== null && !isDict(v))
      return `${field} is ${typeWords(v)}, not a mapping`;
  }
  if (keptWhole.has(kind) && deeperThan(o, MAX_OBJECT_DEPTH))
    return `nested more than ${MAX_OBJECT_DEPTH} levels deep`;
  return undefined;
}

/** Whether a value nests deeper than `max`; iterative, so any depth is safe to ask about. */
export function deeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v as Dict)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** A value's type in words; never the value itself (it may be anything, including a secret). */
function typeWords(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (v === '') return 'an empty string';
  return `a ${typeof v}`;
}

/** "item 4 of the List", "document 2, item 4 of the List", "document 2", or "the object". */
function placeText(p: ObjectPlace): string {
  const doc = p.multi ? `document ${p.document + 1}` : '';
  const items = p.items.map((i) => `item ${i + 1}`).join(' > ');
  if (!items) return doc || 'the object';
  return `${doc ? `${doc}, ` : ''}${items} of the List`;
}

function located(
  p: ObjectPlace,
  locate: Locate | undefined,
): { file?: string; line?: number; col?: number } {
  const at = locate?.(p.document, p.items);
  return { ...(p.file !== undefined ? { file: p.file } : {}), ...(at ?? {}) };
}

/** The first field two facts differ in, as `a different F: X here, Y there`, or undefined when equal. */
function describeDifference(here: unknown, there: unknown): string | undefined {
  if (deepEqual(here, there)) return undefined;
  if (isDict(here) && isDict(there)) {
    const keys = [...new Set([...Object.keys(here), ...Object.keys(there)])].sort();
    for (const k of keys) {
      if (!deepEqual(here[k], there[k]))
        return `a different ${k}: ${short(here[k])} here, ${short(there[k])} there`;
    }
  }
  return `different content: ${short(here)} here, ${short(there)} there`;
}

const fileOf = (p: ObjectPlace): { file?: string } =>
  p.file !== undefined ? { file: p.file } : {};

const short = (v: unknown): string => {
  const s = v === undefined ? 'unset' : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ak = Object.keys(a).filter((k) => (a as Dict)[k] !== undefined);
  const bk = Object.keys(b).filter((k) => (b as Dict)[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => deepEqual((a as Dict)[k], (b as Dict)[k]));
}

/**
 * Builds ClusterFacts from raw objects in any order. Pure: the snapshot and live readers both feed it,
 * which is what keeps `--from live` and `--from snapshot` byte-identical. Objects from an API server are
 * well formed; use FactsReader directly to get the findings about malformed or repeated objects.
 */
export function factsFromObjects(cluster: string, objects: Iterable<KubeObject>): ClusterFacts {
  const reader = new FactsReader(cluster);
  reader.addObjects(objects);
  return reader.finish().facts;
}

function olmFact(kind: OlmFact['kind'], namespace: string, name: string, o: Dict): OlmFact {
  const spec = obj(o['spec']);
  const fact: OlmFact = { kind, namespace, name, ownedCrds: [] };
  if (kind === 'Subscription') {
    const set = (key: 'packageName' | 'channel' | 'catalogSource' | 'installedCsv', v: unknown) => {
      if (typeof v === 'string' && v) fact[key] = v;
    };
    set('packageName', spec['name']);
    set('channel', spec['channel']);
    set('catalogSource', spec['source']);
    set('installedCsv', obj(o['status'])['installedCSV']);
  }
  if (kind === 'ClusterServiceVersion')
    fact.ownedCrds = arr(obj(spec['customresourcedefinitions'])['owned'])
      .map((c) => str(obj(c)['name']))
      .filter((n): n is string => n !== undefined)
      .sort();
  return fact;
}

/**
 * The config Network's CNI, and whether a CNI migration is under way: the live-migration annotation or
 * condition (cluster-network-operator release-4.16 pkg/controller/clusterconfig), or a spec.networkType the
 * cluster does not run yet (the offline procedure between its networkType patch and the reboots).
 */
function networkFact(
  meta: Dict,
  spec: Dict,
  status: Dict,
): { networkType?: string; cniMigration?: string } {
  const running = str(status['networkType']);
  const wanted = str(spec['networkType']);
  const networkType = running ?? wanted;
  const inProgress = arr(status['conditions']).some(
    (c) => obj(c)['type'] === 'NetworkTypeMigrationInProgress' && obj(c)['status'] === 'True',
  );
  const cniMigration =
    strMap(meta['annotations'])['network.openshift.io/network-type-migration'] !== undefined ||
    inProgress
      ? `in a live CNI migration to ${wanted ?? 'another CNI'}`
      : running !== undefined && wanted !== undefined && running !== wanted
        ? `moving its CNI from ${running} to ${wanted}`
        : undefined;
  return {
    ...(networkType !== undefined ? { networkType } : {}),
    ...(cniMigration !== undefined ? { cniMigration } : {}),
  };
}

function setIfDefined(
  f: ClusterFacts,
  key: 'registryRoute' | 'version' | 'networkType' | 'cniMigration',
  value: string | undefined,
): void {
  if (value !== undefined) f[key] = value;
}

function podFact(
  namespace: string,
  name: string,
  meta: Dict,
  spec: Dict,
  status: Dict,
  intern: Intern,
): PodFact {
  // Volumes and containers read in one pass each, without intermediate arrays or empty stand-in objects, and
  // lists a pod lacks are the shared empty one: this runs for every pod, and the facts stay in memory.
  const phase = istr(status['phase'], intern) ?? 'Unknown';
  let ready = phase === 'Succeeded';
  if (phase === 'Running') {
    ready = true;
    const statuses = status['containerStatuses'];
    if (Array.isArray(statuses))
      for (const c of statuses) if (isDict(c) && c['ready'] === false) ready = false;
  }
  let claimNames: string[] | undefined;
  let hostPathVolumes: string[] | undefined;
  const volumes = spec['volumes'];
  if (Array.isArray(volumes))
    for (const v of volumes) {
      if (!isDict(v)) continue;
      const source = v['persistentVolumeClaim'];
      const claim = isDict(source) ? str(source['claimName']) : undefined;
      if (claim) claimNames = append(claimNames, claim);
      if (v['hostPath'] !== undefined)
        hostPathVolumes = append(hostPathVolumes, str(v['name']) ?? '');
    }
  const images = pushImages(
    pushImages(undefined, spec['initContainers'], intern),
    spec['containers'],
    intern,
  );
  const fact: PodFact = {
    namespace,
    name,
    phase,
    ready,
    serviceAccountName:
      istr(spec['serviceAccountName'], intern) ?? istr(spec['serviceAccount'], intern) ?? 'default',
    nodeSelector: strMapOrNone(spec['nodeSelector']),
    claimNames: claimNames ?? NONE,
    hostPathVolumes: hostPathVolumes ?? NONE,
    images: images ?? NONE,
    owners: ownerRefs(meta, intern),
  };
  const ownerKind = controllerKind(meta);
  if (ownerKind) fact.ownerKind = intern(ownerKind);
  const scc = str(obj(meta['annotations'])['openshift.io/scc']);
  if (scc) fact.scc = intern(scc);
  return fact;
}

/** Adds the images of a pod's container list, in order, to `images` (made when there is one). */
function pushImages(
  images: string[] | undefined,
  containers: unknown,
  intern: Intern,
): string[] | undefined {
  if (!Array.isArray(containers)) return images;
  for (const c of containers) {
    const image = isDict(c) ? istr(c['image'], intern) : undefined;
    if (image !== undefined) images = append(images, image);
  }
  return images;
}

/**
 * Every owner reference, in order: kind and name (mig-controller reads them all, not only the controller);
 * the shared empty list when there are none. Replicas share their owner, so its name is interned too.
 */
function ownerRefs(meta: Dict, intern: Intern): readonly OwnerRef[] {
  const refs = meta['ownerReferences'];
  if (!Array.isArray(refs) || refs.length === 0) return NONE;
  return refs.map((r) => ({
    apiVersion: istr(obj(r)['apiVersion'], intern) ?? '',
    kind: istr(obj(r)['kind'], intern) ?? '',
    name: istr(obj(r)['name'], intern) ?? '',
  }));
}

/** The kind of the object's controlling owner, if any. */
function controllerKind(meta: Dict): string | undefined {
  for (const r of arr(meta['ownerReferences'])) {
    const ref = obj(r);
    if (ref['controller'] === true) return str(ref['kind']);
  }
  return undefined;
}

/** The storage-class annotation a PV or PVC may carry instead of spec.storageClassName. */
const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';

function pvcFact(
  namespace: string,
  name: string,
  meta: Dict,
  spec: Dict,
  status: Dict,
  intern: Intern,
): PvcFact {
  const fact: PvcFact = {
    namespace,
    name,
    phase: istr(status['phase'], intern) ?? 'Pending',
    accessModes: istrs(spec['accessModes'], intern),
    volumeMode: istr(spec['volumeMode'], intern) ?? 'Filesystem',
    ownedByPvc: controllerKind(meta) === 'PersistentVolumeClaim',
  };
  const volumeName = str(spec['volumeName']);
  if (volumeName) fact.volumeName = volumeName;
  const sc = str(spec['storageClassName']) ?? str(obj(meta['annotations'])[BETA_STORAGE_CLASS]);
  if (sc) fact.storageClassName = intern(sc);
  const requested = str(obj(obj(spec['resources'])['requests'])['storage']);
  if (requested) fact.requested = intern(requested);
  return fact;
}

const pvSourceKeys: [string, PvSourceType][] = [
  ['hostPath', 'hostPath'],
  ['nfs', 'nfs'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['csi', 'csi'],
  ['glusterfs', 'glusterfs'],
  ['local', 'local'],
];

function pvFact(name: string, meta: Dict, spec: Dict, status: Dict, intern: Intern): PvFact {
  const sourceType = pvSourceKeys.find(([k]) => spec[k] !== undefined)?.[1] ?? 'other';
  const fact: PvFact = {
    name,
    phase: istr(status['phase'], intern) ?? 'Unknown',
    sourceType,
    volumeMode: istr(spec['volumeMode'], intern) ?? 'Filesystem',
    accessModes: istrs(spec['accessModes'], intern),
  };
  const capacity = str(obj(spec['capacity'])['storage']);
  if (capacity) fact.capacity = intern(capacity);
  // mig-controller pvlist.go getStorageClassName: spec.storageClassName, else (unset or "") the beta annotation.
  const sc = str(spec['storageClassName']) || str(obj(meta['annotations'])[BETA_STORAGE_CLASS]);
  if (sc) fact.storageClassName = intern(sc);
  const claim = obj(spec['claimRef']);
  const claimName = str(claim['name']);
  if (claimName)
    fact.claimRef = { namespace: istr(claim['namespace'], intern) ?? '', name: claimName };
  const driver = str(obj(spec['csi'])['driver']);
  if (driver) fact.csiDriver = intern(driver);
  return fact;
}

function rules(v: unknown): PolicyRule[] {
  return arr(v)
    .map(obj)
    .map((r) => ({
      apiGroups: strs(r['apiGroups']),
      resources: strs(r['resources']),
      verbs: strs(r['verbs']),
      resourceNames: strs(r['resourceNames']),
    }));
}

function roleFact(
  kind: 'Role' | 'ClusterRole',
  namespace: string,
  name: string,
  o: Dict,
): RoleFact {
  const fact: RoleFact = { kind, name, rules: rules(o['rules']) };
  if (kind === 'Role') fact.namespace = namespace;
  return fact;
}

function bindingFact(
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  namespace: string,
  name: string,
  o: Dict,
  intern: Intern,
): BindingFact {
  // Bindings repeat their role and subjects across namespaces (OpenShift's defaults bind the same roles and
  // service account names in every one): those strings are interned.
  const ref = obj(o['roleRef']);
  const fact: BindingFact = {
    kind,
    name,
    roleRef: {
      kind: istr(ref['kind'], intern) ?? 'ClusterRole',
      name: istr(ref['name'], intern) ?? '',
    },
    subjects: arr(o['subjects']).map((item) => {
      const s = obj(item);
      const ns = str(s['namespace']);
      return ns
        ? {
            kind: istr(s['kind'], intern) ?? '',
            name: istr(s['name'], intern) ?? '',
            namespace: intern(ns),
          }
        : { kind: istr(s['kind'], intern) ?? '', name: istr(s['name'], intern) ?? '' };
    }),
  };
  if (kind === 'RoleBinding') fact.namespace = namespace;
  return fact;
}

function imageStreamFact(namespace: string, name: string, status: Dict): ImageStreamFact {
  // status.dockerImageRepository is the stream's path in this cluster's internal registry.
  const internalRepo = str(status['dockerImageRepository']);
  const internalHost = internalRepo?.split('/')[0];
  const internalTags = arr(status['tags'])
    .map(obj)
    .filter((t) =>
      arr(t['items'])
        .map(obj)
        .some(
          (i) =>
            internalHost !== undefined &&
            (str(i['dockerImageReference']) ?? '').startsWith(`${internalHost}/`),
        ),
    )
    .map((t) => str(t['tag']) ?? '')
    .sort();
  return { namespace, name, internalTags };
}

/** OCP 4 default-route in openshift-image-registry; OCP 3 docker-registry route in default. */
function isRegistryRoute(namespace: string, name: string): boolean {
  return (
    (namespace === 'openshift-image-registry' && name === 'default-route') ||
    (namespace === 'default' && name === 'docker-registry')
  );
}

function clusterVersion(status: Dict): string | undefined {
  const desired = str(obj(status['desired'])['version']);
  if (desired) return desired;
  const completed = arr(status['history'])
    .map(obj)
    .find((h) => h['state'] === 'Completed');
  return str(completed?.['version']);
}

/** Drops fields the server sets, keeping what is needed to re-create the object. */
export function stripServerFields(o: Dict): Dict {
  const { status: _status, ...rest } = o;
  const meta = { ...obj(rest['metadata']) };
  for (const k of [
    'uid',
    'resourceVersion',
    'generation',
    'creationTimestamp',
    'managedFields',
    'selfLink',
    'ownerReferences',
  ])
    delete meta[k];
  const ann = { ...strMap(meta['annotations']) };
  delete ann['kubectl.kubernetes.io/last-applied-configuration'];
  if (Object.keys(ann).length) meta['annotations'] = ann;
  else delete meta['annotations'];
  return { ...rest, metadata: meta };
}

const byNsName = <T extends { namespace?: string; name: string }>(a: T, b: T) =>
  cmp(a.namespace ?? '', b.namespace ?? '') || cmp(a.name, b.name);

function sortFacts(f: ClusterFacts): ClusterFacts {
  f.namespaces.sort(byName);
  f.pods.sort(byNsName);
  f.pvcs.sort(byNsName);
  f.pvs.sort(byName);
  f.storageClasses.sort(byName);
  f.serviceAccounts.sort(byNsName);
  f.sccs.sort(byName);
  f.roles.sort((a, b) => cmp(a.kind, b.kind) || byNsName(a, b));
  f.bindings.sort((a, b) => cmp(a.kind, b.kind) || byNsName(a, b));
  f.networkPolicies.sort(byNsName);
  f.egressNetworkPolicies.sort(byNsName);
  f.egressFirewalls.sort(byNsName);
  f.imageStreams.sort(byNsName);
  f.services?.sort(byNsName);
  f.workloads.sort((a, b) => cmp(a.kind, b.kind) || byNsName(a, b));
  f.olm.sort((a, b) => cmp(a.kind, b.kind) || byNsName(a, b));
  return f;
}

/**
 * Joins facts built from separate files (in file order) into what one pass over all their objects gives:
 * the first Namespace of a name wins, and the last ClusterVersion/Network/registry Route does.
 */
export function mergeFacts(cluster: string, parts: readonly ClusterFacts[]): ClusterFacts {
  const f = emptyFacts(cluster);
  const nsSeen = new Set<string>();
  const unreadable = new Set<string>();
  for (const p of parts) {
    for (const n of p.namespaces) {
      if (nsSeen.has(n.name)) continue;
      nsSeen.add(n.name);
      f.namespaces.push(n);
    }
    // pushAll, not push(...): a part can hold more items than a call can take arguments.
    pushAll(f.pods, p.pods);
    pushAll(f.pvcs, p.pvcs);
    pushAll(f.pvs, p.pvs);
    pushAll(f.storageClasses, p.storageClasses);
    pushAll(f.serviceAccounts, p.serviceAccounts);
    pushAll(f.sccs, p.sccs);
    pushAll(f.roles, p.roles);
    pushAll(f.bindings, p.bindings);
    pushAll(f.networkPolicies, p.networkPolicies);
    pushAll(f.egressNetworkPolicies, p.egressNetworkPolicies);
    pushAll(f.egressFirewalls, p.egressFirewalls);
    pushAll(f.imageStreams, p.imageStreams);
    pushAll(f.workloads, p.workloads);
    pushAll(f.olm, p.olm);
    if (p.apis) f.apis = p.apis;
    if (p.crds) f.crds = p.crds;
    if (p.services) pushAll((f.services ??= []), p.services);
    if (p.workloadsListed !== undefined)
      f.workloadsListed = (f.workloadsListed ?? true) && p.workloadsListed;
    for (const k of p.unreadable) unreadable.add(k);
    setIfDefined(f, 'registryRoute', p.registryRoute);
    setIfDefined(f, 'version', p.version);
    setIfDefined(f, 'networkType', p.networkType);
    setIfDefined(f, 'cniMigration', p.cniMigration);
  }
  f.unreadable = [...unreadable].sort();
  return sortFacts(f);
}
