import { hasErrors, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import { rangeAt } from '../parse/locate.js';
import type { SpecDocument } from '../parse/types.js';

/** A spec's schema errors, or else its semantic rules' findings, every one located in the source. */
export function checked<T>(
  specDoc: SpecDocument,
  schemaErrors: Diagnostic[],
  rules: readonly ((spec: T) => Diagnostic[])[],
): StageResult<T> {
  if (schemaErrors.length) return { diagnostics: schemaErrors };
  const spec = specDoc.value as T;
  const diagnostics = rules.flatMap((rule) => rule(spec)).map((d) => locate(d, specDoc));
  return hasErrors(diagnostics) ? { diagnostics } : { value: spec, diagnostics };
}

export function locate(d: Diagnostic, specDoc: SpecDocument): Diagnostic {
  if (d.line !== undefined) return d;
  return { ...d, file: specDoc.file, ...rangeAt(specDoc, d.path) };
}
