import { describe, expect, it } from 'vitest';
import { escapeControl, maskCredentials, printableSnippet } from '../src/diagnostics/sanitize.js';
import { parseDuration } from '../src/cli/duration.js';
import { formatDuration } from '../src/resolve/from-live-http.js';

describe('maskCredentials on server URLs', () => {
  it('masks userinfo, with or without a password', () => {
    expect(maskCredentials('https://admin:hunter2@api.example:6443')).toBe(
      'https://***@api.example:6443',
    );
    expect(maskCredentials('https://tokenonly@api.example')).toBe('https://***@api.example');
  });

  it('masks credential query parameters and keeps the others', () => {
    expect(
      maskCredentials(
        'https://h/p?limit=500&token=abc&access_token=def&X-Amz-Signature=f00&sig=s&page=2',
      ),
    ).toBe('https://h/p?limit=500&token=***&access_token=***&X-Amz-Signature=***&sig=***&page=2');
    expect(maskCredentials('https://h/?refresh%5Ftoken=x')).toBe('https://h/?refresh%5Ftoken=***');
  });

  it('leaves a URL without credentials as it is', () => {
    expect(maskCredentials('https://127.0.0.1:6443/api/v1/pods?limit=500')).toBe(
      'https://127.0.0.1:6443/api/v1/pods?limit=500',
    );
  });
});

describe('maskCredentials on free text', () => {
  it('masks URLs inside text and keeps the text around them', () => {
    expect(maskCredentials('cannot reach context "c" (https://u:p@h:6443/?token=t): refused')).toBe(
      'cannot reach context "c" (https://***@h:6443/?token=***): refused',
    );
  });

  it('masks authorization schemes, key=value and JSON credential fields, OpenShift tokens and JWTs', () => {
    const text = [
      'Authorization: Bearer abc.def-ghi',
      'Basic dXNlcjpwYXNzd29yZA==',
      'refresh_token=r3fr3sh password=pw client_secret=cs',
      '{"access_token": "tok\\"en", "expires_in": 3600}',
      'sha256~AbCdEf_123',
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
    ].join('\n');
    const out = maskCredentials(text);
    for (const secret of [
      'abc.def',
      'dXNlcjpw',
      'r3fr3sh',
      '=pw',
      '=cs',
      'tok\\"en',
      'AbCdEf',
      'eyJhbGci',
    ])
      expect(out).not.toContain(secret);
    expect(out).toContain('"expires_in": 3600');
    expect(out).toContain('sha256~***');
  });

  it('leaves ordinary messages alone', () => {
    const text = 'the continue token expired (410 Gone) 4 times; Basic auth is off';
    expect(maskCredentials(text)).toBe(text);
  });
});

describe('escapeControl and printableSnippet', () => {
  it('escapes terminal control sequences and bidi overrides', () => {
    expect(escapeControl('a\u001b[31mb\u0007\r\n\t\u202ec\u0085\ufeff')).toBe(
      'a\\x1b[31mb\\x07\\x0d\\x0a\t\\u202ec\\x85\\ufeff',
    );
  });

  it('bounds the excerpt and marks the cut, after masking', () => {
    const s = printableSnippet(`https://u:secretpw@h/ ${'x'.repeat(500)}`, 40);
    expect(s.length).toBeLessThanOrEqual(41);
    expect(s.endsWith('…')).toBe(true);
    expect(s).toContain('https://***@h/');
    expect(s).not.toContain('secretpw');
  });

  it('masks a credential that straddles the cut', () => {
    expect(printableSnippet('xxxxxxxx token=abcdefghijklmnop', 20)).not.toContain('abcdefgh');
  });

  it('never cuts inside an escape', () => {
    const s = printableSnippet('\u001b'.repeat(10), 10);
    expect(s).toBe('\\x1b\\x1b…');
  });
});

describe('durations', () => {
  it('reads Go/kubectl durations; a bare number is seconds', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('45')).toBe(45_000);
  });

  it('refuses zero, negatives, nonsense and more than a day', () => {
    for (const bad of ['0', '0s', '-1s', 'soon', '1d', '25h', ''])
      expect(() => parseDuration(bad), bad).toThrow();
  });

  it('prints durations the way they are written', () => {
    expect(formatDuration(30_000)).toBe('30s');
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(600_000)).toBe('10m');
    expect(formatDuration(500)).toBe('500ms');
    expect(formatDuration(1500)).toBe('1.5s');
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(3_601_000)).toBe('1h0m1s');
  });
});
