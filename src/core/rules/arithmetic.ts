// Arithmetic rules on tables 三 and 四. Blank cells count as 0; a failure that involves a blank
// cell is a warning marked blankInvolved ("a total was never filled in" vs "the numbers disagree").
// A failure that involves a cell of a row whose values were placed by inference (R-TBL-SHAPE) is a
// warning too: the reading is in doubt, not the report.

import type { Cell, Evidence, Report } from '../model.js';
import { REQUEST_COL_LABELS, REQUEST_COLS, REVIEW_COL_LABELS, REVIEW_GROUPS, requestRowLabel, resultLeafRows } from '../schema.js';
import { cellWords } from './structure.js';
import { arith, fmtNum, isBlank, type Sink } from './sink.js';

/** Cells of rows read with a guessed shape (values added or dropped to fit the columns). */
let guessed = new Set<Cell>();

function check(
  sink: Sink,
  rule: string,
  loc: { table: 'requests' | 'reviews'; row?: string; col?: string; key?: string },
  total: Cell | undefined,
  parts: (Cell | undefined)[],
  describe: (expected: number, actual: number | null) => string,
  rhsTotals?: (Cell | undefined)[],
): void {
  const all = [total, ...parts, ...(rhsTotals ?? [])];
  if (all.every((c) => isBlank(c))) return; // an unfilled row is R-TBL-BLANK's business
  if (all.some((c) => c?.kind === 'text')) return; // R-TBL-VALUE reports it
  const expected = parts.reduce((a, c) => a + arith(c), 0);
  const lhs = rhsTotals ? rhsTotals.reduce((a, c) => a + arith(c), 0) : arith(total);
  if (Math.abs(expected - lhs) < 1e-9) return;
  const blankInvolved = all.some((c) => isBlank(c));
  const guessInvolved = all.some((c) => c !== undefined && guessed.has(c));
  const actual = rhsTotals ? lhs : isBlank(total) ? null : lhs;
  const evidence: Evidence[] = [];
  for (const c of rhsTotals ?? [total]) if (c) evidence.push({ role: 'total', range: c.range });
  for (const c of parts) if (c) evidence.push({ role: 'part', range: c.range });
  sink.add({
    rule,
    ...loc,
    severity: blankInvolved || guessInvolved ? 'warning' : 'error',
    blankInvolved,
    expected,
    actual,
    message:
      describe(expected, actual) + (blankInvolved ? '（涉及空白单元格，按 0 计算）' : '') + (guessInvolved ? '（涉及位置推断的数值，请对照原文核实）' : ''),
    evidence,
  });
}

export function arithmeticRules(r: Report, sink: Sink): void {
  guessed = new Set<Cell>();
  for (const t of [r.tables.requests, r.tables.reviews]) {
    for (const row of Object.values(t.rows)) if (!row.shape.certain) for (const c of Object.values(row.cells)) guessed.add(c);
  }
  const t3 = r.tables.requests;
  if (t3.present) {
    const cell = (row: string, col: string) => t3.rows[row]?.cells[col];
    // R-SUM-ROW: each row's total = its six applicant columns.
    if (sink.enabled('R-SUM-ROW')) {
      for (const rk of t3.rowOrder) {
        if (!t3.rows[rk]) continue;
        const parts = REQUEST_COLS.slice(0, 6).map((c) => cell(rk, c));
        check(sink, 'R-SUM-ROW', { table: 'requests', row: rk, col: 'total' }, cell(rk, 'total'), parts, (e, a) =>
          `${requestRowLabel(rk)}：各列之和 ${fmtNum(e)}，总计栏 ${fmtNum(a)}`,
        );
      }
    }
    // The leaves as the table printed them (（六） may be one row or three).
    const leaves = t3.rowOrder.length ? t3.rowOrder.filter((k) => !['received', 'carried_in', 'total', 'carried_out'].includes(k)) : resultLeafRows(t3.format);
    for (const col of REQUEST_COLS) {
      const colName = REQUEST_COL_LABELS[col]!;
      if (sink.enabled('R-SUM-RESULTS') && t3.rows.total) {
        check(sink, 'R-SUM-RESULTS', { table: 'requests', row: 'total', col }, cell('total', col), leaves.map((rk) => cell(rk, col)), (e, a) =>
          `${colName}列：办理结果各项之和 ${fmtNum(e)}，（七）总计 ${fmtNum(a)}`,
        );
      }
      if (sink.enabled('R-SUM-BALANCE') && (t3.rows.received || t3.rows.carried_in) && (t3.rows.total || t3.rows.carried_out)) {
        // 一 + 二 = 三（七） + 四: "parts" are 一 and 二, "totals" are （七） and 四.
        const lhsParts = [cell('received', col), cell('carried_in', col)];
        const rhs = [cell('total', col), cell('carried_out', col)];
        check(
          sink,
          'R-SUM-BALANCE',
          { table: 'requests', row: 'balance', col },
          undefined,
          lhsParts,
          (e, a) => `${colName}列：一 + 二 = ${fmtNum(e)}，三（七）总计 + 四 = ${fmtNum(a)}`,
          rhs,
        );
      }
    }
  }
  const t4 = r.tables.reviews;
  if (t4.present && sink.enabled('R-SUM-REVIEW')) {
    for (const g of REVIEW_GROUPS) {
      const row = t4.rows[g];
      if (!row) continue;
      const parts = ['upheld', 'corrected', 'other', 'pending'].map((c) => row.cells[c]);
      check(sink, 'R-SUM-REVIEW', { table: 'reviews', row: g, col: 'total' }, row.cells.total, parts, (e, a) =>
        `${cellWords('reviews', g)}：${['upheld', 'corrected', 'other', 'pending'].map((c) => REVIEW_COL_LABELS[c]).join('+')} = ${fmtNum(e)}，总计 ${fmtNum(a)}`,
      );
    }
  }
}
