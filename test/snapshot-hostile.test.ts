import { execFileSync } from 'node:child_process';
import {
  cpSync,
  createReadStream,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import type { CliIO } from '../src/cli/io.js';
import { FactsReader, type KubeObject } from '../src/resolve/facts-from-objects.js';
import {
  describeErrno,
  readRegularFile,
  readStreamAtMost,
  type ReadScratch,
} from '../src/io/read-bounded.js';
import { jsonSyntaxError } from '../src/resolve/json-error.js';
import { runCli, type CliRun } from './helpers/cli.js';
import { scratchDir } from './helpers/tmp.js';

/** Hostile snapshots and spec inputs (issue 11, items 3, 4, 7, 9, 11, 13), each through the CLI. */
const example = join(import.meta.dirname, '..', 'examples', 'storage-class-conversion');
const SNAP = 'clusters/ocp4';

function scratch(): string {
  const dir = scratchDir('migplan-hostile-');
  cpSync(example, dir, { recursive: true });
  rmSync(join(dir, 'expected'), { recursive: true });
  return dir;
}
const snapFile = (dir: string, name: string) => join(dir, SNAP, name);
const compile = (dir: string) => runCli(['compile', 'migration.yaml'], { cwd: dir });

/** A clean failure: the exit code, nothing on stdout, no stack trace, no internal error, the file named. */
function expectCleanFailure(r: CliRun, code: 1 | 2, names: string | RegExp): void {
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).not.toContain('MP9000');
  expect(r.stdout).toBe('');
  expect(r.code).toBe(code);
  if (typeof names === 'string') expect(r.stderr).toContain(names);
  else expect(r.stderr).toMatch(names);
}

let baseline: CliRun;
beforeAll(async () => {
  baseline = await compile(scratch());
  expect(baseline.code).toBe(0);
});

