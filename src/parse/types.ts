import type { SpecNode } from './spec-tree.js';

/** A parsed spec file: its node tree (for positions), its line index, and the plain JS value. */
export interface SpecDocument {
  file: string;
  text: string;
  /** undefined for a document with no content node. */
  tree: SpecNode | undefined;
  lineCounter: { linePos(offset: number): { line: number; col: number } };
  value: unknown;
}

export interface SourceRange {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}
