// The auditor corrects what the machine misread: a cell's value (as printed, blank as printed, or
// confirmed as read), where a section begins, which row a label is. Corrections are plain records
// keyed by the cell (report key + table + canonical row + column), not by a finding, so they survive
// re-runs, re-imports and new rules. Structure corrections re-read the document with hints; cell
// corrections are laid over the reading, which each cell keeps (`Cell.correction.read`).

import type { Cell, CellKind, DocumentParse, DocumentText, Finding, ReadHints, Report, SectionKey, Table, TableKey, TableRow } from './model.js';
import { SECTION_KEYS } from './model.js';
import { classify } from './extract/cells.js';
import { parseDocument } from './extract/document.js';
import { reportKey, type CorrectionExtras } from './output.js';
import { checkDocument, type DocumentFindings } from './rules/index.js';
import type { Settings } from './rules/registry.js';
import { makeAnchor, reanchor, type Anchor, type Stamp } from './review.js';
import { PROACTIVE_ROWS, PROACTIVE_ROW_LABELS, REQUEST_COLS, REQUEST_ROWS, REVIEW_COLS, REVIEW_GROUP_LABELS, REVIEW_GROUPS, SECTION_TITLES, requestRowLabel } from './schema.js';
import { cellWords, TABLE_NAMES } from './rules/structure.js';

export type CellCorrectionKind = 'value' | 'blank' | 'confirm';

interface CorrectionBase extends Stamp {
  /** See `correctionId`. */
  id: string;
  reportKey: string;
  /** Withdrawn by the auditor (kept for the history; undo restores it). */
  deleted?: boolean;
}

/** A cell as printed: `raw` is what the auditor typed (kind 'value'); `read` what the machine read then. */
export interface CellCorrection extends CorrectionBase {
  kind: CellCorrectionKind;
  table: TableKey;
  row: string;
  col: string;
  raw?: string;
  read: { raw: string; value: number | null };
}

/** A section begins with the heading at `anchor` (a selection in the original). */
export interface SectionCorrection extends CorrectionBase {
  kind: 'section';
  section: SectionKey;
  anchor: Anchor;
}

/** The table row whose label is at `anchor` is canonical row `row`. */
export interface RowCorrection extends CorrectionBase {
  kind: 'row';
  table: 'proactive' | 'requests';
  row: string;
  /** The row the reader had given the label (null: none). */
  readAs: string | null;
  anchor: Anchor;
}

export type Correction = CellCorrection | SectionCorrection | RowCorrection;
export type CorrectionKind = Correction['kind'];

/** One id per cell / section / label: a new correction of the same thing replaces the old one. */
export function correctionId(c: Pick<CellCorrection, 'reportKey' | 'table' | 'row' | 'col'> & { kind: CellCorrectionKind }): string;
export function correctionId(c: Pick<SectionCorrection, 'reportKey' | 'kind' | 'section'>): string;
export function correctionId(c: { reportKey: string; kind: 'row'; table: string; anchor: Pick<Anchor, 'start'> }): string;
export function correctionId(c: { reportKey: string; kind: CorrectionKind; table?: string; row?: string; col?: string; section?: string; anchor?: Pick<Anchor, 'start'> }): string {
  if (c.kind === 'section') return `${c.reportKey}|section|${c.section}`;
  if (c.kind === 'row') return `${c.reportKey}|row|${c.table}:${c.anchor!.start}`;
  return `${c.reportKey}|cell|${c.table}:${c.row}:${c.col}`;
}

export const cellRefOf = (c: { table: string; row: string; col: string }) => `${c.table}.${c.row}.${c.col}`;

/** Columns a canonical row has (any format), or null when the row is not one of the table's. */
export function rowColumns(table: TableKey, row: string, format: Report['format'] = 'unknown'): readonly string[] | null {
  if (table === 'requests') return REQUEST_ROWS.some((r) => r.key === row) ? REQUEST_COLS : null;
  if (table === 'reviews') return (REVIEW_GROUPS as readonly string[]).includes(row) ? REVIEW_COLS : null;
  const def = PROACTIVE_ROWS.find((d) => d.key === row);
  if (!def) return null;
  if (format !== 'unknown') return def.cols[format];
  return [...new Set([...def.cols['2021'], ...def.cols['2019']])];
}

/** Is table/row/col a cell of the official tables (any format)? */
export function cellExists(table: string, row: string, col: string): boolean {
  if (table !== 'proactive' && table !== 'requests' && table !== 'reviews') return false;
  return !!rowColumns(table, row)?.includes(col);
}

