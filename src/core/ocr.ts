// Trust in OCR'd text: which ranges rest on low-confidence spans, and findings that involve them
// become needs-review (the auditor checks the digit against the page image first).

import type { DocumentText, Finding, Range, Report, Span, TableKey } from './model.js';

/** Lowest OCR confidence among the spans overlapping a range (undefined: no OCR span there). */
export function confidenceAt(doc: Pick<DocumentText, 'spans' | 'ocr'>, range: Range): number | undefined {
  if (!doc.ocr) return undefined;
  let min: number | undefined;
  // Spans are in text order: binary search for the first that may overlap.
  const spans = doc.spans;
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.end <= range.start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < spans.length && spans[i]!.start < Math.max(range.end, range.start + 1); i++) {
    const c = spans[i]!.confidence;
    if (c !== undefined && (min === undefined || c < min)) min = c;
  }
  return min;
}

export function isLowConfidence(doc: Pick<DocumentText, 'spans' | 'ocr'>, range: Range): boolean {
  const c = confidenceAt(doc, range);
  return c !== undefined && c < (doc.ocr?.threshold ?? 0.8);
}

/** Spans of low confidence (OCR only). */
export function lowConfidenceSpans(doc: Pick<DocumentText, 'spans' | 'ocr'>): Span[] {
  if (!doc.ocr) return [];
  const t = doc.ocr.threshold;
  return doc.spans.filter((s) => s.confidence !== undefined && s.confidence < t);
}

/** "Not found" in a reading of an image is no proof of absence: a table whose faint rules were not
 * seen, a heading misread, a body too pale to read, a date under the seal. */
const ABSENCE_RULES = new Set(['R-DATE-MISSING', 'R-TBL-MISSING', 'R-SEC-MISSING', 'R-SEC-EMPTY']);

/** Mark findings whose evidence touches a low-confidence OCR span, or that sit on a suspect table
 * row (not read, shape guessed, sum off: see `ocrSuspectCells`) or rest on one of its cells, as
 * needs-review. Cells the auditor checked (`checked`: `table.row.col`, corrected or confirmed) cast
 * no doubt. */
export function markOcrReview(doc: Pick<DocumentText, 'text' | 'spans' | 'ocr'>, findings: Finding[], report?: Report, checked?: Set<string>): void {
  if (!doc.ocr) return;
  // A scan too coarse to read reliably: nothing found in it is confident.
  if (doc.ocr.coarse) {
    for (const f of findings) if (f.severity !== 'info') f.needsReview = true;
    return;
  }
  const open = report ? ocrSuspectCells(doc, report).filter((c) => !checked?.has(`${c.table}.${c.row}.${c.col}`)) : [];
  const rows = new Set(open.map((c) => `${c.table}.${c.row}`));
  // A finding that rests on an unchecked doubtful cell (a column sum, a balance through it) is no surer.
  const doubtAt = new Set<string>();
  for (const c of open) {
    const cell = report?.tables[c.table].rows[c.row]?.cells[c.col];
    if (cell) doubtAt.add(`${cell.range.start}:${cell.range.end}`);
  }
  const sure = new Set<string>();
  if (report && checked?.size) {
    for (const tk of ['proactive', 'requests', 'reviews'] as const)
      for (const [rk, row] of Object.entries(report.tables[tk].rows))
        for (const [ck, cell] of Object.entries(row.cells)) if (checked.has(`${tk}.${rk}.${ck}`)) sure.add(`${cell.range.start}:${cell.range.end}`);
  }
  for (const f of findings) {
    // "No date found": the signature date is where offices stamp their seal, and a date under seal
    // ink or too faint to read is missing from the reading, not from the page.
    if (ABSENCE_RULES.has(f.rule) && f.severity !== 'info') f.needsReview = true;
    else if (f.evidence.some((e) => !sure.has(`${e.range.start}:${e.range.end}`) && (isLowConfidence(doc, e.range) || doubtAt.has(`${e.range.start}:${e.range.end}`)))) f.needsReview = true;
    else if (f.table && f.row && rows.has(`${f.table}.${f.row}`)) f.needsReview = true;
    // A finding on a whole table or column (blank cells counted, a column's balance: row 'balance'
    // is no row of the table) rests on its rows: a suspect row there (not read, its sum off) puts
    // it in doubt too.
    else if (f.table && (!f.row || !report?.tables[f.table as TableKey]?.rowOrder.includes(f.row)) && open.some((c) => c.table === f.table && (!f.col || c.col === f.col)))
      f.needsReview = true;
  }
}

/** Why a table cell of an OCR reading should be checked against the page image. */
export type SuspectReason = 'confidence' | 'missing-row' | 'position' | 'neighbour' | 'stray' | 'shape' | 'sum' | 'coarse';

export interface SuspectCell {
  table: TableKey;
  row: string;
  col: string;
  reason: SuspectReason;
}

const REQ_PARTS = ['natural', 'business', 'research', 'nonprofit', 'legal', 'other_org'];
const REV_PARTS = ['upheld', 'corrected', 'other', 'pending'];
const SUMMARY_ROWS = ['received', 'carried_in', 'total', 'carried_out'];

