// Align a row's value fields to the columns of the format. Fields at exactly the expected count are
// positional. Otherwise padding is removed, and when values are still too many or too few, every
// placement is scored (the row's own arithmetic first, then the least disturbance) and the best
// justified reading is kept, marked uncertain so that R-TBL-SHAPE tells the auditor.

import type { RowShape } from '../model.js';
import type { Field } from './rows.js';
import { classify } from './cells.js';

export interface Alignment {
  /** One entry per column: the field placed there, or null (no field: blank). */
  slots: (Field | null)[];
  shape: RowShape;
}

export type RowCheck = (values: (number | null)[]) => boolean;

function num(f: Field | null): number | null {
  if (!f) return null;
  return classify(f.raw, f, { amount: true }).value;
}

const isEmpty = (f: Field) => f.raw.trim() === '';
/** Ink that is no number: text without a digit (not '?', the mark of unreadable ink). */
const notValue = (f: Field) => {
  const t = f.raw.trim();
  return t !== '' && t !== '?' && !/\d/.test(t) && classify(t, f, { amount: true }).kind === 'text';
};

const MAX_PLACEMENTS = 20000;

export function alignValues(fields: Field[], n: number, check?: RowCheck): Alignment {
  const found = fields.filter((f) => !isEmpty(f)).length;
  if (fields.length === n) {
    return { slots: fields.slice(), shape: { expected: n, found, certain: true } };
  }
  // Text right after the label, with no digit in it (a label cell OCR read as garble, "（一）予以公开"
  // as "Ai"; a label split over two cells): not a value. When the row has exactly the columns
  // without it, the fields after it are positional — trimming the blanks at the end instead would
  // move every value one column right. Still uncertain: the label was not read.
  let lead = 0;
  while (lead < fields.length - n && notValue(fields[lead]!)) lead++;
  if (lead && fields.length - lead === n) {
    const slots = fields.slice(lead);
    return {
      slots,
      shape: { expected: n, found: slots.filter((f) => !isEmpty(f)).length, certain: false, note: `标签后多出 ${lead} 个非数字单元格，已舍去` },
    };
  }
  let lo = 0;
  let hi = fields.length;
  while (hi > lo && isEmpty(fields[hi - 1]!)) hi--;
  while (lo < hi && isEmpty(fields[lo]!)) lo++;
  const core = fields.slice(lo, hi);
  if (core.length === 0) {
    return { slots: new Array(n).fill(null), shape: { expected: n, found: 0, certain: true } };
  }
  if (core.length === n) {
    return { slots: core, shape: { expected: n, found, certain: true } };
  }
  if (core.length > n) return dropExtra(core, n, check, found);
  return insertMissing(core, n, check, found);
}

function* combinations(m: number, k: number): Generator<number[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  if (k > m) return;
  while (true) {
    yield idx.slice();
    let i = k - 1;
    while (i >= 0 && idx[i] === m - k + i) i--;
    if (i < 0) return;
    idx[i]!++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1]! + 1;
  }
}

function dropExtra(core: Field[], n: number, check: RowCheck | undefined, found: number): Alignment {
  const extra = core.length - n;
  let best: { score: number; slots: Field[] } | null = null;
  let tried = 0;
  for (const drop of combinations(core.length, extra)) {
    if (++tried > MAX_PLACEMENTS) break;
    const set = new Set(drop);
    const slots = core.filter((_, i) => !set.has(i));
    let score = 0;
    if (check && check(slots.map(num))) score += 1000;
    for (const d of drop) {
      if (isEmpty(core[d]!)) score += 10;
      score += d / core.length; // prefer dropping later fields (conversion adds columns at the end)
    }
    if (!best || score > best.score) best = { score, slots };
  }
  const picked = best ? best.slots : core.slice(0, n);
  return {
    slots: picked,
    shape: {
      expected: n,
      found,
      certain: false,
      note: `多出 ${extra} 个单元格，已按${best && best.score >= 1000 ? '合计关系' : '位置'}舍去`,
    },
  };
}

function insertMissing(core: Field[], n: number, check: RowCheck | undefined, found: number): Alignment {
  const k = core.length;
  let best: { score: number; slots: (Field | null)[] } | null = null;
  let tried = 0;
  for (const pos of combinations(n, k)) {
    if (++tried > MAX_PLACEMENTS) break;
    const slots: (Field | null)[] = new Array(n).fill(null);
    pos.forEach((p, i) => (slots[p] = core[i]!));
    let score = 0;
    const vals = slots.map(num);
    const filledTotal = slots[n - 1] !== null;
    if (check && filledTotal && check(vals)) score += 1000;
    if (filledTotal) score += 50; // a row usually has its total filled in
    // Prefer the earliest columns for the parts (自然人 first).
    for (let i = 0; i < pos.length - (filledTotal ? 1 : 0); i++) score -= pos[i]!;
    if (!best || score > best.score) best = { score, slots };
  }
  return {
    slots: best ? best.slots : [...core, ...new Array(n - k).fill(null)],
    shape: {
      expected: n,
      found,
      certain: false,
      note: `只有 ${k} 个单元格（应为 ${n} 个），已按${best && best.score >= 1000 ? '合计关系' : '位置'}推断所在列`,
    },
  };
}
