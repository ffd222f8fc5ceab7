// The three standard tables, read from rows of fields by label and position.

import type { Cell, Format, LabelDeviation, Range, Table, TableKey, TableRow } from '../model.js';
import {
  CATEGORY_LABELS,
  FORMAT_MARKERS,
  PROACTIVE_COL_LABELS,
  PROACTIVE_ROW_LABELS,
  PROACTIVE_ROWS,
  REQUEST_COLS,
  REQUEST_ROWS,
  REVIEW_COLS,
  REVIEW_GROUPS,
  requestRowOrder,
  resultLeafRows,
} from '../schema.js';
import { compact, labelKey, similarity } from '../text/normalize.js';
import { alignValues, type RowCheck } from './align.js';
import { classify, isLabelLike, isValueLike } from './cells.js';
import type { Field, Row } from './rows.js';
import { solveRows, splitCells, splitsOf, unglueRow } from './glued.js';

export function emptyTable(key: TableKey, format: Format): Table {
  return { key, format, present: false, range: null, rows: {}, rowOrder: [], columns: {}, labelDeviations: [], unmatched: [] };
}

/** Split a row into its label fields and its value fields (after the last label). */
export function splitLabel(row: Row): { label: Field[]; values: Field[] } {
  let last = -1;
  row.fields.forEach((f, i) => {
    if (isLabelLike(f.raw)) last = i;
  });
  return { label: row.fields.slice(0, last + 1).filter((f) => f.raw !== ''), values: row.fields.slice(last + 1) };
}

function joinRange(fields: Field[], fallback: Range): Range {
  if (!fields.length) return fallback;
  return { start: fields[0]!.start, end: fields[fields.length - 1]!.end };
}

function makeCells(cols: readonly string[], slots: (Field | null)[], at: number, amountCols: string[] = []): Record<string, Cell> {
  const cells: Record<string, Cell> = {};
  cols.forEach((c, i) => {
    const f = slots[i];
    const range = f ? { start: f.start, end: f.end } : { start: at, end: at };
    cells[c] = classify(f ? f.raw : '', range, { amount: amountCols.includes(c) });
  });
  return cells;
}

function tableRange(rows: Row[]): Range | null {
  if (!rows.length) return null;
  return { start: rows[0]!.range.start, end: rows[rows.length - 1]!.range.end };
}

// ---- format -----------------------------------------------------------------------------------

/** Decide the format from the wording of the tables (not from the year). */
export function detectFormat(proactiveText: string, requestsText: string): Format {
  const p = compact(proactiveText);
  const r = compact(requestsText);
  let s2021 = 0;
  let s2019 = 0;
  for (const m of FORMAT_MARKERS['2021']) if (p.includes(compact(m))) s2021++;
  for (const m of FORMAT_MARKERS['2019']) if (p.includes(compact(m))) s2019++;
  if (/逾期不补正|逾期未按收费通知/.test(r)) s2021 += 2;
  if (s2021 === 0 && s2019 === 0) return 'unknown';
  return s2021 >= s2019 ? '2021' : '2019';
}

/** The format of each table on its own: a report may print table 二 of one format and table 三 of the
 * other. Falls back to the report's format where a table carries no marker. */
export function tableFormats(proactiveText: string, requestsText: string, report: Format): { proactive: Format; requests: Format } {
  const own = detectFormat(proactiveText, '');
  const r = compact(requestsText);
  const requests: Format = /逾期不补正|逾期未按收费通知/.test(r) ? '2021' : report;
  return { proactive: own === 'unknown' ? report : own, requests };
}

// ---- table 三 ---------------------------------------------------------------------------------

const HEADER_WORDS = /勾稽|申请人情况|自然人|商业企业|科研机构|法人或其他组织/;
const ITEM_DEFS = REQUEST_ROWS.filter((d) => d.cat);
const stripNum = (s: string) => s.replace(/^\d+[.、,]?/, '');
const ITEM_TEXT = new Map(ITEM_DEFS.map((d) => [d.key, compact(stripNum(d.label))]));

interface RowMatch {
  key: string | null;
  /** Item text as written, for label checks. */
  itemText?: string;
}

