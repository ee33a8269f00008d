import { codes, type CodeInfo, type DiagnosticCode } from './codes.js';
import { formatPath, type Diagnostic, type Severity } from './diagnostic.js';
import { sanitizeText } from './sanitize.js';

/** Where docs/diagnostics.md is published; each code has an anchor there (`#mp1001`). */
export const DIAGNOSTICS_DOCS_URL = 'https://migplan.dev/docs/diagnostics.md';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** SARIF 2.1.0 result levels (§3.27.10): error, warning, note. */
const sarifLevel: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

export interface SarifOptions {
  toolVersion: string;
  /**
   * A file to anchor diagnostics that have none (an unreachable cluster, a usage error): GitHub code scanning
   * drops results without a location, so they are shown on line 1 of the spec instead.
   */
  fallbackFile?: string;
}

/**
 * A SARIF 2.1.0 log of `ds`: one rule per diagnostic code in the catalogue (title, hint, docs link), one result
 * per diagnostic with its region. Relative file names become URIs relative to `%SRCROOT%`, the checkout root
 * GitHub's upload-sarif resolves them against; absolute ones become file: URIs. Columns are UTF-16 code units,
 * the unit of the positions we report (JavaScript string offsets).
 */
export function toSarif(ds: readonly Diagnostic[], opts: SarifOptions): Record<string, unknown> {
  const ids = (Object.keys(codes) as DiagnosticCode[]).sort();
  const ruleIndex = new Map(ids.map((id, i) => [id, i]));
  const rules = ids.map((id) => {
    const info: CodeInfo = codes[id];
    return {
      id,
      name: ruleName(info.title),
      shortDescription: { text: info.title },
      fullDescription: { text: `${info.title}. ${info.hint}` },
      help: { text: info.hint, markdown: `**${id}: ${info.title}**\n\n${info.hint}` },
      helpUri: `${DIAGNOSTICS_DOCS_URL}#${id.toLowerCase()}`,
      defaultConfiguration: { level: sarifLevel[info.severity] },
      properties: { exitCode: info.exit ?? 1 },
    };
  });
  const results = ds.map((d) => {
    const file = d.file ?? opts.fallbackFile;
    const location = file === undefined ? undefined : artifactLocation(file);
    const message = [sanitizeText(d.message)];
    if (d.path.length) message.push(`(at ${sanitizeText(formatPath(d.path))})`);
    const result: Record<string, unknown> = {
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code),
      level: sarifLevel[d.severity],
      message: { text: message.join(' ') + (d.hint ? `\nhint: ${sanitizeText(d.hint)}` : '') },
    };
    if (location) {
      const region: Record<string, number> = {
        startLine: d.file === undefined ? 1 : (d.line ?? 1),
      };
      if (d.file !== undefined && d.col !== undefined) region['startColumn'] = d.col;
      if (d.file !== undefined && d.endLine !== undefined) {
        region['endLine'] = d.endLine;
        if (d.endCol !== undefined) region['endColumn'] = d.endCol;
      }
      result['locations'] = [{ physicalLocation: { artifactLocation: location, region } }];
    }
    if (d.related?.length)
      result['relatedLocations'] = d.related.map((r, i) => ({
        id: i + 1,
        message: { text: sanitizeText(r.message) },
        ...(r.file !== undefined
          ? {
              physicalLocation: {
                artifactLocation: artifactLocation(r.file) ?? {},
                region: {
                  startLine: r.line ?? 1,
                  ...(r.col !== undefined ? { startColumn: r.col } : {}),
                },
              },
            }
          : {}),
      }));
    return result;
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'migplan',
            version: opts.toolVersion,
            semanticVersion: opts.toolVersion,
            informationUri: DIAGNOSTICS_DOCS_URL,
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** `spec is not a mapping` -> `SpecIsNotAMapping`: SARIF's rule name is an identifier-like label. */
function ruleName(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function artifactLocation(file: string): Record<string, string> | undefined {
  if (file === '<stdin>') return undefined;
  const slashed = file.replace(/\\/g, '/');
  if (slashed.startsWith('/')) return { uri: `file://${encodePath(slashed)}` };
  return { uri: encodePath(slashed.replace(/^\.\//, '')), uriBaseId: '%SRCROOT%' };
}

const encodePath = (p: string) => p.split('/').map(encodeURIComponent).join('/');

/**
 * GitHub Actions workflow commands (`::error file=F,line=L,col=C,endLine=..,endColumn=..,title=T::message`), one
 * per diagnostic. Escaping follows the runner's own toolkit (actions/toolkit, packages/core/src/command.ts:
 * escapeData and escapeProperty): `%`, CR and LF in the message; also `:` and `,` in properties.
 */
export function toGithubCommands(ds: readonly Diagnostic[]): string {
  const command: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };
  return ds
    .map((d) => {
      const props: string[] = [];
      if (d.file !== undefined && d.file !== '<stdin>') {
        props.push(`file=${escapeProperty(sanitizeText(d.file))}`);
        if (d.line !== undefined) props.push(`line=${d.line}`);
        if (d.col !== undefined) props.push(`col=${d.col}`);
        if (d.endLine !== undefined) props.push(`endLine=${d.endLine}`);
        if (d.endCol !== undefined && d.endLine === d.line) props.push(`endColumn=${d.endCol}`);
      }
      props.push(`title=${escapeProperty(`${d.code} ${codes[d.code].title}`)}`);
      const pathNote = d.path.length ? ` (at ${formatPath(d.path)})` : '';
      // sanitizeText escapes control characters, so the only line break left is the one before the hint.
      const message =
        sanitizeText(`${d.message}${pathNote}`) + (d.hint ? `\nhint: ${sanitizeText(d.hint)}` : '');
      return `::${command[d.severity]} ${props.join(',')}::${escapeData(message)}\n`;
    })
    .join('');
}

const escapeData = (s: string) =>
  s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