/** Is `row` a canonical row of the table (for row corrections)? */
export function rowExists(table: string, row: string): boolean {
  return (table === 'proactive' || table === 'requests') && rowColumns(table, row) !== null;
}

export function rowLabel(table: TableKey, row: string): string {
  if (table === 'requests') return requestRowLabel(row);
  if (table === 'reviews') return REVIEW_GROUP_LABELS[row] ?? row;
  return PROACTIVE_ROW_LABELS['2021'][row] ?? PROACTIVE_ROW_LABELS['2019'][row] ?? row;
}

/** A section correction from a selection in the original. */
export function sectionAnchor(text: string, start: number, end: number, sha256: string, page?: number): Anchor {
  return makeAnchor(text, start, end, sha256, page);
}

/** Why a correction did not apply (shown beside it in 修改记录 and 更正记录). */
export type NotApplied = 'report' | 'place' | 'changed';
export const NOT_APPLIED_ZH: Record<NotApplied, string> = {
  report: '未找到这份年报（文件内容已变）',
  place: '原文中已找不到更正的位置',
  changed: '重新识别后读数已变，确认不再适用，请重新核对',
};

export interface CorrectionOutcome {
  id: string;
  applied: boolean;
  reason?: NotApplied;
}

/** Structure hints for one document from its reports' structure corrections. */
export function readHints(text: string, corrections: readonly Correction[]): { hints: ReadHints; lost: string[] } {
  const hints: ReadHints = { sections: [], rows: [] };
  const lost: string[] = [];
  for (const c of corrections) {
    if (c.deleted || (c.kind !== 'section' && c.kind !== 'row')) continue;
    const m = reanchor(c.anchor, text);
    if (m.how === 'lost') {
      lost.push(c.id);
      continue;
    }
    const range = { start: m.start, end: m.end };
    if (c.kind === 'section') hints.sections!.push({ key: c.section, range });
    else hints.rows!.push({ table: c.table, range, row: c.row });
  }
  return { hints, lost };
}

const overlap = (a: Report['range'], b: Report['range']) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

function emptyRow(t: Table, table: TableKey, row: string, cols: readonly string[]): TableRow {
  const at = t.range?.end ?? 0;
  const range = { start: at, end: at };
  const cells: Record<string, Cell> = {};
  for (const c of cols) cells[c] = classify('', range);
  return { key: row, label: rowLabel(table, row), labelRange: range, cells, shape: { expected: cols.length, found: 0, certain: true } };
}

/** Lay the cell corrections over a report (in place). Returns the outcome of each. */
export function applyCellCorrections(r: Report, corrections: readonly CellCorrection[]): CorrectionOutcome[] {
  const out: CorrectionOutcome[] = [];
  for (const c of corrections) {
    if (c.deleted) continue;
    const t = r.tables[c.table];
    let row = t.rows[c.row];
    const cols = rowColumns(c.table, c.row, t.format === 'unknown' ? r.format : t.format);
    if (!row && c.kind !== 'confirm' && t.present && cols?.includes(c.col)) {
      // A row the reader lost entirely: the auditor types its values as printed.
      row = t.rows[c.row] = emptyRow(t, c.table, c.row, cols);
      t.columns[c.row] = [...cols];
      if (!t.rowOrder.includes(c.row)) t.rowOrder.push(c.row);
    }
    const cell = row?.cells[c.col];
    if (!cell) {
      out.push({ id: c.id, applied: false, reason: 'place' });
      continue;
    }
    const read = { raw: cell.raw, value: cell.value, kind: cell.kind as CellKind };
    if (c.kind === 'confirm' && read.raw.trim() !== c.read.raw.trim()) {
      out.push({ id: c.id, applied: false, reason: 'changed' });
      continue;
    }
    const amount = c.col === 'amount';
    const next = c.kind === 'value' ? classify(c.raw ?? '', cell.range, { amount }) : c.kind === 'blank' ? classify('', cell.range) : cell;
    row!.cells[c.col] = { ...next, range: cell.range, correction: { kind: c.kind, read, by: c.by, at: c.at } };
    out.push({ id: c.id, applied: true });
  }
  return out;
}

export interface CorrectedDocument {
  parse: DocumentParse;
  /** Report key (of the machine's reading) per report of `parse`. */
  keys: string[];
  outcomes: CorrectionOutcome[];
  /** Cells the auditor checked (corrected or confirmed), `table.row.col`, per report. */
  checked: Set<string>[];
}

