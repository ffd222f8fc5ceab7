// Compare extracted cells with the hand-read truth of tests/truth/fixture-cells.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../src/core/model.js';
import { ROOT } from './engine.js';

export interface TruthReport {
  file: string;
  report: number;
  proactive: Record<string, (number | null)[]>;
  requests: Record<string, (number | null)[]>;
  reviews: (number | null)[];
}

export const TRUTH: TruthReport[] = JSON.parse(readFileSync(join(ROOT, 'tests/truth/fixture-cells.json'), 'utf8')).reports;

const REQ_COLS = ['natural', 'business', 'research', 'nonprofit', 'legal', 'other_org', 'total'];
const REV_COLS = ['upheld', 'corrected', 'other', 'pending', 'total'];
const REV_GROUPS = ['review', 'litigation_direct', 'litigation_after_review'];

/** Every cell of the truth with what was extracted; `ok` when equal (null = blank). */
export function compareCells(t: TruthReport, r: Report | undefined) {
  const out: { where: string; want: number | null; got: number | null | undefined; ok: boolean }[] = [];
  const push = (where: string, want: number | null, got: number | null | undefined) => out.push({ where, want, got, ok: got === want });
  for (const [row, vals] of Object.entries(t.proactive)) {
    const cells = r?.tables.proactive.rows[row]?.cells;
    const cols = r?.tables.proactive.columns[row] ?? [];
    vals.forEach((v, i) => push(`proactive.${row}.${cols[i] ?? i}`, v, cols[i] ? cells?.[cols[i]!]?.value : undefined));
  }
  for (const [row, vals] of Object.entries(t.requests)) {
    vals.forEach((v, i) => push(`requests.${row}.${REQ_COLS[i]}`, v, r?.tables.requests.rows[row]?.cells[REQ_COLS[i]!]?.value));
  }
  t.reviews.forEach((v, i) => {
    const g = REV_GROUPS[Math.floor(i / 5)]!;
    const c = REV_COLS[i % 5]!;
    push(`reviews.${g}.${c}`, v, r?.tables.reviews.rows[g]?.cells[c]?.value);
  });
  return out;
}
