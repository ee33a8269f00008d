import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toGithubCommands, toSarif } from '../src/diagnostics/ci-formats.js';
import { diag, type Diagnostic } from '../src/diagnostics/diagnostic.js';
import { writtenByMigplan } from '../src/cli/output.js';
import { runCli } from './helpers/cli.js';
import { sarifResults, sarifValidator } from './helpers/sarif.js';
import { scratchDir } from './helpers/tmp.js';

const validSarif = sarifValidator();

const root = join(import.meta.dirname, '..');
const badDir = join(import.meta.dirname, 'bad');
const badCases = readdirSync(badDir)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort();

const resultsOf = sarifResults;

describe('--format sarif: a SARIF 2.1.0 log with the same regions as the diagnostics', () => {
  for (const file of badCases) {
    it(`test/bad/${file}`, async () => {
      const sarif = await runCli(['validate', file, '--format', 'sarif'], { cwd: badDir });
      const json = await runCli(['validate', file, '--format', 'json'], { cwd: badDir });
      expect(sarif.code).toBe(json.code);
      const log = JSON.parse(sarif.stdout) as unknown;
      expect(validSarif(log), JSON.stringify(validSarif.errors)).toBe(true);
      const ds = JSON.parse(json.stdout) as Diagnostic[];
      const results = resultsOf(log);
      expect(results.map((r) => r.ruleId)).toEqual(ds.map((d) => d.code));
      results.forEach((r, i) => {
        const d = ds[i]!;
        const loc = r.locations?.[0]?.physicalLocation;
        // Every bad-input finding is located in the spec, relative to the checkout root.
        expect(loc?.artifactLocation).toEqual({ uri: file, uriBaseId: '%SRCROOT%' });
        expect(loc?.region.startLine).toBe(d.line);
        expect(loc?.region.startColumn).toBe(d.col);
        expect(r.level).toBe({ error: 'error', warning: 'warning', info: 'note' }[d.severity]);
      });
    });
  }

  it('rules: one per code, with help text and a docs link; results point at their rule', async () => {
    const r = await runCli(['validate', 'tabs.yaml', '--format', 'sarif'], { cwd: badDir });
    const driver = (
      JSON.parse(r.stdout) as { runs: { tool: { driver: Record<string, unknown> } }[] }
    ).runs[0]!.tool.driver as { rules: { id: string; helpUri: string; help: { text: string } }[] };
    const ids = driver.rules.map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('MP1003');
    const tabs = driver.rules.find((x) => x.id === 'MP1003')!;
    expect(tabs.help.text).toBe('Indent YAML with spaces, never tabs.');
    expect(tabs.helpUri).toMatch(/docs\/diagnostics\.md#mp1003$/);
  });

  it('maps severities (info -> note), anchors location-less findings on the spec, encodes paths', () => {
    const ds: Diagnostic[] = [
      diag('MP3001', 'cluster unreachable'),
      { ...diag('MP2002', 'x', { file: 'dir with space/spec.yaml', line: 3, col: 4 }) },
      { ...diag('MP2002', 'x', { file: '/abs/spec.yaml', line: 1, col: 1 }) },
      { ...diag('MP2002', 'info one', { file: 'a.yaml', line: 2, col: 2, severity: 'info' }) },
    ];
    const log = toSarif(ds, { toolVersion: '1.2.3', fallbackFile: 'migration.yaml' });
    expect(validSarif(log), JSON.stringify(validSarif.errors)).toBe(true);
    const [unreachable, spaced, absolute, info] = resultsOf(log);
    expect(unreachable!.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'migration.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1 },
    });
    expect(spaced!.locations![0]!.physicalLocation.artifactLocation.uri).toBe(
      'dir%20with%20space/spec.yaml',
    );
    expect(absolute!.locations![0]!.physicalLocation.artifactLocation).toEqual({
      uri: 'file:///abs/spec.yaml',
    });
    expect(info!.level).toBe('note');
  });

  it('masks credentials and escapes control characters in messages', () => {
    const log = toSarif(
      [
        diag('MP2533', 'url https://user:s3cret@example.com has\u001b[31m ansi', {
          file: 'a.yaml',
          line: 1,
        }),
      ],
      { toolVersion: '0' },
    );
    const text = resultsOf(log)[0]!.message.text;
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('\u001b');
  });
});

/** Parses a workflow command line back, undoing actions/toolkit's escapeData/escapeProperty. */
function parseWorkflowCommand(line: string): {
  command: string;
  props: Record<string, string>;
  message: string;
} {
  const m = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const unescape = (s: string) =>
    s
      .replace(/%3A/g, ':')
      .replace(/%2C/g, ',')
      .replace(/%0D/g, '\r')
      .replace(/%0A/g, '\n')
      .replace(/%25/g, '%');
  const props: Record<string, string> = {};
  for (const kv of m[2]!.split(',')) {
    const eq = kv.indexOf('=');
    props[kv.slice(0, eq)] = unescape(kv.slice(eq + 1));
  }
  return { command: m[1]!, props, message: unescape(m[3]!) };
}

