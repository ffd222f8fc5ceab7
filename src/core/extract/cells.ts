import type { Cell, CellKind, Range } from '../model.js';
import { normalizeForMatch } from '../text/normalize.js';

const NA = new Set(['/', '-', '--', '—', '——', '－', '\\', '无', '不适用', '×', 'x', 'X', '／']);

/** Classify a cell's raw text: number, zero, blank, not applicable, or text. */
export function classify(raw: string, range: Range, opts: { amount?: boolean } = {}): Cell {
  const t = normalizeForMatch(raw).replace(/\s+/g, '');
  if (t === '' || t === '&nbsp;') return { raw, value: null, kind: 'blank', range };
  if (NA.has(t) || /^[-/]+$/.test(t)) return { raw, value: null, kind: 'na', range };
  let body = t.replace(/,(?=\d{3}(\D|$))/g, '');
  let unit: string | undefined;
  if (opts.amount) {
    const m = /^(.*?)(万元|元|万)$/.exec(body);
    if (m) {
      body = m[1]!;
      unit = m[2] === '万' ? '万元' : m[2];
    }
  }
  if (/^[+-]?\d+(\.\d+)?$/.test(body)) {
    const value = Number(body);
    const kind: CellKind = value === 0 ? 'zero' : 'number';
    const cell: Cell = { raw, value, kind, range };
    if (unit) cell.unit = unit;
    return cell;
  }
  return { raw, value: null, kind: 'text', range };
}

/** A field looks like a table value (number, blank or n/a) rather than a label. */
export function isValueLike(raw: string): boolean {
  return classify(raw, { start: 0, end: 0 }, { amount: true }).kind !== 'text';
}

/** Text with at least two Han characters, or a numbering such as (七), is a label. */
export function isLabelLike(raw: string): boolean {
  const t = normalizeForMatch(raw).replace(/\s+/g, '');
  if (!t) return false;
  if (isValueLike(t)) return false;
  const han = t.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
  if (han >= 2) return true;
  return /^\(?[一二三四五六七八九十]+\)|^[一二三四五六七八九十]+、|^\d+[.、]/.test(t);
}