/**
 * Table cells of an OCR reading that may be wrong: a low-confidence span; a row the format requires
 * that was not read (a label too garbled to match, a row lost to a ruling not closed) and the rows
 * beside it (they may have taken its cells); a row whose
 * values had to be aligned by guess; a row of tables 三/四 whose total disagrees with its parts (one
 * digit misread, confident or not, breaks its row sum; a blank total counts when other rows have one). A wrong cell should never pass
 * unflagged: the auditor checks these against the image.
 */
export function ocrSuspectCells(doc: Pick<DocumentText, 'text' | 'spans' | 'ocr'>, r: Report): SuspectCell[] {
  const out: SuspectCell[] = [];
  if (!doc.ocr) return out;
  const seen = new Set<string>();
  const add = (table: TableKey, row: string, col: string, reason: SuspectReason) => {
    const k = `${table}.${row}.${col}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ table, row, col, reason });
  };
  for (const tk of ['proactive', 'requests', 'reviews'] as const) {
    const t = r.tables[tk];
    if (!t.present) continue;
    for (const [rk, row] of Object.entries(t.rows)) {
      for (const [ck, cell] of Object.entries(row.cells)) {
        if (cell.range.end > cell.range.start && isLowConfidence(doc, cell.range)) add(tk, rk, ck, 'confidence');
      }
    }
    // A scan too coarse to read reliably: every cell, read or not, is to check against the page.
    if (doc.ocr.coarse) {
      for (const rk of tk === 'proactive' ? Object.keys(t.rows) : t.rowOrder) for (const c of t.columns[rk] ?? (tk === 'proactive' ? Object.keys(t.rows[rk]?.cells ?? {}) : [...(tk === 'requests' ? REQ_PARTS : REV_PARTS), 'total'])) add(tk, rk, c, 'coarse');
      if (tk === 'proactive') continue;
    }
    if (tk === 'proactive') {
      // Table 二: a row whose values were placed by guess (a rule's residue read as a value, "|").
      for (const [rk, row] of Object.entries(t.rows)) if (!row.shape.certain) for (const c of t.columns[rk] ?? Object.keys(row.cells)) add(tk, rk, c, 'shape');
      continue;
    }
    const parts = tk === 'requests' ? REQ_PARTS : REV_PARTS;
    const colsOf = (rk: string) => t.columns[rk] ?? [...parts, 'total'];
    // Other rows of the same kind (summary rows 一 二 （七） 四, or result rows) with their total filled
    // in: then a blank total is more likely ink not read than left blank.
    const summary = (rk: string) => SUMMARY_ROWS.includes(rk);
    const totalsFilled = (rk: string) => t.rowOrder.some((k) => k !== rk && summary(k) === summary(rk) && t.rows[k]?.cells.total?.value != null);
    // Numbers (or unread ink, '?') in the table that belong to no cell and no label: a row split in
    // two by a phantom rule leaves its values on a line of their own. The rows around them lost them.
    const rows = Object.entries(t.rows).sort((a, b) => a[1].labelRange.start - b[1].labelRange.start);
    if (rows.length) {
      const claimed: Range[] = rows.flatMap(([, row]) => [row.labelRange, ...Object.values(row.cells).map((c) => c.range)]);
      const from = rows[0]![1].labelRange.start;
      const to = Math.max(...claimed.map((c) => c.end));
      const re = /[0-9?？]+/g;
      re.lastIndex = from;
      for (let m = re.exec(doc.text); m && m.index < to; m = re.exec(doc.text)) {
        const at = m.index;
        if (claimed.some((c) => at >= c.start && at < Math.max(c.end, c.start + 1))) continue;
        const before = rows.filter(([, row]) => row.labelRange.start < at).pop();
        const after = rows.find(([, row]) => row.labelRange.start > at);
        for (const hit of [before, after]) if (hit) for (const c of colsOf(hit[0])) add(tk, hit[0], c, 'stray');
      }
    }
    // A label that reads as two or more numbered items ("5.属于三类内部事务信息…7.属于行政执法案卷"):
    // the rule between their cells was not found, and the row took the values of another.
    for (const [rk, row] of Object.entries(t.rows)) if ((row.label.match(/\d[.、．]/g) ?? []).length >= 2) for (const c of colsOf(rk)) add(tk, rk, c, 'neighbour');
    t.rowOrder.forEach((rk, i) => {
      const row = t.rows[rk];
      if (!row) {
        for (const c of colsOf(rk)) add(tk, rk, c, 'missing-row');
        // A row lost to a ruling not closed has usually leaked into a neighbour: check those too.
        for (const nk of [t.rowOrder[i - 1], t.rowOrder[i + 1]]) if (nk && t.rows[nk]) for (const c of colsOf(nk)) add(tk, nk, c, 'neighbour');
        return;
      }
      if (row.byPosition) {
        // The label was not read: the row is known by where it sits, not by what it says.
        for (const c of colsOf(rk)) add(tk, rk, c, 'position');
        return;
      }
      if (!row.shape.certain) {
        for (const c of colsOf(rk)) add(tk, rk, c, 'shape');
        return;
      }
      const total = row.cells.total;
      const sum = parts.reduce((a, c) => a + (row.cells[c]?.value ?? 0), 0);
      if (!total || total.value === null) {
        if (totalsFilled(rk)) for (const c of colsOf(rk)) add(tk, rk, c, 'sum');
        return;
      }
      if (Math.abs(sum - total.value) > 1e-9) for (const c of colsOf(rk)) add(tk, rk, c, 'sum');
    });
  }
  return out;
}
