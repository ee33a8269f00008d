import type { Document, LineCounter } from 'yaml';

/** A parsed spec file: the YAML AST (for positions), its line index, and the plain JS value. */
export interface SpecDocument {
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  value: unknown;
}

export interface SourceRange {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}