describe('--format github: GitHub Actions workflow commands', () => {
  it('every bad-input finding is one parseable ::error line with file, line and col', async () => {
    for (const file of badCases) {
      const r = await runCli(['validate', file, '--format', 'github'], { cwd: badDir });
      const json = JSON.parse(
        (await runCli(['validate', file, '--format', 'json'], { cwd: badDir })).stdout,
      ) as Diagnostic[];
      const lines = r.stdout.split('\n').filter(Boolean);
      expect(lines).toHaveLength(json.length);
      lines.forEach((line, i) => {
        const c = parseWorkflowCommand(line);
        const d = json[i]!;
        expect(c.command).toBe(d.severity === 'info' ? 'notice' : d.severity);
        expect(c.props['file']).toBe(file);
        expect(c.props['line']).toBe(String(d.line));
        expect(c.props['col']).toBe(String(d.col));
        expect(c.props['title']).toMatch(new RegExp(`^${d.code} `));
        expect(c.message.startsWith(d.message)).toBe(true);
      });
    }
  });

  // actions/toolkit packages/core/src/command.ts: escapeData (% CR LF) and escapeProperty (also : and ,).
  it.each([
    ['100%', '100%25'],
    ['a\nb', 'a\\x0ab'], // control characters are escaped for display before the workflow escaping
    ['a,b:c', 'a,b:c'], // message data keeps : and ,
  ])('escapes message %j as %j', (message, expected) => {
    const line = toGithubCommands([{ ...diag('MP2002', message), hint: '' }]);
    expect(line).toBe(`::error title=MP2002 unknown field::${expected}\n`);
  });

  it('escapes : , % in properties and separates the hint with an escaped newline', () => {
    const line = toGithubCommands([diag('MP2002', 'm', { file: 'a,b:c%.yaml', line: 2, col: 3 })]);
    expect(line).toBe(
      '::error file=a%2Cb%3Ac%25.yaml,line=2,col=3,title=MP2002 unknown field::m%0Ahint: Remove the field or fix its spelling.\n',
    );
  });
});

const initSpec = async (): Promise<{ dir: string; spec: string }> => {
  const dir = scratchDir('migplan-ci-');
  const example = join(root, 'examples', 'ocp3-to-ocp4-nodejs-mongo', 'clusters');
  const r = await runCli(
    [
      'init',
      '--snapshot',
      join(example, 'ocp3'),
      '--target-snapshot',
      join(example, 'ocp4'),
      '--out',
      'm.yaml',
    ],
    { cwd: dir },
  );
  expect(r.code).toBe(0);
  return { dir, spec: join(dir, 'm.yaml') };
};

