import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join, relative, resolve as resolvePath, sep } from 'node:path';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import {
  loadAllBulkStreamingItems,
  loadAllYaml,
  OutsideSubset,
  TooManyAliases,
  yamlListHead,
} from './snapshot-yaml.js';
import { jsonSyntaxError } from './json-error.js';
import { splitJsonList, type JsonListSplit } from './json-list.js';
import { SNAPSHOT_MARKER } from '../emit/manifest.js';
import { diag, hasErrors, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import {
  decodeUtf8,
  describeErrno,
  utf8Ranges,
  fileTypeWords,
  readRegularFile,
  type BoundedRead,
  type ReadScratch,
} from '../io/read-bounded.js';
import type { Cluster } from '../spec/spec.js';
import { unservedGroups } from './api-resources.js';
import { workloadKinds, type ClusterFacts } from './cluster-facts.js';
import type { ClusterSource } from './cluster-source.js';
import {
  FactsReader,
  flattenLists,
  type KubeObject,
  type Locate,
  type NamespacedObjects,
} from './facts-from-objects.js';
import { byName, isDict } from '../util/objects.js';

const SNAPSHOT_FILE = /\.(ya?ml|json)$/i;
/**
 * Largest snapshot file read (500 MiB, under V8's ~512 MiB string limit). Bytes are counted as they are read,
 * so a file that grows or a link to an endless device cannot fill memory.
 */
export const MAX_SNAPSHOT_FILE_BYTES = 500 * 1024 * 1024;
/**
 * kubectl never writes anchors; a few hand-written ones are fine, an alias bomb is not: aliases may add at most
 * this many collections to a file when expanded.
 */
export const MAX_SNAPSHOT_ALIAS_EXPANSION = 10_000;
/** Lines are found (by re-parsing with positions) only in files this small; larger ones get item numbers. */
const MAX_LOCATE_CHARS = 16 * 1024 * 1024;
/**
 * Nor past this nesting: `yaml` aborts the whole process (a V8 "RegExpCompiler Allocation failed", which no
 * catch stops) on JSON nested 5,000 deep that JSON.parse reads, the second time one process parses such text.
 * Items that deep are reported without a line.
 */
const MAX_LOCATE_NESTING = 1000;

/**
 * Reads snapshot directories (oc get -o yaml|json output), resolving paths against the spec's folder. One
 * FactsReader reads every file of a cluster in sorted order, so an object repeated across files is found.
 *
 * Symbolic links inside a snapshot are followed when they resolve inside the snapshot directory or the spec's
 * folder, to a regular file or a directory (each directory is read once, so link loops end); a link anywhere
 * else, or to a FIFO, device or socket, is an error naming it. Every file read is bounded by
 * MAX_SNAPSHOT_FILE_BYTES.
 */
export function snapshotSource(baseDir: string, displayBase = baseDir): ClusterSource {
  // Every namespaced object each snapshot holds, by cluster, for listMetadata after read().
  const objectsOf = new Map<string, NamespacedObjects>();
  /** A cluster's facts from its snapshot folder (read synchronously: the compile waits for them anyway). */
  function readCluster(name: string, cluster: Cluster): StageResult<ClusterFacts> {
    const rel = cluster.discovery?.snapshot;
    if (rel === undefined) {
      return {
        diagnostics: [
          diag(
            'MP3003',
            `cluster "${name}" has no discovery.snapshot; compile --from snapshot cannot read it`,
            {
              path: ['spec', 'clusters', name, 'discovery'],
            },
          ),
        ],
      };
    }
    const display = (file: string) => relative(displayBase, file) || file;
    const listed = listSnapshot(resolvePath(baseDir, rel), display, [baseDir]);
    if (!listed.value) return { diagnostics: listed.diagnostics };
    // Lists are read item by item; a malformed item found on the way (or a YAML List that turns out not to be
    // what its first lines said) starts the read again with whole files, so the error is reported, located,
    // as the parse of the file finds it, and no partial read counts.
    const read =
      readFacts(name, listed.value, display, true) ?? readFacts(name, listed.value, display, false);
    if (!read) throw new Error('a read of whole files cannot stop at a malformed item');
    const { reader, diagnostics } = read;
    const done = reader.finish();
    objectsOf.set(name, reader.namespacedObjects());
    for (const d of done.diagnostics) diagnostics.push(d);
    // With the cluster's discovery recorded, say what it does not serve, as the live read does.
    if (done.facts.apis) {
      const served = new Set(done.facts.apis.groups.map((g) => g.name));
      for (const g of unservedGroups(served))
        diagnostics.push(diag('MP3006', `${name} does not serve ${g}; its kinds are not read`));
    }
    const recorded = unreadableKinds(resolvePath(baseDir, rel), display);
    for (const d of recorded.diagnostics) diagnostics.push(d);
    // `migplan snapshot` lists every workload kind; an `oc get` recording says nothing of kinds it lacks.
    if (recorded.value?.marker)
      done.facts.workloadsListed = !workloadKinds.some((k) => recorded.value?.kinds.includes(k));
    if (recorded.value?.kinds.length) {
      const kinds = recorded.value.kinds;
      done.facts.unreadable = [...new Set([...done.facts.unreadable, ...kinds])].sort();
      diagnostics.push(
        diag(
          'MP3007',
          `the snapshot of ${name} records that ${kinds.join(', ')} could not be listed when it was taken; they are unknown, not absent`,
          { file: display(join(resolvePath(baseDir, rel), SNAPSHOT_MARKER)) },
        ),
      );
    }
    // A file that could not be read is never half of the facts.
    if (hasErrors(diagnostics)) return { diagnostics };
    return { value: done.facts, diagnostics };
  }

  return {
    kind: 'snapshot',
    listMetadata(name, _cluster, resources, namespaces) {
      const held = objectsOf.get(name);
      const wanted = new Set(namespaces);
      // A snapshot records each object once, at the version it was read; Velero's version is the group's.
      return Promise.resolve({
        value: resources.map((r) => ({
          group: r.group,
          version: r.version,
          kind: r.kind,
          plural: r.plural,
          objects: held?.list(r.group, r.kind, wanted) ?? [],
        })),
        diagnostics: [],
      });
    },
    read: (name, cluster) => Promise.resolve(readCluster(name, cluster)),
  };
}

interface ReadFacts {
  reader: FactsReader;
  diagnostics: Diagnostic[];
}

/**
 * Feeds every file of a cluster to one FactsReader. With `itemByItem`, a List's items are parsed and read one at
 * a time (addJsonListItems, addYamlListItems); undefined when one of those reads turns out 'malformed' (the
 * reader has then read part of a file and is dropped).
 */
function readFacts(
  name: string,
  paths: readonly string[],
  display: (file: string) => string,
  itemByItem: boolean,
): ReadFacts | undefined {
  const reader = new FactsReader(name);
  const diagnostics: Diagnostic[] = [];
  let malformedItem = false;
  forEachFile(paths, (path, read) => {
    if (malformedItem) return;
    const file = display(path);
    if (itemByItem && read.ok) {
      const items = /\.json$/i.test(file)
        ? addJsonListItems(read, file, reader)
        : addYamlListItems(read, file, reader);
      if (items === 'read') return;
      if (items === 'malformed') {
        malformedItem = true;
        return;
      }
    }
    const parsed = parseRead(read, file);
    for (const d of parsed.diagnostics) diagnostics.push(d);
    if (parsed.value) reader.addDocuments(parsed.value.documents, file, parsed.value.locate);
  });
  return malformedItem ? undefined : { reader, diagnostics };
}

/**
 * Reads a JSON List item by item: 'read'; 'whole' when the text is not a List this way reads (not split, its
 * envelope does not parse, or the envelope is not a List), and nothing was read; 'malformed' when an item did
 * not parse (and the exact split could not go on from it), after earlier ones were read. Items are decoded from the file's bytes one at a time; the whole text only when a diagnostic needs
 * a line.
 */
export function addJsonListItems(
  read: FileRead,
  file: string,
  reader: FactsReader,
): 'read' | 'whole' | 'malformed' {
  const { bytes } = read;
  const guessed = splitJsonList(bytes);
  // A guessed item end may have put item text in the envelope: the exact split then decides.
  const start =
    withEnvelope(guessed) ??
    (guessed?.guessed ? withEnvelope(splitJsonList(bytes, false)) : undefined);
  if (!start) return 'whole';
  const readItem = reader.listItemReader(start.envelope, file, itemLocator(read.text));
  if (!readItem) return 'whole';
  let split = start.split;
  // Items start and end on ASCII bytes: each decodes to exactly its characters.
  const decode = utf8Ranges(bytes);
  const parseItem = (i: number): { value: unknown } | undefined => {
    try {
      const value: unknown = JSON.parse(
        decode(split.bounds[2 * i] as number, split.bounds[2 * i + 1] as number),
      );
      return { value };
    } catch {
      return undefined;
    }
  };
  for (let i = 0; i < split.bounds.length / 2; i++) {
    let item = parseItem(i);
    if (!item && split.guessed) {
      // Item ends guessed from the indentation can be wrong where a file was re-indented by hand; the exact
      // split goes on from this item when it agrees on the List and on every item read so far.
      const exact = splitJsonList(bytes, false);
      if (
        exact &&
        exact.envelope === split.envelope &&
        samePrefix(exact.bounds, split.bounds, 2 * i)
      ) {
        split = exact;
        item = parseItem(i);
      }
    }
    if (!item) return 'malformed';
    readItem(item.value, i);
  }
  return 'read';
}

/** A split with its envelope parsed; undefined when there is no split or the envelope is not JSON. */
function withEnvelope(
  split: JsonListSplit | undefined,
): { split: JsonListSplit; envelope: unknown } | undefined {
  if (!split) return undefined;
  try {
    return { split, envelope: JSON.parse(split.envelope) as unknown };
  } catch {
    return undefined;
  }
}

/** Whether the first `n` numbers of `a` and `b` are the same. */
function samePrefix(a: readonly number[], b: readonly number[], n: number): boolean {
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * Reads a YAML List (`oc get -o yaml`) item by item, each item read into the facts as soon as it is parsed and
 * then dropped: 'read'; 'whole' when the text is not such a List (or is outside the fast reader's subset from
 * the start) and nothing was read; 'malformed' when items were read and the text then turned out outside the
 * subset, or not the List its top-level lines named (another kind or apiVersion, a second document). The List's
 * kind decides how items are read and go-yaml writes it after them, hence yamlListHead.
 */
function addYamlListItems(
  read: FileRead,
  file: string,
  reader: FactsReader,
): 'read' | 'whole' | 'malformed' {
  const text = read.text();
  const head = yamlListHead(text);
  if (!head) return 'whole';
  let readItem: ((item: unknown, index: number) => void) | undefined;
  let count = 0;
  let documents: unknown[];
  try {
    documents = loadAllBulkStreamingItems(text, (item) => {
      // Made on the first item, so a List whose items turn out not to stream has recorded nothing.
      readItem ??= reader.listItemReader(
        { apiVersion: head.apiVersion, kind: head.kind, items: [] },
        file,
        itemLocator(read.text),
      );
      if (!readItem) throw new OutsideSubset('not a List the facts read item by item');
      readItem(item, count++);
    });
  } catch (err) {
    if (!(err instanceof OutsideSubset)) throw err;
    return count === 0 ? 'whole' : 'malformed';
  }
  if (count === 0) return 'whole';
  const [list] = documents;
  const same =
    documents.length === 1 &&
    isDict(list) &&
    list['kind'] === head.kind &&
    list['apiVersion'] === head.apiVersion;
  return same ? 'read' : 'malformed';
}

/**
 * A snapshot file read: its bytes (a view of the scratch buffer, valid while its callback runs) and its text,
 * decoded on first use; or why it could not be read.
 */
type FileText = FileRead | Exclude<BoundedRead, { ok: true }>;
export interface FileRead {
  ok: true;
  bytes: Buffer;
  text: () => string;
}

/**
 * Reads files one after another in order (the facts depend on it), each into one buffer reused from file to
 * file: one file's bytes are in memory at a time, and one buffer for all of them.
 */
function forEachFile(paths: readonly string[], use: (path: string, read: FileText) => void): void {
  const scratch: ReadScratch = {};
  for (const path of paths) {
    const read = readRegularFile(path, MAX_SNAPSHOT_FILE_BYTES, scratch);
    if (!read.ok) {
      use(path, read);
      continue;
    }
    let text: string | undefined;
    let current = true;
    use(path, {
      ok: true,
      bytes: read.bytes,
      text: () => {
        // The next read overwrites the bytes: text asked for after this file's turn would be another file's.
        if (text === undefined && !current) throw new Error('snapshot text decoded after its file');
        return (text ??= decodeUtf8(read.bytes));
      },
    });
    current = false;
  }
}

interface ParsedFile {
  documents: unknown[];
  locate: Locate;
}

/** A read file's documents, or a diagnostic naming it: too large, not a regular file, unreadable, malformed. */
function parseRead(read: FileText, file: string): StageResult<ParsedFile> {
  if (!read.ok) {
    switch (read.reason) {
      case 'too-large':
        return {
          diagnostics: [
            diag(
              'MP3034',
              `snapshot file is larger than ${read.limit / 1048576} MiB${read.size !== undefined ? ` (${(read.size / 1048576).toFixed(0)} MiB)` : ''}; refusing to read it`,
              { file },
            ),
          ],
        };
      case 'not-regular':
        return {
          diagnostics: [
            diag('MP3035', `snapshot file is ${read.what}, not a regular file`, { file }),
          ],
        };
      case 'errno':
        return {
          diagnostics: [diag('MP3001', `cannot read snapshot file: ${read.words}`, { file })],
        };
    }
  }
  const text = read.text();
  const parsed = parseSnapshotText(text, file);
  if (!parsed.value) return { diagnostics: parsed.diagnostics };
  return {
    value: { documents: parsed.value, locate: itemLocator(() => text) },
    diagnostics: parsed.diagnostics,
  };
}

/** The snapshot files under a directory, sorted, recursively, following links as snapshotSource says. */
function listSnapshot(
  dir: string,
  display: (file: string) => string,
  alsoInside: readonly string[] = [],
): StageResult<string[]> {
  try {
    const s = statSync(dir);
    if (!s.isDirectory())
      return { diagnostics: [diag('MP3001', `snapshot ${display(dir)} is not a directory`)] };
  } catch (err) {
    return {
      diagnostics: [
        diag('MP3001', `cannot read snapshot ${display(dir)}: ${describeErrno(err).words}`),
      ],
    };
  }
  const roots: string[] = [];
  for (const r of [dir, ...alsoInside]) {
    const real = realpathOrUndefined(r);
    if (real !== undefined) roots.push(real);
  }
  const walk: Walk = { roots, visited: new Set(), files: [], diagnostics: [], display };
  listFiles(dir, walk);
  if (hasErrors(walk.diagnostics)) return { diagnostics: walk.diagnostics };
  return { value: walk.files, diagnostics: walk.diagnostics };
}

interface Walk {
  /** Real paths links may lead into. */
  roots: string[];
  /** Real paths of the directories read, so a link loop or a second link to one directory is read once. */
  visited: Set<string>;
  files: string[];
  diagnostics: Diagnostic[];
  display: (file: string) => string;
}

const inside = (path: string, root: string) => path === root || path.startsWith(root + sep);

function listFiles(dir: string, walk: Walk): void {
  const real = realpathOrUndefined(dir) ?? dir;
  if (walk.visited.has(real)) return;
  walk.visited.add(real);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    walk.diagnostics.push(
      diag('MP3001', `cannot read snapshot directory: ${describeErrno(err).words}`, {
        file: walk.display(dir),
      }),
    );
    return;
  }
  for (const e of entries.sort(byName)) {
    // Hidden entries are not cluster objects: migplan's own marker, editors' swap files, .git.
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    const wanted = SNAPSHOT_FILE.test(e.name);
    if (e.isDirectory()) listFiles(full, walk);
    else if (e.isFile()) {
      if (wanted) walk.files.push(full);
    } else if (e.isSymbolicLink()) followLink(full, wanted, walk);
    else if (wanted) {
      const s = statOrUndefined(full);
      walk.diagnostics.push(
        diag(
          'MP3035',
          `snapshot file is ${s ? fileTypeWords(s) : 'not a regular file'}, not a regular file`,
          { file: walk.display(full) },
        ),
      );
    }
  }
}

function followLink(link: string, wanted: boolean, walk: Walk): void {
  const file = walk.display(link);
  let target: string;
  try {
    target = realpathSync(link);
  } catch (err) {
    // Names that are not snapshot files are skipped whatever they point at, unless it is a directory.
    if (!wanted) return;
    const { code, words } = describeErrno(err);
    const why = code === 'ENOENT' ? 'broken symbolic link (its target does not exist)' : words;
    walk.diagnostics.push(diag('MP3001', `cannot read snapshot file: ${why}`, { file }));
    return;
  }
  const s = statOrUndefined(target);
  if (!s?.isDirectory() && !wanted) return;
  if (!s?.isDirectory() && !s?.isFile()) {
    // Checked before where it leads: a link to /dev/zero or a FIFO is refused for what it is.
    const what = s ? fileTypeWords(s) : 'something that is not a file';
    walk.diagnostics.push(
      diag('MP3035', `snapshot file links to ${what}, not a regular file`, { file }),
    );
    return;
  }
  if (!walk.roots.some((r) => inside(target, r))) {
    walk.diagnostics.push(
      diag(
        'MP3037',
        `symbolic link leads outside the snapshot and the spec's folder (to ${target}); refusing to follow it`,
        { file },
      ),
    );
    return;
  }
  if (s.isDirectory()) listFiles(link, walk);
  else walk.files.push(link);
}

function realpathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * A cluster's raw objects from its snapshot directory (sorted file order, Lists spread), with the kinds the
 * recording says it could not list. The same listing, link and size rules as snapshotSource apply.
 */
export function readSnapshotObjects(
  dir: string,
  display: (file: string) => string,
  alsoInside: readonly string[],
): StageResult<{ objects: KubeObject[]; unreadable: string[] }> {
  const listed = listSnapshot(dir, display, alsoInside);
  if (!listed.value) return { diagnostics: listed.diagnostics };
  const objects: KubeObject[] = [];
  const diagnostics: Diagnostic[] = [...listed.diagnostics];
  forEachFile(listed.value, (path, read) => {
    const parsed = parseRead(read, display(path));
    for (const d of parsed.diagnostics) diagnostics.push(d);
    if (parsed.value) flattenLists(parsed.value.documents, objects);
  });
  const recorded = unreadableKinds(dir, display);
  for (const d of recorded.diagnostics) diagnostics.push(d);
  if (hasErrors(diagnostics)) return { diagnostics };
  return { value: { objects, unreadable: recorded.value?.kinds ?? [] }, diagnostics };
}

/** Loads every object in a snapshot directory, in sorted file order (for tools that need raw objects). */
export function loadSnapshotObjects(
  dir: string,
  display: (file: string) => string,
): StageResult<KubeObject[]> {
  const listed = listSnapshot(dir, display);
  if (!listed.value) return { diagnostics: listed.diagnostics };
  const objects: KubeObject[] = [];
  const diagnostics: Diagnostic[] = [];
  forEachFile(listed.value, (path, read) => {
    const parsed = parseRead(read, display(path));
    for (const d of parsed.diagnostics) diagnostics.push(d);
    if (parsed.value) flattenLists(parsed.value.documents, objects);
  });
  return { value: objects, diagnostics };
}

/**
 * Every object of a cluster's snapshot directory (Lists spread), read like snapshotSource reads it: the same
 * bounds, links followed only inside the snapshot or the spec's folder, every unreadable file an error.
 */
export function readClusterSnapshotObjects(
  baseDir: string,
  displayBase: string,
  name: string,
  rel: string | undefined,
): StageResult<KubeObject[]> {
  if (rel === undefined)
    return {
      diagnostics: [
        diag(
          'MP3003',
          `cluster "${name}" has no discovery.snapshot; compile --from snapshot cannot read it`,
          { path: ['spec', 'clusters', name, 'discovery'] },
        ),
      ],
    };
  const display = (file: string) => relative(displayBase, file) || file;
  const read = readSnapshotObjects(resolvePath(baseDir, rel), display, [baseDir]);
  return read.value
    ? { value: read.value.objects, diagnostics: read.diagnostics }
    : { diagnostics: read.diagnostics };
}

/**
 * JSON.parse for .json; loadAllYaml for YAML (JSON, our block-YAML reader, or js-yaml for what it declines).
 * Bulk snapshots need the fast parsers (see design §9). Errors give a position and a reason, never the text
 * around it (a value there may be a token).
 */
export function parseSnapshotText(text: string, file: string): StageResult<unknown[]> {
  if (/\.json$/i.test(file)) {
    try {
      return { value: [JSON.parse(text) as unknown], diagnostics: [] };
    } catch {
      // JSON.parse's message quotes the input (and may not say where): locate and name the error ourselves.
      const { offset, reason } = jsonSyntaxError(text);
      const before = text.slice(0, offset).split('\n');
      return {
        diagnostics: [
          diag('MP3002', `malformed JSON in snapshot: ${reason}`, {
            file,
            line: before.length,
            col: (before[before.length - 1]?.length ?? 0) + 1,
          }),
        ],
      };
    }
  }
  try {
    return {
      value: loadAllYaml(text, { maxAliasExpansion: MAX_SNAPSHOT_ALIAS_EXPANSION }),
      diagnostics: [],
    };
  } catch (err) {
    if (err instanceof TooManyAliases) {
      return {
        diagnostics: [
          diag(
            'MP3036',
            `YAML aliases would expand to more than ${err.limit} extra lists and mappings; refusing to expand them`,
            { file, ...(err.line !== undefined ? { line: err.line, col: 1 } : {}) },
          ),
        ],
      };
    }
    const e = err as { reason?: string; mark?: { line: number; column: number }; message: string };
    // js-yaml's `reason` names the problem; its `message` quotes the text around it, which is never shown.
    const reason =
      e.reason ?? (err instanceof RangeError ? 'nested too deeply to read' : 'not valid YAML');
    return {
      diagnostics: [
        diag('MP3002', `malformed YAML in snapshot: ${reason}`, {
          file,
          line: (e.mark?.line ?? 0) + 1,
          col: (e.mark?.column ?? 0) + 1,
        }),
      ],
    };
  }
}

/**
 * `yaml`, loaded for the first snapshot finding that needs a line: a compile that reports none never loads it
 * (issue 14: module loading is a fixed cost of every compile). A require the bundler leaves alone.
 */
let yamlModule: typeof Yaml | undefined;
const loadYaml = (): typeof Yaml =>
  (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml);

/**
 * Finds the line of a document or List item by parsing the text again with positions (the fast readers keep
 * none). Done at most once per file, and only when a diagnostic asks.
 */
/**
 * Whether no bracket in `text` opens deeper than `limit`, counting `[` and `{` outside double-quoted strings.
 * Exact for JSON. YAML this deep never reaches a locator: the YAML readers refuse nesting past 100 first.
 */
export function nestingAtMost(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // Past the string: its brackets are text.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 || c === 123) {
      if (++depth > limit) return false;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return true;
}

function itemLocator(textOf: () => string): Locate {
  let parsed: { docs: Yaml.Node[]; lc: Yaml.LineCounter } | null | undefined;
  return (document, items) => {
    if (parsed === undefined) {
      parsed = null;
      const text = textOf();
      if (text.length <= MAX_LOCATE_CHARS && nestingAtMost(text, MAX_LOCATE_NESTING)) {
        try {
          const { LineCounter, parseAllDocuments } = loadYaml();
          const lc = new LineCounter();
          const docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: false });
          if (Array.isArray(docs)) parsed = { docs: docs.map((d) => d.contents as Yaml.Node), lc };
        } catch {
          parsed = null;
        }
      }
    }
    if (!parsed) return undefined;
    const { isMap, isSeq } = loadYaml();
    let node: unknown = parsed.docs[document];
    for (const i of items) {
      const seq = isMap(node) ? node.get('items', true) : node;
      node = isSeq(seq) ? seq.items[i] : undefined;
    }
    const start = (node as Yaml.Node | undefined)?.range?.[0];
    return start === undefined ? undefined : parsed.lc.linePos(start);
  };
}