describe('duplicate objects in a snapshot (item 3)', () => {
  it('a copied file plans each object once, with a note naming both files', async () => {
    const dir = scratch();
    cpSync(snapFile(dir, 'storage.yaml'), snapFile(dir, 'storage-copy.yaml'));
    const r = await compile(dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(baseline.stdout);
    expect(r.stderr).toContain(
      'clusters/ocp4/storage.yaml: info MP3030: 11 object(s) repeat objects of clusters/ocp4/storage-copy.yaml with the same content (first: StorageClass "gp2", item 1 of the List); each is read once\n',
    );
  });

  it('a copy that differs (another storage class) is an error naming both files and the line', async () => {
    const dir = scratch();
    const text = readFileSync(snapFile(dir, 'storage.yaml'), 'utf8');
    // The first storageClassName is PVC billing/ledger's.
    writeFileSync(
      snapFile(dir, 'storage-copy.yaml'),
      text.replace('storageClassName: gp2', 'storageClassName: gp3-csi'),
    );
    const r = await compile(dir);
    expectCleanFailure(
      r,
      1,
      'clusters/ocp4/storage.yaml:41:3: error MP3031: PersistentVolumeClaim "billing/ledger" (item 4 of the List) is also in clusters/ocp4/storage-copy.yaml (item 4 of the List) with a different storageClassName: "gp2" here, "gp3-csi" there; keep one copy\n',
    );
    expect(r.stderr).toContain('1 error(s)');
  });

  it('a second Namespace of one name with other labels is an error, not a win by file order', async () => {
    const dir = scratch();
    writeFileSync(
      snapFile(dir, 'billing-ns.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: billing\n  labels:\n    team: other\n',
    );
    const r = await compile(dir);
    expectCleanFailure(
      r,
      1,
      /^clusters\/ocp4\/namespaces\.yaml:\d+:3: error MP3031: Namespace "billing" \(item \d+ of the List\) is also in clusters\/ocp4\/billing-ns\.yaml \(the object\) with a different annotations: \{"openshift\.io\/sa\.scc\.mcs":.* here, \{\} there; keep one copy$/m,
    );
  });
});

describe('items that are not well-formed objects (item 4)', () => {
  it('a PVC whose metadata key is mistyped is an error, not a volume left behind', async () => {
    const dir = scratch();
    const file = snapFile(dir, 'storage.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'kind: PersistentVolumeClaim\n  metadata:',
        'kind: PersistentVolumeClaim\n  metdata:',
      ),
    );
    const r = await compile(dir);
    expectCleanFailure(
      r,
      1,
      'clusters/ocp4/storage.yaml:41:3: error MP3032: item 4 of the List (PersistentVolumeClaim): no metadata\n',
    );
  });

  it('nulls, scalars and kind-less mappings inside a List are located errors', async () => {
    const dir = scratch();
    writeFileSync(
      snapFile(dir, 'odd.yaml'),
      [
        'apiVersion: v1',
        'kind: List',
        'items:',
        '- null',
        '- just a string',
        '- metadata: {name: data, namespace: billing}',
        '- apiVersion: v1',
        '  kind: ConfigMap',
        '  metadata: {name: ignored, namespace: billing}',
        '',
      ].join('\n'),
    );
    const r = await compile(dir);
    expectCleanFailure(
      r,
      1,
      'clusters/ocp4/odd.yaml:4:3: error MP3032: item 1 of the List: null, not an object\n',
    );
    expect(r.stderr).toContain(
      'clusters/ocp4/odd.yaml:5:3: error MP3032: item 2 of the List: a string, not an object\n',
    );
    expect(r.stderr).toContain(
      'clusters/ocp4/odd.yaml:6:3: error MP3032: item 3 of the List: no kind\n',
    );
    // Unknown kinds stay ignored.
    expect(r.stderr).toContain('3 error(s), 0 warning(s)');
  });

  it('in a JSON List read item by item, an item that is itself a List locates its own items', async () => {
    const dir = scratch();
    const pvc = (name: string) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name, namespace: 'billing' },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'gold' },
    });
    writeFileSync(
      snapFile(dir, 'odd.json'),
      JSON.stringify(
        {
          apiVersion: 'v1',
          kind: 'List',
          items: [
            { kind: 'List', items: [null, { metadata: { name: 'x', namespace: 'billing' } }] },
            'x',
            pvc('extra'),
            { ...pvc('extra'), spec: { ...pvc('extra').spec, storageClassName: 'silver' } },
          ],
        },
        null,
        2,
      ),
    );
    const r = await compile(dir);
    // Lines of JSON.stringify's layout: the nested List opens on line 5, its null is line 8, its kind-less
    // item opens on line 9; "x" is line 17; the PVCs open on lines 18 and 32.
    expectCleanFailure(
      r,
      1,
      'clusters/ocp4/odd.json:8:9: error MP3032: item 1 > item 1 of the List: null, not an object\n',
    );
    expect(r.stderr).toContain(
      'clusters/ocp4/odd.json:9:9: error MP3032: item 1 > item 2 of the List: no kind\n',
    );
    expect(r.stderr).toContain(
      'clusters/ocp4/odd.json:17:5: error MP3032: item 2 of the List: a string, not an object\n',
    );
    expect(r.stderr).toContain(
      'clusters/ocp4/odd.json:32:5: error MP3031: PersistentVolumeClaim "billing/extra" (item 4 of the List) is also in this file (item 3 of the List, line 18) with a different storageClassName: "silver" here, "gold" there; keep one copy\n',
    );
  });

  describe('YAML Lists are read item by item; what turns out otherwise is read again whole', () => {
    const storage = (dir: string) => snapFile(dir, 'storage.yaml');
    const edit = (dir: string, change: (text: string) => string) =>
      writeFileSync(storage(dir), change(readFileSync(storage(dir), 'utf8')));

    it('an anchor after items were read (outside the fast reader): the same plan, no item read twice', async () => {
      const dir = scratch();
      // The last item gains an anchored annotation, which the plan does not read; js-yaml reads the file.
      edit(dir, (t) => {
        const last = t.lastIndexOf('\n- ');
        const meta = t.indexOf('  metadata:\n', last);
        return `${t.slice(0, meta)}  metadata:\n    labels: &shared\n      tier: gold\n${t.slice(meta + '  metadata:\n'.length)}`;
      });
      const r = await compile(dir);
      expect(r.stderr).toBe(baseline.stderr);
      expect(r.stdout).toBe(baseline.stdout);
    });

    it("a kind repeated at the top level: js-yaml's last one decides, not the first line", async () => {
      // As a metadata-only list, the claims are counted for the compatibility check and never planned.
      const counted = scratch();
      edit(counted, (t) => t.replace(/^kind: List$/m, 'kind: PartialObjectMetadataList'));
      const repeated = scratch();
      edit(
        repeated,
        (t) => `kind: List\n${t.replace(/^kind: List$/m, 'kind: PartialObjectMetadataList')}`,
      );
      const expected = await compile(counted);
      expect(expected.stdout).not.toBe(baseline.stdout);
      const r = await compile(repeated);
      expect(r.stdout).toBe(expected.stdout);
      expect(r.stderr).toBe(expected.stderr);
    });

    it('a syntax error after items were read (a repeat among them) reports only the file error', async () => {
      const dir = scratch();
      writeFileSync(
        snapFile(dir, 'late.yaml'),
        [
          'apiVersion: v1',
          'items:',
          '- kind: Namespace',
          '  metadata: {}',
          '- kind: Namespace',
          '  metadata: {name: a}',
          '- kind: Namespace',
          '  metadata: {name: a}',
          '- kind: Namespace',
          '  metadata:',
          '    name: b',
          '   bad: indentation',
          'kind: List',
          '',
        ].join('\n'),
      );
      const r = await compile(dir);
      expectCleanFailure(r, 1, /clusters\/ocp4\/late\.yaml:12:\d+: error MP3002: /);
      expect(r.stderr).not.toMatch(/MP303[0-3]/);
    });

    it('items of a second document are placed by document: the file is read whole', async () => {
      const dir = scratch();
      writeFileSync(
        snapFile(dir, 'two.yaml'),
        'apiVersion: v1\nitems:\n- kind: ConfigMap\n  metadata: {name: c, namespace: billing}\nkind: List\n---\napiVersion: v1\nitems:\n- null\nkind: List\n',
      );
      const r = await compile(dir);
      expectCleanFailure(
        r,
        1,
        'clusters/ocp4/two.yaml:9:3: error MP3032: document 2, item 1 of the List: null, not an object\n',
      );
    });
  });

  it('a PV without a name and a PVC without a namespace are errors; a malformed StorageClass a warning', async () => {
    const dir = scratch();
    writeFileSync(
      snapFile(dir, 'bad.yaml'),
      [
        'apiVersion: v1',
        'kind: PersistentVolume',
        'metadata: {labels: {a: b}}',
        '---',
        'apiVersion: v1',
        'kind: PersistentVolumeClaim',
        'metadata: {name: orphan}',
        '---',
        'apiVersion: storage.k8s.io/v1',
        'kind: StorageClass',
        'metadata: gp9',
        '---',
        'apiVersion: v1',
        'kind: Namespace',
        'metadata: {name: billing2}',
        'spec: [kubernetes]',
        '',
      ].join('\n'),
    );
    const r = await compile(dir);
    expectCleanFailure(
      r,
      1,
      'clusters/ocp4/bad.yaml:1:1: error MP3032: document 1 (PersistentVolume): no metadata.name\n',
    );
    expect(r.stderr).toContain(
      'clusters/ocp4/bad.yaml:5:1: error MP3032: document 2 (PersistentVolumeClaim): no metadata.namespace (PersistentVolumeClaim is namespaced)\n',
    );
    expect(r.stderr).toContain(
      'clusters/ocp4/bad.yaml:9:1: warning MP3033: document 3 (StorageClass): metadata is a string, not a mapping\n',
    );
    expect(r.stderr).toContain(
      'clusters/ocp4/bad.yaml:13:1: error MP3032: document 4 (Namespace): spec is a list, not a mapping\n',
    );
  });

  it('a malformed object of a kind that carries no data is a warning: the compile goes on', async () => {
    const dir = scratch();
    writeFileSync(
      snapFile(dir, 'sc.yaml'),
      'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: [gp9]\nprovisioner: x\n',
    );
    const r = await compile(dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(baseline.stdout);
    expect(r.stderr).toContain(
      'clusters/ocp4/sc.yaml:1:1: warning MP3033: the object (StorageClass): metadata is a list, not a mapping\n',
    );
  });

  it.each(['json', 'yaml'])(
    "items of a typed list (PersistentVolumeClaimList, as the API serves it) take the list's kind (%s)",
    async (format) => {
      const dir = scratch();
      const file = snapFile(dir, 'storage.yaml');
      // The same objects, with kind and apiVersion only on typed lists (what GET /api/v1/... returns).
      const objects = (jsYaml.load(readFileSync(file, 'utf8')) as { items: KubeObject[] }).items;
      rmSync(file);
      const byKind = new Map<string, KubeObject[]>();
      for (const o of objects) {
        const { kind, apiVersion: _a, ...rest } = o;
        byKind.set(String(kind), [...(byKind.get(String(kind)) ?? []), rest]);
      }
      for (const [kind, items] of byKind) {
        const apiVersion = kind === 'StorageClass' ? 'storage.k8s.io/v1' : 'v1';
        const list = { apiVersion, kind: `${kind}List`, items };
        writeFileSync(
          snapFile(dir, `${kind}.${format}`),
          format === 'json'
            ? JSON.stringify(list)
            : // A first apiVersion line that js-yaml overrides with the last: read item by item, the items must
              // still take the last one.
              `apiVersion: example.com/v0\n${jsYaml.dump(list, { noArrayIndent: true })}`,
        );
      }
      const r = await compile(dir);
      expect(r.stderr).not.toContain('MP303');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(baseline.stdout);
    },
  );
});

