// Glued digit runs: page text saved by a crawler or a flattening converter can lose the borders
// between a row's label and its cells, and between the cells ("一、本年新收政府信息公开申请数量12830000131"
// = 128, 3, 0, 0, 0, 0, 131). The run is split by what the table must satisfy: each row's own sum,
// then the column sums and the balance across rows. A split that is the only one is taken (its cells
// marked inferred); otherwise the row is reported as ambiguous, never read as blank.

import type { Cell, Range } from '../model.js';
import type { Field, Row } from './rows.js';

/** A label with its cells glued after it: "…数量12830000131", "3.危及“三安全一稳定”11400000114". */
const GLUED = /^(.*[\u4e00-\u9fff”"’)）])([0-9０-９]+)$/;

const ascii = (s: string) => s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/**
 * The row with its last field cut into the label and the glued digits, when the row has nothing
 * after its label. Returns the digits field too (to be split later), or null.
 */
export function unglueRow(row: Row, isValue: (raw: string) => boolean): { row: Row; digits: Field } | null {
  const filled = row.fields.filter((f) => f.raw.trim() !== '');
  if (!filled.length || filled.some((f) => isValue(f.raw))) return null;
  const last = filled[filled.length - 1]!;
  const raw = last.raw.trimEnd();
  const m = GLUED.exec(raw);
  if (!m || !/[\u4e00-\u9fff]{2}/.test(m[1]!)) return null;
  const end = last.start + raw.length;
  const digits: Field = { start: end - m[2]!.length, end, raw: ascii(m[2]!) };
  const label: Field = { start: last.start, end: digits.start, raw: m[1]! };
  const i = row.fields.indexOf(last);
  return { row: { ...row, fields: [...row.fields.slice(0, i), label, digits] }, digits };
}

/** Splits tried per run at most (a run of 30 digits into 7 cells has ~600 000 compositions). */
const MAX_STEPS = 400_000;
/** Candidate splits kept per run at most. */
const MAX_SPLITS = 2_000;

/**
 * Every way to cut `digits` into `n` whole numbers (no leading zeros, at most 6 digits each) that
 * passes `check`. `null` when there are too many to try.
 */
export function splitsOf(digits: string, n: number, check: (v: number[]) => boolean): number[][] | null {
  if (digits.length < n || digits.length > n * 6) return [];
  const out: number[][] = [];
  const cur: number[] = [];
  let steps = 0;
  let overflow = false;
  const walk = (at: number) => {
    if (overflow) return;
    if (++steps > MAX_STEPS) {
      overflow = true;
      return;
    }
    const left = n - cur.length;
    if (left === 0) {
      if (at === digits.length && check(cur)) {
        out.push([...cur]);
        if (out.length > MAX_SPLITS) overflow = true;
      }
      return;
    }
    const rest = digits.length - at;
    if (rest < left || rest > left * 6) return;
    const maxLen = digits[at] === '0' ? 1 : Math.min(6, rest - (left - 1));
    for (let len = 1; len <= maxLen; len++) {
      cur.push(Number(digits.slice(at, at + len)));
      walk(at + len);
      cur.pop();
    }
  };
  walk(0);
  return overflow ? null : out;
}

/** The cells of one split, each with its own range in the text, marked inferred. */
export function splitCells(digits: Field, values: number[]): Cell[] {
  const out: Cell[] = [];
  let at = digits.start;
  for (const v of values) {
    const s = String(v);
    const range: Range = { start: at, end: at + s.length };
    out.push({ raw: s, value: v, kind: v === 0 ? 'zero' : 'number', range, inferred: true });
    at += s.length;
  }
  return out;
}

/**
 * Choose one split per row so that every constraint holds: rows fixed where all solutions agree.
 * `cands` maps a row key to its candidate splits; `ok` checks a full assignment (rows missing from it
 * are unknown and must not fail it). Returns the chosen split per row (rows left ambiguous absent).
 */
export function solveRows(cands: Map<string, number[][]>, ok: (pick: Map<string, number[]>) => boolean, budget = 200_000): Map<string, number[]> {
  const keys = [...cands.keys()].filter((k) => cands.get(k)!.length > 0).sort((a, b) => cands.get(a)!.length - cands.get(b)!.length);
  const fixed = new Map<string, number[]>();
  for (const k of keys) if (cands.get(k)!.length === 1) fixed.set(k, cands.get(k)![0]!);
  const open = keys.filter((k) => cands.get(k)!.length > 1);
  if (!open.length) return fixed;
  // Search the product of the open rows' candidates (pruned by ok on partial assignments).
  const agree = new Map<string, number[] | null>();
  let steps = 0;
  let solutions = 0;
  let gaveUp = false;
  const pick = new Map(fixed);
  const walk = (i: number) => {
    if (gaveUp) return;
    if (++steps > budget) {
      gaveUp = true;
      return;
    }
    if (!ok(pick)) return;
    if (i === open.length) {
      solutions++;
      for (const k of open) {
        const v = pick.get(k)!;
        const a = agree.get(k);
        if (a === undefined) agree.set(k, v);
        else if (a && a.join() !== v.join()) agree.set(k, null);
      }
      return;
    }
    const k = open[i]!;
    for (const c of cands.get(k)!) {
      pick.set(k, c);
      walk(i + 1);
    }
    pick.delete(k);
  };
  walk(0);
  if (gaveUp || solutions === 0) return fixed;
  for (const [k, v] of agree) if (v) fixed.set(k, v);
  return fixed;
}
