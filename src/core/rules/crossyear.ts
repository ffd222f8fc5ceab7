// Rules across years for the reports of one agency given together.

import type { Cell, Finding, Report, Severity } from '../model.js';
import { REQUEST_COL_LABELS, REQUEST_COLS } from '../schema.js';
import { agencyGroups, normalizeAgency } from '../agency.js';
import { normalizeForMatch, similarity } from '../text/normalize.js';
import { RULE_BY_ID, type Settings } from './registry.js';
import { arith, fmtNum, isBlank } from './sink.js';

export interface YearEntry {
  report: Report;
  /** The document text the report's ranges point into. */
  text: string;
  /** Which document (file index or id) it came from. */
  doc: string;
}

export interface CrossYearFinding extends Omit<Finding, 'evidence'> {
  agency: string;
  /** The names the two years' reports give (the same agency: with or without the parent city, or merged). */
  agencyNames: string[];
  years: [number, number];
  /** Evidence per year: [document, range] pairs. */
  evidence: { doc: string; year: number; range: { start: number; end: number }; role: string }[];
}

export { normalizeAgency };

export function crossYearRules(entries: YearEntry[], settings: Settings): CrossYearFinding[] {
  const out: CrossYearFinding[] = [];
  const on = (id: string) => settings.rules[id]?.enabled !== false;
  const sev = (id: string, blank = false): Severity => (blank ? 'warning' : settings.rules[id]?.severity ?? RULE_BY_ID[id]!.severity);
  const byAgency = new Map<string, YearEntry[]>();
  const groups = agencyGroups(
    entries.flatMap((e) => (e.report.agency ? [e.report.agency] : [])),
    settings.agencyAliases,
  );
  for (const e of entries) {
    if (!e.report.agency || e.report.year === null) continue;
    const k = groups.get(e.report.agency)!;
    const list = byAgency.get(k) ?? [];
    list.push(e);
    byAgency.set(k, list);
  }
  for (const list of byAgency.values()) {
    const byYear = new Map<number, YearEntry>();
    for (const e of list) if (!byYear.has(e.report.year!)) byYear.set(e.report.year!, e);
    const years = [...byYear.keys()].sort((a, b) => a - b);
    for (const y of years) {
      const prev = byYear.get(y - 1);
      const cur = byYear.get(y)!;
      if (!prev) continue;
      const agency = cur.report.agency!;
      const agencyNames = [...new Set([prev.report.agency!, agency])];
      const pair: [number, number] = [y - 1, y];
      const ev = (e: YearEntry, c: Cell | undefined, role: string) => (c ? [{ doc: e.doc, year: e.report.year!, range: c.range, role }] : []);

      if (on('R-XYEAR-CARRY')) {
        const out1 = prev.report.tables.requests.rows.carried_out;
        const in2 = cur.report.tables.requests.rows.carried_in;
        if (out1 && in2) {
          for (const col of REQUEST_COLS) {
            const a = out1.cells[col];
            const b = in2.cells[col];
            if (isBlank(a) && isBlank(b)) continue;
            if (a?.kind === 'text' || b?.kind === 'text') continue;
            if (arith(a) === arith(b)) continue;
            const blank = isBlank(a) || isBlank(b);
            out.push({
              fingerprint: `R-XYEAR-CARRY:${y - 1}-${y}:${col}`,
              rule: 'R-XYEAR-CARRY',
              severity: sev('R-XYEAR-CARRY', blank),
              agency,
              agencyNames,
              years: pair,
              table: 'requests',
              col,
              expected: arith(a),
              actual: isBlank(b) ? null : arith(b),
              blankInvolved: blank || undefined,
              message: `${REQUEST_COL_LABELS[col]}列：${y - 1} 年“结转下年度继续办理” ${fmtNum(isBlank(a) ? null : arith(a))}，${y} 年“上年结转” ${fmtNum(isBlank(b) ? null : arith(b))}`,
              evidence: [...ev(prev, a, 'total'), ...ev(cur, b, 'part')],
            });
          }
        }
      }

      if (on('R-XYEAR-INFORCE') && prev.report.format === '2021' && cur.report.format === '2021') {
        for (const row of ['regulations', 'normative_docs']) {
          const p = prev.report.tables.proactive.rows[row]?.cells;
          const c = cur.report.tables.proactive.rows[row]?.cells;
          if (!p || !c) continue;
          const cells = [p.in_force, c.issued, c.repealed, c.in_force];
          if (cells.some((x) => !x || x.kind === 'text' || isBlank(x))) continue;
          const expected = arith(p.in_force) + arith(c.issued) - arith(c.repealed);
          const actual = arith(c.in_force);
          if (expected === actual) continue;
          const name = row === 'regulations' ? '规章' : '行政规范性文件';
          out.push({
            fingerprint: `R-XYEAR-INFORCE:${y - 1}-${y}:${row}`,
            rule: 'R-XYEAR-INFORCE',
            severity: sev('R-XYEAR-INFORCE'),
            agency,
            agencyNames,
            years: pair,
            table: 'proactive',
            row,
            col: 'in_force',
            expected,
            actual,
            message: `${name}：${y - 1} 年现行有效 ${arith(p.in_force)} + ${y} 年制发 ${arith(c.issued)} − 废止 ${arith(c.repealed)} = ${expected}，${y} 年现行有效 ${actual}`,
            evidence: [...ev(prev, p.in_force, 'part'), ...ev(cur, c.issued, 'part'), ...ev(cur, c.repealed, 'part'), ...ev(cur, c.in_force, 'total')],
          });
        }
      }

      if (on('R-XYEAR-COPY')) {
        for (const key of ['overview', 'problems'] as const) {
          const a = prev.report.sections[key].range;
          const b = cur.report.sections[key].range;
          if (!a || !b) continue;
          const ta = stripYears(prev.text.slice(a.start, a.end));
          const tb = stripYears(cur.text.slice(b.start, b.end));
          if (ta.length < 60 || tb.length < 60) continue;
          const sim = similarity(ta, tb);
          if (sim < settings.copyThreshold) continue;
          out.push({
            fingerprint: `R-XYEAR-COPY:${y - 1}-${y}:${key}`,
            rule: 'R-XYEAR-COPY',
            severity: sev('R-XYEAR-COPY'),
            agency,
            agencyNames,
            years: pair,
            section: key,
            expected: settings.copyThreshold,
            actual: Math.round(sim * 1000) / 1000,
            message: `${key === 'overview' ? '第一部分' : '第五部分'}与 ${y - 1} 年年报相似度 ${(sim * 100).toFixed(0)}%`,
            evidence: [
              { doc: prev.doc, year: y - 1, range: a, role: 'text' },
              { doc: cur.doc, year: y, range: b, role: 'text' },
            ],
          });
        }
      }
    }
  }
  return out;
}

/** Compare text without white space and years (a copied report often only changes the year). */
function stripYears(s: string): string {
  return normalizeForMatch(s).replace(/\s+/g, '').replace(/\d{4}年?/g, '');
}