/**
 * The kinds `migplan snapshot` could not list (its marker records them): absent from the files, but unknown,
 * not empty. A recording without a marker (written by oc get) says nothing about them.
 */
function unreadableKinds(
  dir: string,
  display: (file: string) => string,
): StageResult<{ marker: boolean; kinds: string[] }> {
  const path = join(dir, SNAPSHOT_MARKER);
  const read = readRegularFile(path, 16 * 1024 * 1024);
  if (!read.ok) {
    if (read.reason === 'errno' && read.code === 'ENOENT')
      return { value: { marker: false, kinds: [] }, diagnostics: [] };
    return {
      diagnostics: [
        diag(
          'MP3002',
          `cannot read the snapshot's marker: ${read.reason === 'errno' ? read.words : read.reason}`,
          {
            file: display(path),
          },
        ),
      ],
    };
  }
  let kinds: unknown;
  try {
    kinds = (JSON.parse(read.bytes.toString('utf8')) as { unreadable?: unknown }).unreadable;
  } catch {
    return {
      diagnostics: [
        diag('MP3002', 'malformed snapshot marker (not JSON)', { file: display(path) }),
      ],
    };
  }
  if (kinds === undefined) return { value: { marker: true, kinds: [] }, diagnostics: [] };
  if (!Array.isArray(kinds) || !kinds.every((k) => typeof k === 'string'))
    return {
      diagnostics: [
        diag('MP3002', 'malformed snapshot marker: unreadable is not a list of kinds', {
          file: display(path),
        }),
      ],
    };
  return { value: { marker: true, kinds }, diagnostics: [] };
}