/**
 * Re-read a document with its corrections: structure hints first (a re-read), then the cell
 * corrections of each report. Reports keep the identity (and key) of the machine's reading, so
 * decisions and corrections stay attached. `original` is the parse without corrections.
 */
export function correctDocument(doc: DocumentText, original: DocumentParse, corrections: readonly Correction[]): CorrectedDocument {
  const keys0 = original.reports.map((r) => reportKey(doc, r));
  const mine = corrections.filter((c) => !c.deleted && keys0.includes(c.reportKey));
  const outcomes: CorrectionOutcome[] = corrections
    .filter((c) => !c.deleted && !keys0.includes(c.reportKey))
    .map((c) => ({ id: c.id, applied: false, reason: 'report' as const }));
  const { hints, lost } = readHints(doc.text, mine);
  for (const id of lost) outcomes.push({ id, applied: false, reason: 'place' });
  const parse = parseDocument(doc, hints);
  // The re-read report of each original one: the one that overlaps it most.
  const keys = parse.reports.map((r) => {
    let best = -1;
    let most = -1;
    original.reports.forEach((o, i) => {
      const v = overlap(o.range, r.range);
      if (v > most) {
        most = v;
        best = i;
      }
    });
    const o = original.reports[best];
    if (o && most > 0) Object.assign(r, { index: o.index, agency: o.agency, agencySource: o.agencySource, year: o.year, yearSource: o.yearSource });
    return reportKey(doc, r);
  });
  for (const c of mine) {
    if (c.kind === 'section' || c.kind === 'row') {
      if (lost.includes(c.id)) continue;
      const r = parse.reports[keys.indexOf(c.reportKey)];
      const ok = !!r && (c.kind === 'section' ? r.sections[c.section].pointed === true : r.tables[c.table].rows[c.row]?.pointed === true);
      outcomes.push(ok ? { id: c.id, applied: true } : { id: c.id, applied: false, reason: r ? 'place' : 'report' });
    }
  }
  const checked = parse.reports.map((r, i) => {
    const cells = mine.filter((c): c is CellCorrection => c.reportKey === keys[i] && c.kind !== 'section' && c.kind !== 'row');
    const res = applyCellCorrections(r, cells);
    outcomes.push(...res);
    return new Set(cells.filter((c) => res.find((x) => x.id === c.id)?.applied).map(cellRefOf));
  });
  // Corrections of a report the re-read lost.
  for (const c of mine) if (!outcomes.some((o) => o.id === c.id)) outcomes.push({ id: c.id, applied: false, reason: 'report' });
  return { parse, keys, outcomes, checked };
}

/** Findings that rest on a corrected cell (by place or evidence) are marked `corrected`. */
export function markCorrected(r: Report, findings: Finding[]): void {
  const ranges = new Set<string>();
  const places = new Set<string>();
  for (const tk of ['proactive', 'requests', 'reviews'] as const) {
    for (const [rk, row] of Object.entries(r.tables[tk].rows)) {
      for (const [ck, cell] of Object.entries(row.cells)) {
        if (!cell.correction || cell.correction.kind === 'confirm') continue;
        ranges.add(`${cell.range.start}:${cell.range.end}`);
        places.add(`${tk}.${rk}.${ck}`);
        places.add(`${tk}.${rk}.`);
        places.add(`${tk}..${ck}`);
      }
    }
  }
  if (!ranges.size) return;
  for (const f of findings) {
    const byPlace = f.table && (places.has(`${f.table}.${f.row ?? ''}.${f.col ?? ''}`) || (f.row && !f.col && places.has(`${f.table}.${f.row}.`)));
    if (byPlace || f.evidence.some((e) => ranges.has(`${e.range.start}:${e.range.end}`))) f.corrected = true;
  }
}

/** Words for a correction's place (as findings name places). */
export function correctionPlace(c: Correction): string {
  if (c.kind === 'section') return `第${'一二三四五六'[SECTION_KEYS.indexOf(c.section)]}部分“${SECTION_TITLES[c.section]}”的标题`;
  if (c.kind === 'row') return `${TABLE_NAMES[c.table]} “${c.anchor.quote.replace(/\s+/g, '').slice(0, 20)}”一行`;
  return cellWords(c.table, c.row, c.col);
}