export function matchRequestRow(labelRaw: string, ctx: { cat: string | null }, format: Format): RowMatch {
  const L = compact(labelRaw).replace(/[“”"]/g, '');
  const cat = /\((三|四|五|六)\)/.exec(L);
  if (cat) ctx.cat = cat[1]!;
  if (/结转下年度|转下年度|下年度继续办理/.test(L)) return { key: 'carried_out' };
  if (/上年(度)?结转/.test(L)) return { key: 'carried_in' };
  if (/本年(度)?新?收/.test(L)) return { key: 'received' };
  if (/\(七\)|^总计$|^合计$/.test(L)) return { key: 'total' };
  if (/部分公开/.test(L)) {
    ctx.cat = null;
    return { key: 'partial' };
  }
  if (/予以公开/.test(L) && !/不予公开/.test(L)) {
    ctx.cat = null;
    return { key: 'granted' };
  }
  const numMatch = /(\d)[.、,]([^\d]*)$/.exec(L);
  if (numMatch) {
    const num = Number(numMatch[1]);
    const text = numMatch[2]!;
    let best: { key: string; score: number } | null = null;
    for (const d of ITEM_DEFS) {
      if (format !== 'unknown' && !d.formats.includes(format)) continue;
      const sc = similarity(text, ITEM_TEXT.get(d.key)!) + (ctx.cat === d.cat ? 0.05 : 0) + (d.num === num ? 0.05 : 0);
      if (!best || sc > best.score) best = { key: d.key, score: sc };
    }
    if (best && best.score >= 0.55) return { key: best.key, itemText: text };
    const byNum = ITEM_DEFS.find((d) => d.cat === ctx.cat && d.num === num);
    if (byNum) return { key: byNum.key, itemText: text };
    return { key: null };
  }
  // （六）其他处理 as one row: the 2019 shape; in a 2021 table it is read as printed (see parseRequests).
  if (/\(六\)|^其他处理$/.test(L) && !/\d/.test(L)) return { key: 'other' };
  return { key: null };
}

const requestCheck: RowCheck = (v) => {
  const parts = v.slice(0, 6).reduce<number>((a, b) => a + (b ?? 0), 0);
  return v[6] !== null && Math.abs(parts - (v[6] ?? 0)) < 1e-9;
};

/** A row with values whose label matched no row of the format. */
interface Orphan {
  label: Field[];
  values: Field[];
  row: Row;
  text: string;
}

export interface RequestOptions {
  /** OCR'd text: a row whose label is too garbled to match is placed by its position (see placeByPosition). */
  byPosition?: boolean;
  /** Rows the auditor placed: the label at this range is this row (it wins over any reading). */
  rowHints?: RowHint[];
}

export interface RowHint {
  range: Range;
  row: string;
}

/** The row an auditor's hint gives a label, if any. */
function hinted(hints: RowHint[] | undefined, r: Range): string | undefined {
  return hints?.find((h) => h.range.start < Math.max(r.end, r.start + 1) && r.start < Math.max(h.range.end, h.range.start + 1))?.row;
}

export function parseRequests(rows: Row[], format: Format, opts: RequestOptions = {}): Table {
  const table = emptyTable('requests', format);
  table.rowOrder = requestRowOrder(format);
  const ctx = { cat: null as string | null };
  const reserved = new Set((opts.rowHints ?? []).map((h) => h.row));
  const pointed = new Set<string>();
  const used: Row[] = [];
  // Rows in text order: keys as they are placed, and rows whose label matched nothing.
  const seq: (string | Orphan)[] = [];
  let pending: { key: string; label: Field[]; row: Row; itemText?: string } | null = null;
  let lastItem: { key: string; text: string } | null = null;
  // A label wrapped onto the next line (or page) without values: if the two parts make the
  // official wording, the deviation noted for the first part was only the wrap.
  const continueLabel = (item: { key: string; text: string }, more: string) => {
    if (labelKey(item.text + more) !== labelKey(ITEM_TEXT.get(item.key)!)) return;
    table.labelDeviations = table.labelDeviations.filter((d) => !(d.kind === 'row' && d.row === item.key));
  };

  // Rows whose cells came glued into one digit run: split after every row is read.
  const gluedFields = new Set<Field>();
  const glued = new Map<string, Field>();
  const place = (key: string, label: Field[], values: Field[], row: Row, itemText?: string) => {
    if (table.rows[key]) return;
    if (values.length === 1 && gluedFields.has(values[0]!)) {
      glued.set(key, values[0]!);
      values = [];
    }
    const al = alignValues(values, REQUEST_COLS.length, requestCheck);
    const labelRange = joinRange(label, row.range);
    const r: TableRow = {
      key,
      label: label.map((f) => f.raw).join(' '),
      labelRange,
      cells: makeCells(REQUEST_COLS, al.slots, values.length ? values[values.length - 1]!.end : labelRange.end),
      shape: al.shape,
    };
    table.rows[key] = r;
    table.columns[key] = [...REQUEST_COLS];
    used.push(row);
    seq.push(key);
    if (itemText !== undefined) {
      const def = REQUEST_ROWS.find((d) => d.key === key)!;
      const expected = ITEM_TEXT.get(key)!;
      // Punctuation, brackets and spaces are not a deviation.
      if (labelKey(itemText) !== labelKey(expected)) {
        table.labelDeviations.push({ kind: 'row', row: key, found: itemText, expected: stripNum(def.label), range: labelRange });
      }
    }
  };

  for (const printed of rows) {
    let row = printed;
    const g = unglueRow(printed, isValueLike);
    if (g && matchRequestRow(splitLabel(g.row).label.map((f) => f.raw).join(''), { cat: ctx.cat }, format).key) {
      row = g.row;
      gluedFields.add(g.digits);
    }
    const { label, values } = splitLabel(row);
    const labelText = label.map((f) => f.raw).join('');
    const hasValues = values.some((f) => f.raw !== '');
    if (!label.length) {
      const filled = values.filter((f) => f.raw !== '');
      if (filled.length && lastItem && filled.every((f) => classify(f.raw, f).kind === 'text')) {
        // A one-character tail of a wrapped label ("息").
        continueLabel(lastItem, filled.map((f) => f.raw).join(''));
        continue;
      }
      // Values on a line of their own: they belong to the row whose label came just before.
      if (pending && hasValues) {
        place(pending.key, pending.label, values, row, pending.itemText);
        pending = null;
      }
      continue;
    }
    const hint = hinted(opts.rowHints, joinRange(label, row.range));
    if (!hint && HEADER_WORDS.test(compact(labelText))) continue;
    const read = matchRequestRow(labelText, ctx, format);
    // A row the auditor placed elsewhere does not take its key by matching.
    const m: RowMatch = hint ? { key: hint } : read.key && reserved.has(read.key) ? { key: null } : read;
    if (hint) pointed.add(hint);
    if (!m.key) {
      if (hasValues) {
        table.unmatched.push({ label: labelText, range: joinRange(label, row.range) });
        seq.push({ label, values, row, text: labelText });
      } else if (lastItem) continueLabel(lastItem, labelText);
      continue;
    }
    lastItem = m.itemText !== undefined ? { key: m.key, text: m.itemText } : null;
    if (!hasValues && values.length === 0 && row.fields.length === label.length) {
      // A label with nothing after it: its values may follow on the next line. A label before it
      // that got no values is a row left blank.
      if (pending && pending.key !== m.key && !(pending.key === 'other' && format !== '2019')) place(pending.key, pending.label, [], pending.row, pending.itemText);
      pending = { key: m.key, label, row, itemText: m.itemText };
      continue;
    }
    pending = null;
    // A category label "（六）其他处理" without values heads the 2021 sub-rows; it is not a row.
    if (m.key === 'other' && !hasValues && format !== '2019') continue;
    place(m.key, label, values, row, m.itemText);
  }
  if (pending && !(pending.key === 'other' && format === '2021')) place(pending.key, pending.label, [], pending.row, pending.itemText);
  // （六） in the shape printed first: the row order then has the row that is there ("other" or its
  // three sub-rows), so an unread row beside it (（七）总计 under a seal) has one place to go.
  otherBlock(table, format);
  if (opts.byPosition) {
    for (const [o, key] of placeByPosition(seq, table)) {
      place(key, o.label, o.values, o.row);
      table.rows[key]!.byPosition = true;
      table.unmatched = table.unmatched.filter((u) => u.range.start !== joinRange(o.label, o.row.range).start);
    }
  }
  for (const k of pointed) if (table.rows[k]) table.rows[k]!.pointed = true;
  if (glued.size) splitGluedRequests(table, glued, format);
  table.present = Object.keys(table.rows).length > 0;
  table.range = tableRange(used);
  return table;
}

/**
 * Split table 三's glued rows: each row's six columns sum to its 总计; then, per column, （七）总计 is the
 * sum of the result rows and 一 + 二 = （七） + 四. A row whose split is not unique stays unread.
 */
function splitGluedRequests(table: Table, glued: Map<string, Field>, format: Format): void {
  const cands = new Map<string, number[][]>();
  const rowSum = (v: number[]) => v.slice(0, 6).reduce((a, b) => a + b, 0) === v[6];
  for (const [k, f] of glued) cands.set(k, splitsOf(f.raw, REQUEST_COLS.length, rowSum) ?? []);
  const leaves = resultLeafRowsOf(table, format);
  const known = (k: string, pick: Map<string, number[]>): number[] | null | undefined => {
    if (pick.has(k)) return pick.get(k)!;
    if (glued.has(k)) return undefined; // not chosen yet
    const row = table.rows[k];
    if (!row) return null; // not in the table: the constraint cannot be used
    return REQUEST_COLS.map((c) => row.cells[c]?.value ?? 0);
  };
  const ok = (pick: Map<string, number[]>) => {
    const get = (ks: string[]) => {
      const vs = ks.map((k) => known(k, pick));
      return vs.some((v) => v === undefined || v === null) ? null : (vs as number[][]);
    };
    const sumCols = (vs: number[][]) => REQUEST_COLS.map((_, c) => vs.reduce((a, v) => a + v[c]!, 0));
    const t = get(['total']);
    const parts = get(leaves);
    if (t && parts && sumCols(parts).join() !== t[0]!.join()) return false;
    const bal = get(['received', 'carried_in', 'total', 'carried_out']);
    if (bal && sumCols(bal.slice(0, 2)).join() !== sumCols(bal.slice(2)).join()) return false;
    return true;
  };
  const chosen = solveRows(cands, ok);
  for (const [k, f] of glued) {
    const row = table.rows[k];
    if (!row) continue;
    const pick = chosen.get(k);
    row.glued = { raw: f.raw, range: { start: f.start, end: f.end }, ambiguous: !pick };
    if (pick) {
      const cells = splitCells(f, pick);
      REQUEST_COLS.forEach((c, i) => (row.cells[c] = cells[i]!));
      row.shape = { expected: REQUEST_COLS.length, found: REQUEST_COLS.length, certain: false, note: `数字连写为“${f.raw}”，已按表内勾稽关系唯一拆分` };
    } else {
      const n = cands.get(k)?.length ?? 0;
      row.shape = { expected: REQUEST_COLS.length, found: 0, certain: false, note: `数字连写为“${f.raw}”，${n ? `按表内勾稽关系有 ${n} 种拆分，无法确定` : '无法按表内勾稽关系拆分'}，未读取` };
    }
  }
}

function resultLeafRowsOf(table: Table, format: Format): string[] {
  const leaves = resultLeafRows(format === 'unknown' ? '2021' : format);
  // （六） as printed: one row or three.
  if (table.rows.other && !leaves.includes('other')) return [...leaves.filter((k) => !k.startsWith('other.')), 'other'];
  return leaves.filter((k) => k !== 'other' || !OTHER_SUBROWS.some((s) => table.rows[s]));
}

/** Characters of a row's official label found in a reading (0..1): a garbled label keeps a few. */
function labelOverlap(read: string, key: string): number {
  const def = REQUEST_ROWS.find((d) => d.key === key)!;
  const want = [...new Set(compact(def.cat ? `${CATEGORY_LABELS[def.cat]}${stripNum(def.label)}` : def.label).replace(/[()（）、.\d一二三四五六七]/g, ''))];
  const got = new Set(compact(read));
  return want.length ? want.filter((c) => got.has(c)).length / want.length : 0;
}

/**
 * OCR'd rows whose label matched nothing ("（一）予以公开" read as "(二j邓尺公开"), placed by position:
 * the format gives the row order, so a row between rows N-1 and N+1 while N is missing is N. Rows
 * between the same two matched rows take the missing keys there in order when the counts agree; a
 * single row in a wider gap takes the key whose label shares most characters with its reading, if
 * one clearly does. Anything else is left unmatched (and its neighbours flagged as before).
 */
function placeByPosition(seq: (string | Orphan)[], table: Table): [Orphan, string][] {
  const order = table.rowOrder;
  const out: [Orphan, string][] = [];
  for (let i = 0; i < seq.length; ) {
    if (typeof seq[i] === 'string') {
      i++;
      continue;
    }
    let j = i;
    while (j < seq.length && typeof seq[j] !== 'string') j++;
    const orphans = (seq.slice(i, j) as Orphan[]).filter((o) => o.values.some((f) => isValueLike(f.raw)));
    const prev = i > 0 ? order.indexOf(seq[i - 1] as string) : -1;
    const next = j < seq.length ? order.indexOf(seq[j] as string) : order.length;
    i = j;
    if (!orphans.length || prev >= next) continue;
    const gap = order.slice(prev + 1, next).filter((k) => !table.rows[k]);
    if (gap.length === orphans.length) orphans.forEach((o, k) => out.push([o, gap[k]!]));
    else if (orphans.length === 1 && gap.length > 1 && prev >= 0 && next < order.length) {
      const scored = gap.map((k) => ({ k, s: labelOverlap(orphans[0]!.text, k) })).sort((a, b) => b.s - a.s);
      if (scored[0]!.s >= 0.3 && scored[0]!.s - scored[1]!.s >= 0.2) out.push([orphans[0]!, scored[0]!.k]);
    }
  }
  return out;
}

const OTHER_SUBROWS = ['other.no_correction', 'other.no_fee', 'other.misc'];

/** （六）其他处理 in the shape of the other format: keep what is printed, let rowOrder follow it. */
function otherBlock(table: Table, format: Format): void {
  const one = table.rows.other;
  const subs = OTHER_SUBROWS.filter((k) => table.rows[k]);
  if (one && subs.length) {
    // Both shapes: the sub-rows are the detail; the one row is then a category label with values.
    if (format === '2019') for (const k of subs) delete table.rows[k];
    else delete table.rows.other;
    return;
  }
  const swap = (from: string[], to: string[]) => {
    const i = table.rowOrder.indexOf(from[0]!);
    if (i < 0) return;
    table.rowOrder = [...table.rowOrder.slice(0, i), ...to, ...table.rowOrder.slice(i + from.length)];
  };
  if (one && format === '2021') {
    swap(OTHER_SUBROWS, ['other']);
    table.blockDeviation = { block: 'other', found: '2019', expected: '2021', range: { start: one.labelRange.start, end: one.cells.total?.range.end ?? one.labelRange.end } };
  } else if (subs.length && format === '2019') {
    swap(['other'], OTHER_SUBROWS);
    const first = table.rows[subs[0]!]!;
    const last = table.rows[subs[subs.length - 1]!]!;
    table.blockDeviation = { block: 'other', found: '2021', expected: '2019', range: { start: first.labelRange.start, end: last.cells.total?.range.end ?? last.labelRange.end } };
  }
}

// ---- table 四 ---------------------------------------------------------------------------------

const REVIEW_HEADER = /行政复议|行政诉讼|维持|纠正|其他结果|审结|总计|起诉|结果/;

const reviewCheck: RowCheck = (v) => {
  for (let g = 0; g < 3; g++) {
    const s = v.slice(g * 5, g * 5 + 4).reduce<number>((a, b) => a + (b ?? 0), 0);
    const t = v[g * 5 + 4];
    if (t === null || t === undefined || Math.abs(s - t) > 1e-9) return false;
  }
  return true;
};

export function parseReviews(rows: Row[], format: Format): Table {
  const table = emptyTable('reviews', format);
  table.rowOrder = [...REVIEW_GROUPS];
  const header: Row[] = [];
  const data: Field[] = [];
  const dataRows: Row[] = [];
  for (const printed of rows) {
    // Run-on text: the numbers glued to the header's last word ("…尚未审结总计100010200200011").
    const g = unglueRow(printed, isValueLike);
    const row = g && g.digits.raw.length >= 15 ? g.row : printed;
    const { label, values } = splitLabel(row);
    const labelText = compact(label.map((f) => f.raw).join(''));
    if (label.length && REVIEW_HEADER.test(labelText)) {
      header.push(row);
      if (row !== printed) {
        data.push(g!.digits);
        dataRows.push(row);
        continue;
      }
      // Run-on text: the header words and the numbers after them on one line.
      const nums = values.filter((f) => f.raw !== '' && isValueLike(f.raw));
      if (nums.length >= 5) {
        data.push(...nums);
        dataRows.push(row);
      }
      continue;
    }
    if (!header.length) continue;
    if (values.some((f) => f.raw !== '')) {
      data.push(...values);
      dataRows.push(row);
    } else if (label.length) {
      // Prose after the table ends it.
      if (dataRows.length) break;
    }
  }
  if (!header.length) return table;
  table.present = true;
  const all = [...header, ...dataRows];
  table.range = tableRange(all);
  const at = dataRows.length ? dataRows[0]!.range.start : header[header.length - 1]!.range.end;
  const al = alignValues(data, 15, reviewCheck);
  const filled = data.filter((f) => f.raw.trim() !== '');
  // All fifteen cells glued into one run of digits: split by the groups' sums when only one split fits.
  const run = filled.length === 1 && /^\d{15,}$/.test(filled[0]!.raw.trim()) ? { ...filled[0]!, raw: filled[0]!.raw.trim(), end: filled[0]!.start + filled[0]!.raw.trim().length } : null;
  const splits = run ? splitsOf(run.raw, 15, (v) => [0, 5, 10].every((o) => v[o]! + v[o + 1]! + v[o + 2]! + v[o + 3]! === v[o + 4])) : null;
  REVIEW_GROUPS.forEach((g, gi) => {
    const slots = al.slots.slice(gi * 5, gi * 5 + 5);
    const labelRange = header[0]!.range;
    table.rows[g] = {
      key: g,
      label: g,
      labelRange,
      cells: makeCells(REVIEW_COLS, slots, at),
      shape: gi === 0 ? al.shape : { ...al.shape, note: undefined },
    };
    if (run) {
      const row = table.rows[g]!;
      const one = splits?.length === 1 ? splits[0]! : null;
      row.glued = { raw: run.raw, range: { start: run.start, end: run.end }, ambiguous: !one };
      if (one) {
        const cells = splitCells(run, one);
        REVIEW_COLS.forEach((c, i) => (row.cells[c] = cells[gi * 5 + i]!));
        row.shape = { expected: 15, found: 15, certain: false, note: gi === 0 ? `数字连写为“${run.raw}”，已按各组合计唯一拆分` : undefined };
      } else {
        for (const c of REVIEW_COLS) row.cells[c] = { raw: '', value: null, kind: 'blank', range: { start: run.start, end: run.start } };
        row.shape = { expected: 15, found: 0, certain: false, note: gi === 0 ? `数字连写为“${run.raw}”，${splits?.length ? `按各组合计有 ${splits.length} 种拆分，无法确定` : '无法按各组合计拆分'}，未读取` : undefined };
      }
    }
    table.columns[g] = [...REVIEW_COLS];
  });
  return table;
}

// ---- table 二 ---------------------------------------------------------------------------------

function colLabel(row: string, col: string, f: Exclude<Format, 'unknown'>): string {
  if (row === 'procurement' && col === 'amount') return '采购总金额';
  if (f === '2019' && col === 'decisions') return '处理决定数量';
  return PROACTIVE_COL_LABELS[col]!;
}

export function parseProactive(rows: Row[], format: Format, rowHints: RowHint[] = []): Table {
  const table = emptyTable('proactive', format);
  const f: Exclude<Format, 'unknown'> = format === 'unknown' ? '2021' : format;
  table.rowOrder = Object.keys(PROACTIVE_ROW_LABELS[f]);
  let headerCols: Field[] = [];
  const used: Row[] = [];
  const seenHeader = new Set<string>();
  for (const printed of rows) {
    let row = printed;
    let digits: Field | null = null;
    const g = unglueRow(printed, isValueLike);
    if (g) {
      const t = compact(splitLabel(g.row).label.map((x) => x.raw).join(''));
      if (PROACTIVE_ROWS.some((d) => d.labels.some((l) => labelKey(t) === l))) {
        row = g.row;
        digits = g.digits;
      }
    }
    const { label, values } = splitLabel(row);
    if (!label.length) continue;
    const first = compact(label[0]!.raw);
    if (first === '信息内容' || first.startsWith('信息内容')) {
      headerCols = row.fields.slice(row.fields.indexOf(label[0]!) + 1).filter((x) => x.raw !== '');
      used.push(row);
      continue;
    }
    const text = compact(label.map((x) => x.raw).join(''));
    const hint = hinted(rowHints, joinRange(label, row.range));
    const read = PROACTIVE_ROWS.find((d) => d.labels.some((l) => labelKey(text) === l)) ??
      PROACTIVE_ROWS.find((d) => d.labels.some((l) => text.startsWith(l) && text.length <= l.length + 4));
    const def = hint ? PROACTIVE_ROWS.find((d) => d.key === hint) : read && rowHints.some((h) => h.row === read.key) ? undefined : read;
    if (!def || table.rows[def.key]) continue;
    const cols = def.cols[f];
    if (!cols.length) continue;
    const amountCols = cols.filter((c) => c === 'amount');
    const al = alignValues(values, cols.length);
    const labelRange = joinRange(label, row.range);
    table.rows[def.key] = {
      key: def.key,
      label: label.map((x) => x.raw).join(''),
      labelRange,
      cells: makeCells(cols, al.slots, values.length ? values[values.length - 1]!.end : labelRange.end, amountCols),
      shape: al.shape,
      ...(hint ? { pointed: true as const } : {}),
    };
    table.columns[def.key] = cols;
    used.push(row);
    if (digits) {
      // Table 二 has no sums to split by: one cell takes the run; as many digits as cells, one each.
      const r = table.rows[def.key]!;
      const one = cols.length === 1 ? [Number(digits.raw)] : digits.raw.length === cols.length ? [...digits.raw].map(Number) : null;
      if (cols.length === 1) r.cells = makeCells(cols, [digits], digits.end, amountCols);
      else r.glued = { raw: digits.raw, range: { start: digits.start, end: digits.end }, ambiguous: !one };
      if (cols.length === 1) r.shape = { expected: 1, found: 1, certain: true };
      else if (one) {
        const cells = splitCells(digits, one);
        cols.forEach((c, i) => (r.cells[c] = cells[i]!));
      } else for (const c of cols) r.cells[c] = { raw: '', value: null, kind: 'blank', range: { start: digits.start, end: digits.start } };
      if (cols.length > 1) r.shape = { expected: cols.length, found: one ? cols.length : 0, certain: false, note: one ? `数字连写为“${digits.raw}”，已逐位读取` : `数字连写为“${digits.raw}”，无法确定各列数值，未读取` };
    }
    // Label checks: row label for the format, and the header above it.
    const official = PROACTIVE_ROW_LABELS[f][def.key];
    if (official && labelKey(text) !== labelKey(official)) {
      table.labelDeviations.push({ kind: 'row', row: def.key, found: label.map((x) => x.raw).join(''), expected: official, range: labelRange });
    }
    // Header cells split or merged differently (a PDF converter's colspan) are fine when together
    // they spell the official headers.
    const wantAll = labelKey(cols.map((c) => colLabel(def.key, c, f)).join(''));
    const gotAll = labelKey(headerCols.map((h) => h.raw).join(''));
    if (gotAll === wantAll) headerCols = [];
    headerCols.slice(0, cols.length).forEach((h, i) => {
      const col = cols[i]!;
      const want = colLabel(def.key, col, f);
      const id = `${col}:${h.start}`;
      if (seenHeader.has(id)) return;
      seenHeader.add(id);
      const got = labelKey(h.raw);
      // Official templates add notes such as （单位：万元，保留4位小数）.
      const stem = labelKey(compact(want).replace(/\(.*$/, ''));
      if (got !== labelKey(want) && !(col === 'amount' && got.startsWith(stem))) {
        const dev: LabelDeviation = { kind: 'col', row: def.key, col, found: h.raw, expected: want, range: { start: h.start, end: h.end } };
        table.labelDeviations.push(dev);
      }
    });
  }
  table.present = Object.keys(table.rows).length > 0;
  table.range = tableRange(used);
  return table;
}
