// Highlights, focus and the props every view of the original shares.
import type { DocTable, Span } from '../../../core/model';

export type HighlightCls = 'hl-total' | 'hl-part' | 'hl-text' | 'hl-note' | 'hl-cell' | 'hl-section' | 'hl-gap';

export interface Highlight {
  start: number;
  end: number;
  cls: HighlightCls;
  /** hl-gap: where a missing section should be (a zero-width place), with the words shown there. */
  label?: string;
}

export interface Focus {
  start: number;
  end: number;
  nonce: number;
}

export interface OriginalProps {
  reportKey: string;
  kind: string;
  text: string;
  spans: Span[];
  layout?: DocTable[];
  range: { start: number; end: number };
  highlights: Highlight[];
  focus: Focus | null;
  onSelectRange: (r: { start: number; end: number } | null) => void;
}

/** Evidence role of a highlight class (what data-evidence says). */
export const EVIDENCE: Partial<Record<HighlightCls, string>> = { 'hl-total': 'total', 'hl-part': 'part', 'hl-text': 'text', 'hl-cell': 'cell' };
const RANK = ['hl-total', 'hl-part', 'hl-text', 'hl-cell'];
export function evidenceOf(cls: string[]): string | undefined {
  for (const r of RANK) if (cls.includes(r)) return EVIDENCE[r as HighlightCls];
  return undefined;
}
/** Longest run of text in one DOM node: long lines without spaces are cut into pieces so layout stays fast. */
export const CHUNK = 2000;
/** A line longer than this is prose, never a table row (a million pipes would be a million cells). */
export const MAX_ROW = 4000;