describe('no internal error for any input (item 9)', () => {
  it('a List of 140,000 objects of one kind compiles (no spread into push)', async () => {
    const dir = scratch();
    const items = Array.from({ length: 140_000 }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: `sa-${i}`, namespace: 'bulk' },
    }));
    writeFileSync(
      snapFile(dir, 'many.json'),
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items }),
    );
    const r = await compile(dir);
    expect(r.stderr).not.toContain('MP9000');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(baseline.stdout);
  }, 60_000);

  it('a 100,000-deep JSON file is a located error naming the file', async () => {
    const dir = scratch();
    const n = 100_000;
    writeFileSync(snapFile(dir, 'deep.json'), `${'['.repeat(n)}${']'.repeat(n)}`);
    const r = await compile(dir);
    expectCleanFailure(
      r,
      1,
      /^clusters\/ocp4\/deep\.json(:\d+:\d+)?: error MP3032: .*Lists nested more than 8 deep/m,
    );
  });

  it('JSON nested 5,000 deep inside an item is located without re-parsing it (yaml would abort the process)', async () => {
    const dir = scratch();
    // A valid List whose first item is 5,000 arrays deep; the second item's guessed end is wrong, so the read
    // starts again with whole files: two locators for one text, where yaml's second parse aborted V8.
    const n = 5000;
    writeFileSync(
      snapFile(dir, 'deep.json'),
      `{"kind": "List", "items": [${'['.repeat(n)}${']'.repeat(n)},\n{\n"a": 1}], "z": [{\n}]}\n`,
    );
    const r = await compile(dir);
    expectCleanFailure(
      r,
      1,
      /clusters\/ocp4\/deep\.json: error MP3032: item 1 > (item 1 > )*item 1 of the List: Lists nested more than 8 deep\n/,
    );
    expect(r.stderr).toMatch(
      /clusters\/ocp4\/deep\.json: error MP3032: item 2 of the List: no kind\n/,
    );
  });

  it('a deeply nested object of a kind that is re-emitted (SCC) is refused with a warning, not a crash', async () => {
    const dir = scratch();
    const n = 100_000;
    const deep = `${'{"a":'.repeat(n)}"x"${'}'.repeat(n)}`;
    writeFileSync(
      snapFile(dir, 'scc.json'),
      `{"apiVersion":"security.openshift.io/v1","kind":"SecurityContextConstraints","metadata":{"name":"deep"},"extra":${deep}}`,
    );
    const r = await compile(dir);
    expect(r.stderr).not.toContain('MP9000');
    expect(r.stderr).toMatch(
      /^clusters\/ocp4\/scc\.json(:\d+:\d+)?: warning MP3033: the object \(SecurityContextConstraints\): nested more than 100 levels deep$/m,
    );
    expect(r.code).toBe(0);
  });

  it('deeply nested YAML is a located syntax error', async () => {
    const dir = scratch();
    writeFileSync(snapFile(dir, 'deep.yaml'), `a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    const r = await compile(dir);
    expectCleanFailure(
      r,
      1,
      /^clusters\/ocp4\/deep\.yaml:1:\d+: error MP3002: malformed YAML in snapshot: nesting exceeded maxDepth/m,
    );
  });

  it('a symbolic link to /dev/zero in a snapshot is refused at once, naming the link', async () => {
    const dir = scratch();
    symlinkSync('/dev/zero', snapFile(dir, 'zero.yaml'));
    const r = await compile(dir);
    expectCleanFailure(
      r,
      2,
      'clusters/ocp4/zero.yaml: error MP3035: snapshot file links to a character device, not a regular file\n',
    );
  });
});

describe('bounded reads (item 11)', () => {
  it('compile /dev/zero refuses the device without reading it', async () => {
    const r = await runCli(['compile', '/dev/zero']);
    expectCleanFailure(
      r,
      2,
      'error MP1013: /dev/zero is a character device, not a regular file; pass a spec file, or - to read the spec from stdin\n',
    );
  });

  it('compile - < /dev/zero stops reading at the spec limit', async () => {
    let stdout = '';
    let stderr = '';
    const io: CliIO = {
      stdout: (s) => void (stdout += s),
      stderr: (s) => void (stderr += s),
      // What processIO does with process.stdin, here with /dev/zero as stdin.
      readStdin: (max) => readStreamAtMost(createReadStream('/dev/zero'), max),
      isTTY: false,
      cwd: tmpdir(),
      env: {},
    };
    const code = await run(['compile', '-'], io);
    expect(stdout).toBe('');
    expect(code).toBe(1);
    expect(stderr).toContain(
      '<stdin>:1:1: error MP1008: spec is larger than 5 MiB; stopped reading there\n',
    );
  });

  it('a spec larger than the limit on stdin is refused', async () => {
    const r = await runCli(['validate', '-'], { stdin: `x: "${'a'.repeat(6 * 1024 * 1024)}"\n` });
    expectCleanFailure(r, 1, '<stdin>:1:1: error MP1008: spec is larger than 5 MiB');
  });

  it('a FIFO as the spec or in a snapshot is refused without blocking', async () => {
    const dir = scratch();
    execFileSync('mkfifo', [join(dir, 'pipe.yaml'), snapFile(dir, 'pipe.yaml')]);
    const spec = await runCli(['compile', 'pipe.yaml'], { cwd: dir });
    expectCleanFailure(
      spec,
      2,
      'error MP1013: pipe.yaml is a FIFO (named pipe), not a regular file',
    );
    const snap = await compile(dir);
    expectCleanFailure(
      snap,
      2,
      'clusters/ocp4/pipe.yaml: error MP3035: snapshot file is a FIFO (named pipe), not a regular file\n',
    );
  });

  it('a snapshot file over 500 MiB is refused before it is read', async () => {
    const dir = scratch();
    const big = snapFile(dir, 'big.yaml');
    writeFileSync(big, '');
    truncateSync(big, 501 * 1024 * 1024); // sparse: no disk space used
    const r = await compile(dir);
    expectCleanFailure(
      r,
      2,
      'clusters/ocp4/big.yaml: error MP3034: snapshot file is larger than 500 MiB (501 MiB); refusing to read it\n',
    );
    // The size in the message comes from stat: a refusal while reading cannot know it (read-bounded.ts).
  });

  it('the byte limit holds while reading, whatever stat said (a /proc file says 0 bytes)', async () => {
    const read = readRegularFile('/proc/self/status', 16);
    expect(read).toEqual({ ok: false, reason: 'too-large', limit: 16 });
    // An endless stream, as /dev/zero on stdin is.
    const endless = {
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.resolve({ done: false as const, value: Buffer.alloc(1000) }),
      }),
    };
    expect((await readStreamAtMost(endless, 4096)).length).toBe(4097);
  });

  it('reads sharing one scratch buffer reuse it, grow it when a file is larger, and keep the limit', () => {
    const dir = scratch();
    const [small, large] = ['small.txt', 'large.txt'].map((f) => join(dir, f)) as [string, string];
    writeFileSync(large, 'L'.repeat(5000));
    writeFileSync(small, 'small');
    const shared: ReadScratch = {};
    const first = readRegularFile(small, 1 << 20, shared);
    expect(first.ok && first.bytes.toString()).toBe('small');
    const second = readRegularFile(large, 1 << 20, shared);
    expect(second.ok && second.bytes.toString()).toBe('L'.repeat(5000));
    const grown = shared.buffer;
    const third = readRegularFile(small, 1 << 20, shared);
    expect(third.ok && third.bytes.toString()).toBe('small');
    expect(shared.buffer).toBe(grown);
    // A scratch buffer larger than the limit does not let a read past it.
    expect(readRegularFile(large, 100, shared)).toEqual({
      ok: false,
      reason: 'too-large',
      limit: 100,
      size: 5000,
    });
    expect(readRegularFile('/proc/self/status', 16, shared)).toEqual({
      ok: false,
      reason: 'too-large',
      limit: 16,
    });
  });

  it('an alias bomb in a snapshot is refused quickly', async () => {
    const dir = scratch();
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i <= 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    writeFileSync(snapFile(dir, 'bomb.yaml'), `${levels.join('\n')}\n`);
    const r = await compile(dir);
    expectCleanFailure(
      r,
      1,
      'clusters/ocp4/bomb.yaml:2:1: error MP3036: YAML aliases would expand to more than 10000 extra lists and mappings; refusing to expand them\n',
    );
  });

  it('links inside the spec folder are followed; links out of it are refused', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'common'));
    renameSync(snapFile(dir, 'storage.yaml'), join(dir, 'common', 'storage.yaml'));
    symlinkSync('../../common/storage.yaml', snapFile(dir, 'storage.yaml'));
    symlinkSync('.', snapFile(dir, 'loop')); // a directory link loop is read once
    const inside = await compile(dir);
    expect(inside.stderr).not.toContain('MP30');
    expect(inside.stdout).toBe(baseline.stdout);

    const outside = scratchDir('migplan-outside-');
    writeFileSync(
      join(outside, 'x.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n',
    );
    symlinkSync(join(outside, 'x.yaml'), snapFile(dir, 'x.yaml'));
    const r = await compile(dir);
    expectCleanFailure(
      r,
      2,
      /^clusters\/ocp4\/x\.yaml: error MP3037: symbolic link leads outside the snapshot and the spec's folder \(to .*x\.yaml\); refusing to follow it$/m,
    );
  });
});

describe('malformed JSON never echoes the input (item 7)', () => {
  it('reports a position and a generic reason only', async () => {
    const dir = scratch();
    writeFileSync(
      snapFile(dir, 'leak.json'),
      '{"apiVersion": "v1", "kind": "List",\n "items": [{"token": sha256~S3CRETVALUE}]}\n',
    );
    const r = await compile(dir);
    expectCleanFailure(
      r,
      1,
      'clusters/ocp4/leak.json:2:22: error MP3002: malformed JSON in snapshot: unexpected character\n',
    );
    expect(r.stderr).not.toMatch(/S3CRET|sha256/);
  });

  it('a malformed item after items already read reports only the file error (JSON Lists are read item by item)', async () => {
    const dir = scratch();
    // Read alone, the first item is a finding (MP3032) and the second a repeat of it; the file is not JSON.
    writeFileSync(
      snapFile(dir, 'late.json'),
      '{"apiVersion": "v1", "kind": "List", "items": [\n {"kind": "Namespace", "metadata": {}},\n {"kind": "Namespace", "metadata": {"name": "a"}},\n {"kind": "Namespace", "metadata": {"name": "a"}},\n {"x": tru}\n]}\n',
    );
    const r = await compile(dir);
    expectCleanFailure(
      r,
      1,
      'clusters/ocp4/late.json:5:8: error MP3002: malformed JSON in snapshot: unexpected character\n',
    );
    expect(r.stderr).not.toMatch(/MP303[0-3]/);
  });
});

describe('JSON syntax errors are located without JSON.parse messages (unit)', () => {
  it.each([
    ['{"a": 1,}', 8, 'expected a property name in double quotes'],
    ['[1, 2', 5, 'unexpected end of input'],
    ['{"a": "abc', 6, 'unterminated string'],
    ['{"a": tru}', 6, 'unexpected character'],
    ['{"a" 1}', 5, "expected ':' after a property name"],
    ['[1 2]', 3, "expected ',' or ']'"],
    ['{"a": 01}', 7, "expected ',' or '}'"],
    ['{"a": -}', 7, 'invalid number'],
    ['{"a": "\\x"}', 7, 'invalid escape in a string'],
    ['{} {}', 3, 'unexpected text after the JSON value'],
    ['\uFEFF{}', 0, 'unexpected character'],
    [`${'['.repeat(200_000)}`, 200_000, 'unexpected end of input'],
  ])('case %#', (text, offset, reason) => {
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(jsonSyntaxError(text)).toEqual({ offset, reason });
  });
});

describe('read errors are named in words (item 13)', () => {
  it('a broken link, a link loop and a path through a file each say what is wrong', async () => {
    const dir = scratch();
    symlinkSync('gone.yaml', snapFile(dir, 'dangling.yaml'));
    symlinkSync('loop-b.yaml', snapFile(dir, 'loop-a.yaml'));
    symlinkSync('loop-a.yaml', snapFile(dir, 'loop-b.yaml'));
    const r = await compile(dir);
    expectCleanFailure(
      r,
      2,
      'clusters/ocp4/dangling.yaml: error MP3001: cannot read snapshot file: broken symbolic link (its target does not exist)\n',
    );
    expect(r.stderr).toContain(
      'clusters/ocp4/loop-a.yaml: error MP3001: cannot read snapshot file: too many levels of symbolic links (a link loop?)\n',
    );
    expect(r.stderr).not.toMatch(/ENOENT|ELOOP/);

    const spec = await runCli(['compile', 'migration.yaml/x'], { cwd: dir });
    expectCleanFailure(
      spec,
      2,
      'error MP1010: cannot read migration.yaml/x: a parent of this path is not a directory\n',
    );
  });

  it('maps each errno to words, never reporting a permission problem as a missing file', () => {
    const words = (code: string) => describeErrno(Object.assign(new Error(code), { code })).words;
    expect(words('EACCES')).toBe('permission denied');
    expect(words('EPERM')).toBe('operation not permitted');
    expect(words('EROFS')).toBe('read-only file system');
    expect(words('ENOTDIR')).toBe('a parent of this path is not a directory');
    expect(words('ELOOP')).toBe('too many levels of symbolic links (a link loop?)');
    expect(words('EISDIR')).toBe('is a directory');
    expect(words('ENOENT')).toBe('no such file or directory');
  });
});

describe('object identity (unit)', () => {
  const pv = (name: string, sc: string, extra: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, ...extra },
    spec: { storageClassName: sc, capacity: { storage: '1Gi' } },
  });
  const read = (files: Record<string, unknown[]>) => {
    const reader = new FactsReader('c');
    for (const [file, docs] of Object.entries(files)) reader.addDocuments(docs, file);
    return reader.finish();
  };

  it('reads an identical repeat once, within a file and across files, with one note per pair of files', () => {
    const r = read({ 'a.yaml': [pv('p1', 'gp2'), pv('p1', 'gp2')], 'b.yaml': [pv('p1', 'gp2')] });
    expect(r.facts.pvs.map((p) => p.name)).toEqual(['p1']);
    expect(r.diagnostics.map((d) => [d.code, d.file])).toEqual([
      ['MP3030', 'a.yaml'],
      ['MP3030', 'b.yaml'],
    ]);
  });

  it('server-set fields that the plan does not read (resourceVersion) do not make a conflict', () => {
    const r = read({
      'a.yaml': [pv('p1', 'gp2', { uid: 'u1', resourceVersion: '1' })],
      'b.yaml': [pv('p1', 'gp2', { uid: 'u1', resourceVersion: '2' })],
    });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['MP3030']);
  });

  it('another uid, or another value the plan reads, is a conflict naming both files', () => {
    const uid = read({
      'a.yaml': [pv('p1', 'gp2', { uid: 'u1' })],
      'b.yaml': [pv('p1', 'gp2', { uid: 'u2' })],
    });
    expect(uid.diagnostics.map((d) => [d.code, d.severity, d.file])).toEqual([
      ['MP3031', 'error', 'b.yaml'],
    ]);
    expect(uid.diagnostics[0]?.message).toBe(
      'PersistentVolume "p1" (the object) is also in a.yaml (the object) with a different metadata.uid (two objects recorded under one name); keep one copy',
    );
    const sc = read({ 'a.yaml': [pv('p1', 'gp2')], 'b.yaml': [pv('p1', 'gp3')] });
    expect(sc.diagnostics[0]?.message).toContain(
      'a different storageClassName: "gp3" here, "gp2" there',
    );
  });

  it('identity is API group, kind, namespace and name: objects differing in any one are distinct', () => {
    const sa = (ns: string, name: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, namespace: ns },
    });
    const network = (group: string, type: string): KubeObject => ({
      apiVersion: `${group}/v1`,
      kind: 'Network',
      metadata: { name: 'cluster' },
      status: { networkType: type },
    });
    const r = read({
      'a.yaml': [
        sa('n1', 'x'),
        sa('n2', 'x'),
        sa('n1', 'y'),
        network('config.openshift.io', 'OVNKubernetes'),
        network('operator.openshift.io', 'OpenShiftSDN'),
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n1' } },
        { apiVersion: 'project.openshift.io/v1', kind: 'Project', metadata: { name: 'n1' } },
      ],
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.facts.serviceAccounts).toHaveLength(3);
    expect(r.facts.networkType).toBe('OVNKubernetes');
    expect(r.facts.namespaces.map((n) => n.name)).toEqual(['n1']);
  });

  it('lists at most 20 conflicts per pair of files and counts the rest', () => {
    const many = (sc: string) => Array.from({ length: 25 }, (_, i) => pv(`p${i}`, sc));
    const r = read({ 'a.yaml': many('gp2'), 'b.yaml': many('gp3') });
    expect(r.diagnostics.filter((d) => d.code === 'MP3031')).toHaveLength(21);
    expect(r.diagnostics.at(-1)?.message).toBe(
      '5 more conflicting duplicate(s) with a.yaml are not listed',
    );
  });
});
