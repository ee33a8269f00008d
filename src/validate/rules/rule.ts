import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Spec } from '../../spec/spec.js';

/** A semantic rule: a pure check over a schema-valid spec; validate() adds source positions. */
export type Rule = (spec: Spec) => Diagnostic[];
