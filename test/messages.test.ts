import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diag } from '../src/diagnostics/diagnostic.js';
import { formatDiagnostic } from '../src/diagnostics/format.js';
import {
  escapeControl,
  isCredentialParam,
  maskCredentials,
  sanitizeDiagnostic,
  sanitizeText,
} from '../src/diagnostics/sanitize.js';
import { runCli } from './helpers/cli.js';
import { terminalControl } from './helpers/terminal.js';
import { scratchDir } from './helpers/tmp.js';

const scratch = () => scratchDir('migplan-messages-');

describe('escapeControl', () => {
  it('escapes C0 (except tab), DEL, C1, line separators and bidi controls; keeps text', () => {
    expect(escapeControl('a\u001b[2Jb')).toBe('a\\x1b[2Jb');
    expect(escapeControl('\u0000\u0007\u0008\r\n\u007f\u009b\u0085')).toBe(
      '\\x00\\x07\\x08\\x0d\\x0a\\x7f\\x9b\\x85',
    );
    expect(escapeControl('admin\u202e\u2066\u2069\u200f\u061c\u2028')).toBe(
      'admin\\u202e\\u2066\\u2069\\u200f\\u061c\\u2028',
    );
    expect(escapeControl('tab\tü 漢字 €')).toBe('tab\tü 漢字 €');
  });
});

describe('maskCredentials', () => {
  it('masks userinfo with and without a scheme', () => {
    expect(maskCredentials('url: https://admin:hunter2@api.example.com:6443')).toBe(
      'url: https://***@api.example.com:6443',
    );
    expect(maskCredentials('exposedRegistryPath: robot:s3cret@registry.example.com')).toBe(
      'exposedRegistryPath: ***@registry.example.com',
    );
    expect(maskCredentials('"robot:s3cret@registry.example.com:5000/ns"')).toBe(
      '"***@registry.example.com:5000/ns"',
    );
  });

  it('masks credential query and fragment parameters, not the others', () => {
    expect(
      maskCredentials(
        'https://h/p?token=abc&region=eu&X-Amz-Signature=f00&X-Amz-Security-Token=t0k#access_token=z',
      ),
    ).toBe(
      'https://h/p?token=***&region=eu&X-Amz-Signature=***&X-Amz-Security-Token=***#access_token=***',
    );
    expect(maskCredentials('https://acct.blob.core.windows.net/c?sv=2020&sig=abc%2F')).toBe(
      'https://acct.blob.core.windows.net/c?sv=2020&sig=***',
    );
    expect(maskCredentials('https://h/?password=p&apikey=k&key=k2&page=2')).toBe(
      'https://h/?password=***&apikey=***&key=***&page=2',
    );
  });

  it('leaves image digests, e-mail addresses, durations and plain text alone', () => {
    for (const s of [
      'quay.io/org/app:1.2@sha256:0123456789abcdef',
      'busybox:1.36@sha256:0123456789abcdef',
      'ops@example.com',
      'ttl: 720h0m0s',
      'namespace "app" is not defined; defined: a, b',
    ])
      expect(maskCredentials(s)).toBe(s);
  });

  it('names the credential parameters kubernetes, S3, Azure and OAuth use', () => {
    for (const n of [
      'token',
      'access_token',
      'id_token',
      'password',
      'passwd',
      'secret',
      'client_secret',
      'key',
      'api_key',
      'sig',
      'X-Amz-Signature',
      'X-Amz-Credential',
      'X-Goog-Signature',
      'AWSAccessKeyId',
    ])
      expect(isCredentialParam(n), n).toBe(true);
    for (const n of ['region', 'page', 'sv', 'timeout', 'limit'])
      expect(isCredentialParam(n), n).toBe(false);
  });

  it('sanitizeText masks before escaping, so a control character cannot split a credential out', () => {
    expect(sanitizeText('https://u:p\u001b@h')).toBe('https://***@h');
  });
});

describe('code frames', () => {
  it('escape control characters and keep the caret under the value', () => {
    const text = 'metadata:\n  name: "\u001b[31mred\u001b]0;title\u0007"\n';
    const d = { ...diag('MP2005', 'bad name'), file: 'm.yaml', line: 2, col: 10 };
    const out = formatDiagnostic(d, { color: false, sources: new Map([['m.yaml', text]]) });
    expect(out).not.toMatch(terminalControl);
    const [, frame, carets] = out.split('\n');
    expect(frame).toBe('     2 |   name: "\\x1b[31mred\\x1b]0;title\\x07"');
    expect(carets?.indexOf('^')).toBe(frame?.indexOf('\\x1b'));
  });

  it('escape bidi overrides and mask credentials in the message, the frame and the file name', () => {
    const text = 'x: robot:s3cret@reg.example.com?token=abc # \u202e\n';
    const d = {
      ...diag('MP2005', 'value "robot:s3cret@reg.example.com?token=abc" is \u202ewrong'),
      file: 'spec\u001b[2J.yaml',
      line: 1,
      col: 4,
    };
    const out = formatDiagnostic(d, {
      color: false,
      sources: new Map([['spec\u001b[2J.yaml', text]]),
    });
    expect(out).not.toMatch(terminalControl);
    expect(out).not.toContain('s3cret');
    expect(out).not.toContain('abc');
    expect(out).toContain('spec\\x1b[2J.yaml:1:4');
    expect(out).toContain('value "***@reg.example.com?token=***" is \\u202ewrong');
    expect(out).toContain('x: ***@reg.example.com?token=*** # \\u202e');
  });
});

