import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';

/** The SARIF 2.1.0 schema as Microsoft's SARIF SDK ships it (@microsoft/jest-sarif, MIT), draft-04. */
export function sarifValidator(): ValidateFunction {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(
    readFileSync(
      require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'),
      'utf8',
    ),
  ) as object;
  // The schema's language-tag pattern is not valid in unicode mode; the SDK validates without it too.
  // CommonJS packages: their ES default is the module's `default` export.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  ajvFormats.default(ajv);
  return ajv.compile(schema);
}

export interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  locations?: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number; startColumn?: number; endLine?: number; endColumn?: number };
    };
  }[];
}

export const sarifResults = (log: unknown): SarifResult[] =>
  (log as { runs: { results: SarifResult[] }[] }).runs[0]!.results;