describe('--diagnostics-file, --strict, --min-severity', () => {
  it('compile: results stay alone on stdout; diagnostics go to the file', async () => {
    const { dir } = await initSpec();
    const plain = await runCli(['compile', 'm.yaml'], { cwd: dir });
    const withFile = await runCli(
      ['compile', 'm.yaml', '--format', 'sarif', '--diagnostics-file', 'out.sarif'],
      { cwd: dir },
    );
    expect(withFile.code).toBe(plain.code);
    expect(withFile.stdout).toBe(plain.stdout);
    expect(withFile.stderr).toBe('');
    const log = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as unknown;
    expect(validSarif(log)).toBe(true);
    // The placeholders init leaves are the findings, each at its line in the spec.
    const placeholders = resultsOf(log).filter((r) => r.ruleId === 'MP2581');
    expect(placeholders.length).toBeGreaterThan(0);
    for (const p of placeholders) {
      const line = readFileSync(join(dir, 'm.yaml'), 'utf8').split('\n')[
        p.locations![0]!.physicalLocation.region.startLine - 1
      ];
      expect(line).toContain('replace-me');
    }
  });

  it('sarif on compile or diff without --diagnostics-file is a usage error', async () => {
    const { dir } = await initSpec();
    for (const args of [
      ['compile', 'm.yaml', '--format', 'sarif'],
      ['diff', 'm.yaml', '--against', 'x', '--format', 'sarif'],
    ]) {
      const r = await runCli(args, { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('MP6010');
    }
  });

  it('never replaces a file migplan did not write; replaces its own', async () => {
    const { dir } = await initSpec();
    writeFileSync(join(dir, 'notes.txt'), 'my notes\n');
    const refused = await runCli(
      ['validate', 'm.yaml', '--format', 'sarif', '--diagnostics-file', 'notes.txt'],
      { cwd: dir },
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('MP6030');
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('my notes\n');
    for (const format of ['sarif', 'json', 'github', 'text']) {
      const first = await runCli(
        ['validate', 'm.yaml', '--format', format, '--diagnostics-file', `d.${format}`],
        { cwd: dir },
      );
      expect(first.code).toBe(0);
      const again = await runCli(
        ['validate', 'm.yaml', '--format', format, '--diagnostics-file', `d.${format}`],
        { cwd: dir },
      );
      expect(again.code, format).toBe(0);
      expect(writtenByMigplan(readFileSync(join(dir, `d.${format}`), 'utf8'))).toBe(true);
    }
    expect(existsSync(join(dir, '.d.sarif.migplan-tmp'))).toBe(false);
  });

  it.each([
    ['', true],
    ['[]', true],
    ['[{"code":"MP2002"}]', true],
    ['{"runs":[{"tool":{"driver":{"name":"migplan"}}}]}', true],
    ['{"runs":[{"tool":{"driver":{"name":"eslint"}}}]}', false],
    ['{"name":"my-package"}', false],
    ['::error title=x::y\n', true],
    ['a.yaml:1:1: error MP1001: x\n1 error(s), 0 warning(s), 0 info\n', true],
    ['apiVersion: v1\nkind: ConfigMap\n', false],
  ])('writtenByMigplan(%j) is %s', (text, expected) => {
    expect(writtenByMigplan(text)).toBe(expected);
  });

  it('--strict: warnings exit 1, and compile emits nothing', async () => {
    const { dir } = await initSpec();
    expect((await runCli(['validate', 'm.yaml'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['validate', 'm.yaml', '--strict'], { cwd: dir })).code).toBe(1);
    const strict = await runCli(['compile', 'm.yaml', '--strict'], { cwd: dir });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toContain('warning MP2581');
  });

  it('--min-severity hides findings below it without changing the exit code', async () => {
    const { dir } = await initSpec();
    const all = await runCli(['validate', 'm.yaml'], { cwd: dir });
    expect(all.stderr).toContain('warning MP2581');
    const errorsOnly = await runCli(['validate', 'm.yaml', '--min-severity', 'error'], {
      cwd: dir,
    });
    expect(errorsOnly.stderr).not.toContain('MP2581');
    expect(errorsOnly.code).toBe(all.code);
    const strictHidden = await runCli(
      ['validate', 'm.yaml', '--min-severity', 'error', '--strict'],
      { cwd: dir },
    );
    expect(strictHidden.code).toBe(1);
  });
});

describe('colour: --no-color, NO_COLOR, FORCE_COLOR, terminals only', () => {
  const esc = '\u001b[';
  it.each([
    [{ isTTY: true }, true],
    [{ isTTY: false }, false],
    [{ isTTY: true, env: { NO_COLOR: '1' } }, false],
    [{ isTTY: true, env: { NO_COLOR: '' } }, true], // no-color.org: set and not empty
    [{ isTTY: false, env: { FORCE_COLOR: '1' } }, true],
    [{ isTTY: true, env: { FORCE_COLOR: '0' } }, false],
    [{ isTTY: true, env: { NO_COLOR: '1', FORCE_COLOR: '1' } }, true], // Node's tty.getColorDepth order
    [{ isTTY: true, env: { FORCE_COLOR: '1' }, flag: true }, false], // the flag wins
  ])('%j -> colour %s', async (o, expected) => {
    const opts = o as { isTTY: boolean; env?: Record<string, string>; flag?: boolean };
    const r = await runCli([...(opts.flag ? ['--no-color'] : []), 'validate', 'tabs.yaml'], {
      cwd: badDir,
      isTTY: opts.isTTY,
      ...(opts.env ? { env: opts.env } : {}),
    });
    expect(r.stderr.includes(esc)).toBe(expected);
  });
});

describe('diff output is coloured on a terminal only', () => {
  it.each([
    [true, {}, true],
    [false, {}, false],
    [true, { NO_COLOR: '1' }, false],
  ])('stdout terminal %s, env %j -> colour %s', async (tty, env, expected) => {
    const { dir } = await initSpec();
    expect((await runCli(['compile', 'm.yaml', '--out', 'out'], { cwd: dir })).code).toBe(0);
    const spec = join(dir, 'm.yaml');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('name: stage-1', 'name: stage-2'));
    const r = await runCli(['diff', 'm.yaml', '--against', 'out'], {
      cwd: dir,
      stdoutIsTTY: tty,
      env,
    });
    expect(r.code).toBe(1);
    expect(r.stdout.includes('\u001b[32m+')).toBe(expected);
    expect(r.stdout.includes('\u001b[31m-')).toBe(expected);
    // The text is the same diff either way.
    const plain = r.stdout
      .split('\u001b[')
      .map((part, i) => (i === 0 ? part : part.replace(/^[0-9;]*m/, '')))
      .join('');
    expect(plain).toContain('+  name: apps-1-stage-2');
  });
});

describe('--diagnostics-file that cannot be written', () => {
  it('exits 2 with MP6031 naming the errno in words', async () => {
    const { dir } = await initSpec();
    const r = await runCli(
      ['validate', 'm.yaml', '--format', 'sarif', '--diagnostics-file', 'no-such-dir/d.sarif'],
      { cwd: dir },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'error MP6031: cannot write --diagnostics-file no-such-dir/d.sarif: no such file or directory',
    );
  });
});