describe('messages that quote the input', () => {
  it('the duplicate-key error names the whole key and underlines it', async () => {
    const dir = scratch();
    writeFileSync(
      join(dir, 'm.yaml'),
      'apiVersion: migplan.dev/v1alpha1\nkind: Migration\nspec:\n  engine: mtc\n  engine: velero\n  "quoted: key": 1\n  "quoted: key": 2\n',
    );
    const r = await runCli(['validate', 'm.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('m.yaml:5:3: error MP1002: duplicate key "engine"');
    expect(r.stderr).toContain('     5 |   engine: velero\n       |   ^^^^^^\n');
    expect(r.stderr).toContain('m.yaml:7:3: error MP1002: duplicate key "quoted: key"');
  });

  it('ESC sequences, C1 controls and bidi overrides in a spec are escaped on stderr and in --format json', async () => {
    const dir = scratch();
    writeFileSync(
      join(dir, 'm.yaml'),
      'apiVersion: migplan.dev/v1alpha1\nkind: "Mig\u001b[2J\u001b]0;pwned\u0007\u009b31m\u202eration"\n',
    );
    const text = await runCli(['validate', 'm.yaml'], { cwd: dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toBe('');
    expect(text.stderr).toContain('error MP1012');
    expect(text.stderr).not.toMatch(terminalControl);
    expect(text.stderr).toContain('\\x1b[2J\\x1b]0;pwned\\x07\\x9b31m\\u202e');
    const json = await runCli(['validate', 'm.yaml', '--format', 'json'], { cwd: dir });
    const ds = JSON.parse(json.stdout) as { message: string }[];
    expect(ds[0]?.message).not.toMatch(terminalControl);
  });

  it('report --format json masks and escapes its diagnostics as the text format does', async () => {
    // A snapshot marker's unreadable list is free text from a file, quoted by warning MP3007.
    const dir = scratch();
    cpSync(join(import.meta.dirname, '..', 'examples', 'ocp3-to-ocp4-nodejs-mongo'), dir, {
      recursive: true,
    });
    writeFileSync(
      join(dir, 'clusters', 'ocp3', '.migplan-manifest.json'),
      JSON.stringify({
        unreadable: ['deployments\u001b]0;pwned\u0007\u202e password=hunter2 sha256~abcdef'],
      }),
    );
    const r = await runCli(['report', 'migration.yaml', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('hunter2');
    expect(r.stdout).not.toContain('abcdef');
    const { diagnostics } = JSON.parse(r.stdout) as {
      diagnostics: { code: string; message: string }[];
    };
    const quoted = diagnostics.find((d) => d.code === 'MP3007');
    expect(quoted?.message).not.toMatch(terminalControl);
    expect(quoted?.message).toContain(
      'records that deployments\\x1b]0;pwned\\x07\\u202e password=*** sha256~*** could not be listed',
    );
  });

  it('sanitizeDiagnostic covers every text of a diagnostic, path keys included', () => {
    const hostile = 'k\u001b[2J token=s3cret';
    const d = {
      ...diag('MP2005', hostile, { path: ['spec', hostile, 0] }),
      hint: hostile,
      file: hostile,
      related: [{ message: hostile, file: hostile, line: 1 }],
    };
    const shown = 'k\\x1b[2J token=***';
    expect(sanitizeDiagnostic(d)).toEqual({
      ...d,
      message: shown,
      hint: shown,
      file: shown,
      path: ['spec', shown, 0],
      related: [{ message: shown, file: shown, line: 1 }],
    });
  });

  it('binary bytes in a spec are shown escaped', async () => {
    const dir = scratch();
    writeFileSync(
      join(dir, 'm.yaml'),
      Buffer.concat([
        Buffer.from('apiVersion: migplan.dev/v1alpha1\nkind: x\u001b[1m'),
        Buffer.from([0, 1, 2]),
      ]),
    );
    const r = await runCli(['validate', 'm.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error MP1009');
    expect(r.stderr).not.toMatch(terminalControl);
  });
});
