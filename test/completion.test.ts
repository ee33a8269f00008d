import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/main.js';
import { completeNames, completionScript } from '../src/cli/completion.js';
import type { CliIO } from '../src/cli/io.js';
import { runCli } from './helpers/cli.js';
import { scratchDir } from './helpers/tmp.js';

const root = join(import.meta.dirname, '..');
const io: CliIO = {
  stdout: () => undefined,
  stderr: () => undefined,
  readStdin: () => Promise.resolve(Buffer.from('')),
  isTTY: false,
  cwd: root,
  env: {},
};
const program = () =>
  buildProgram(
    io,
    () => undefined,
    () => undefined,
  );
const bashScript = completionScript('bash', program());

/**
 * Runs the bash completion function the way readline would: COMP_WORDS/COMP_CWORD set, _migplan called,
 * COMPREPLY printed. Word 0 is a stand-in for migplan that answers `__complete` from a fixed list and logs
 * its arguments, so the test sees what the script asks for.
 */
function complete(words: string[]): { replies: string[]; asked: string } {
  const dir = scratchDir('migplan-complete-');
  const fake = join(dir, 'migplan');
  writeFileSync(
    fake,
    `#!/bin/bash\necho "$*" >> ${dir}/asked\ncase "$2" in migrations) printf 'web-stage-1\\nweb-cutover\\ndb-cutover\\n' ;; clusters) printf 'host\\nocp3\\n' ;; paths) printf 'spec\\nspec.plans\\n' ;; esac\n`,
  );
  chmodSync(fake, 0o755);
  writeFileSync(join(dir, 'completion.bash'), bashScript);
  const cword = words.length - 1;
  const quoted = [fake, ...words].map((w) => `'${w.replace(/'/g, "'\\''")}'`).join(' ');
  const out = execFileSync(
    'bash',
    [
      '-c',
      `source ${dir}/completion.bash; cd ${root}; COMP_WORDS=(${quoted}); COMP_CWORD=${cword + 1}; _migplan; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { encoding: 'utf8' },
  );
  let asked = '';
  try {
    asked = readFileSync(join(dir, 'asked'), 'utf8');
  } catch {
    asked = '';
  }
  return { replies: out.split('\n').filter(Boolean), asked };
}

describe('migplan completion', () => {
  it('bash and zsh scripts parse (bash -n) and register for migplan and its plugin names', () => {
    execFileSync('bash', ['-n'], { input: bashScript });
    const registered = execFileSync(
      'bash',
      ['-c', 'eval "$(cat)"; complete -p migplan oc-migplan kubectl-migplan'],
      { input: bashScript, encoding: 'utf8' },
    );
    expect(registered).toBe(
      'complete -F _migplan migplan\ncomplete -F _migplan oc-migplan\ncomplete -F _migplan kubectl-migplan\n',
    );
    const zsh = completionScript('zsh', program());
    expect(zsh.startsWith('#compdef migplan oc-migplan kubectl-migplan\n')).toBe(true);
    execFileSync('bash', ['-n'], { input: zsh.split('\n').slice(2).join('\n') });
  });

  it('completes subcommands', () => {
    expect(complete(['co']).replies).toEqual(['compile', 'completion']);
    expect(complete(['ex']).replies).toEqual(['explain']);
  });

  it('completes the flags of the command being typed, and their choices', () => {
    const flags = complete(['compile', '--ou']).replies;
    expect(flags).toEqual(['--out', '--output']);
    expect(complete(['validate', 'm.yaml', '--format', '']).replies).toEqual([
      'text',
      'json',
      'sarif',
      'github',
    ]);
    expect(complete(['compile', 'm.yaml', '-o', 'j']).replies).toEqual(['json']);
  });

  it('asks migplan for the migrations and clusters of the spec on the command line', () => {
    const m = complete(['compile', 'examples/x/migration.yaml', '--quiet', '--migration', 'web']);
    expect(m.replies).toEqual(['web-stage-1', 'web-cutover']);
    expect(m.asked).toBe('__complete migrations examples/x/migration.yaml\n');
    // A flag value before the spec is not mistaken for it.
    const c = complete(['compile', '--from', 'snapshot', 's.yaml', '--cluster', '']);
    expect(c.replies).toEqual(['host', 'ocp3']);
    expect(c.asked).toBe('__complete clusters s.yaml\n');
  });

  it('completes explain paths and completion shells', () => {
    expect(complete(['explain', 'spec.p']).replies).toEqual(['spec.plans']);
    expect(complete(['completion', '']).replies).toEqual(['bash', 'zsh', 'fish']);
  });

  it('__complete reads names from the spec; nothing for a bad spec, never an error', async () => {
    const spec = 'examples/okd47-to-okd410-observability/migration.yaml';
    // Written by hand from that spec: plan observability, steps stage-1 and cutover; clusters okd47 and host.
    expect(await completeNames('migrations', spec, io)).toBe(
      'observability-cutover\nobservability-stage-1\n',
    );
    expect(await completeNames('clusters', spec, io)).toBe('host\nokd47\n');
    const bad = await runCli(['__complete', 'migrations', 'test/bad/tabs.yaml'], { cwd: root });
    expect(bad).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('fish script names every command and flag', () => {
    const fish = completionScript('fish', program());
    for (const c of [
      'validate',
      'compile',
      'diff',
      'snapshot',
      'report',
      'init',
      'explain',
      'completion',
      'version',
    ])
      expect(fish).toContain(`complete -c migplan -n __fish_use_subcommand -a ${c}\n`);
    expect(fish).toContain(
      "complete -c migplan -n '__fish_seen_subcommand_from compile' -l migration -r -f -a '(migplan __complete migrations (__migplan_spec) 2>/dev/null)'",
    );
  });
});
