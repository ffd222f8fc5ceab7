// Cell accuracy of an OCR'd report against known values (tables 三 and 四), and whether every
// wrong cell was flagged low-confidence.
import type { Report } from '../../src/core/model.js';
import type { DocumentJson } from '../../src/core/output.js';
import { REQ_COLS, type ReqValues, type V } from './reportgen.js';

const REV_COLS = ['upheld', 'corrected', 'other', 'pending', 'total'];
const REV_GROUPS = ['review', 'litigation_direct', 'litigation_after_review'];

export interface CellCheck {
  where: string;
  want: number | null;
  got: number | null | undefined;
  low: boolean;
}

export function expectedCells(requests: ReqValues, reviews: V[]): { where: string; table: 'requests' | 'reviews'; row: string; col: string; want: number | null }[] {
  const out: { where: string; table: 'requests' | 'reviews'; row: string; col: string; want: number | null }[] = [];
  const num = (v: V) => (v === '' ? null : Number(v));
  for (const [row, vals] of Object.entries(requests)) REQ_COLS.forEach((col, i) => out.push({ where: `requests.${row}.${col}`, table: 'requests', row, col, want: num(vals[i]!) }));
  reviews.forEach((v, i) => {
    const row = REV_GROUPS[Math.floor(i / 5)]!;
    const col = REV_COLS[i % 5]!;
    out.push({ where: `reviews.${row}.${col}`, table: 'reviews', row, col, want: num(v) });
  });
  return out;
}

export function scoreCells(r: Report | undefined, json: DocumentJson['reports'][number] | undefined, requests: ReqValues, reviews: V[]) {
  const low = new Set((json?.lowConfidence ?? []).map((c) => `${c.table}.${c.row}.${c.col}`));
  const cells: CellCheck[] = expectedCells(requests, reviews).map((e) => ({
    where: e.where,
    want: e.want,
    got: r?.tables[e.table].rows[e.row]?.cells[e.col]?.value,
    low: low.has(e.where),
  }));
  const wrong = cells.filter((c) => c.got !== c.want);
  return { total: cells.length, correct: cells.length - wrong.length, wrong, wrongNotLow: wrong.filter((c) => !c.low), low: cells.filter((c) => c.low).length };
}