/** What a correction says, in the auditor's words. */
export function correctionWords(c: Correction): string {
  const shown = (raw: string) => (raw.trim() === '' ? '空白' : raw.trim());
  if (c.kind === 'section') return `标题“${c.anchor.quote.replace(/\s+/g, '').slice(0, 30)}”是${SECTION_TITLES[c.section]}`;
  if (c.kind === 'row') return `这一行是“${rowLabel(c.table, c.row)}”${c.readAs ? `（读作“${rowLabel(c.table, c.readAs)}”）` : ''}`;
  if (c.kind === 'confirm') return `确认读数 ${shown(c.read.raw)}`;
  if (c.kind === 'blank') return `原文为空白（读作 ${shown(c.read.raw)}）`;
  return `更正为 ${shown(c.raw ?? '')}（读作 ${shown(c.read.raw)}）`;
}

export interface CorrectedCheck extends CorrectedDocument {
  found: DocumentFindings;
  /** What reportJson/documentJson need per report of `parse`. */
  extras: CorrectionExtras[];
}

/**
 * All rules on the corrected reading. Findings of the machine's reading that no longer hold are
 * returned per report (`extras[i].resolved`): the finding list shows them as settled by a correction,
 * not by the agency. Findings on cells still unchecked stay needs-review; on checked cells they do not.
 */
export function checkWithCorrections(original: DocumentParse, before: DocumentFindings, corrections: readonly Correction[], settings: Settings): CorrectedCheck {
  const doc = original.doc;
  const c = correctDocument(doc, original, corrections);
  const found = checkDocument(c.parse, settings, c.checked);
  const keys0 = original.reports.map((r) => reportKey(doc, r));
  const extras = c.parse.reports.map((r, i): CorrectionExtras => {
    markCorrected(r, found.reports[i]!);
    const o = keys0.indexOf(c.keys[i]!);
    const now = new Set(found.reports[i]!.map((f) => f.fingerprint));
    const resolved = o >= 0 ? before.reports[o]!.filter((f) => !now.has(f.fingerprint)) : [];
    return { original: o >= 0 ? original.reports[o] : undefined, checked: c.checked[i], resolved };
  });
  return { ...c, found, extras };
}

// ---- making records (the app calls these with the report as shown) ----------------------------

type StampOf = Pick<Stamp, 'by' | 'at' | 'version'>;

/** A cell correction; `read` is the machine's reading of the cell (kept through earlier corrections). */
export function newCellCorrection(reportKey: string, r: Report, a: { kind: CellCorrectionKind; table: TableKey; row: string; col: string; raw?: string }, stamp: StampOf): CellCorrection {
  const cell = r.tables[a.table].rows[a.row]?.cells[a.col];
  const read = cell?.correction?.read ?? (cell ? { raw: cell.raw, value: cell.value } : { raw: '', value: null });
  return {
    id: correctionId({ reportKey, kind: a.kind, table: a.table, row: a.row, col: a.col }),
    reportKey,
    kind: a.kind,
    table: a.table,
    row: a.row,
    col: a.col,
    ...(a.kind === 'value' ? { raw: (a.raw ?? '').trim() } : {}),
    read: { raw: read.raw, value: read.value },
    ...stamp,
  };
}

/** "This heading (a selection in the original) is where section `section` begins." */
export function newSectionCorrection(reportKey: string, doc: Pick<DocumentText, 'text' | 'sha256'>, section: SectionKey, start: number, end: number, stamp: StampOf, page?: number): SectionCorrection {
  return { id: correctionId({ reportKey, kind: 'section', section }), reportKey, kind: 'section', section, anchor: makeAnchor(doc.text, start, end, doc.sha256, page), ...stamp };
}

/** "The row labelled at this selection is row `row`." `readAs`: the row the reader had made of it. */
export function newRowCorrection(reportKey: string, doc: Pick<DocumentText, 'text' | 'sha256'>, r: Report, table: 'proactive' | 'requests', row: string, start: number, end: number, stamp: StampOf): RowCorrection {
  const anchor = makeAnchor(doc.text, start, end, doc.sha256);
  const readAs = Object.values(r.tables[table].rows).find((x) => x.labelRange.start < Math.max(end, start + 1) && start < Math.max(x.labelRange.end, x.labelRange.start + 1))?.key ?? null;
  return { id: correctionId({ reportKey, kind: 'row', table, anchor }), reportKey, kind: 'row', table, row, readAs, anchor, ...stamp };
}
