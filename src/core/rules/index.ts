// Run the rule catalogue on a parsed document.

import { markOcrReview } from '../ocr.js';
import type { DocumentParse, Finding, Report } from '../model.js';
import { normalizeForMatch } from '../text/normalize.js';
import { arithmeticRules } from './arithmetic.js';
import { feeRule, textTableRule } from './content.js';
import { dateRules } from './dates.js';
import { resolveSettings, type Settings } from './registry.js';
import { Sink } from './sink.js';
import { structureRules } from './structure.js';

export interface DocumentFindings {
  /** Document-level findings (R-NO-TEXT, R-NOT-REPORT). */
  document: Finding[];
  /** Findings per report, in the order of parse.reports. */
  reports: Finding[][];
}

export function checkReport(r: Report, text: string, settings: Settings, norm = normalizeForMatch(text)): Finding[] {
  const sink = new Sink(settings);
  structureRules(r, sink);
  arithmeticRules(r, sink);
  dateRules(r, sink, settings);
  const ctx = { text, norm, agencyTypes: settings.agencyTypes };
  feeRule(r, sink, ctx);
  textTableRule(r, sink, ctx);
  return sink.findings;
}

/** `checked`: per report, cells the auditor corrected or confirmed (`table.row.col`): no doubt from OCR. */
export function checkDocument(parse: DocumentParse, settings: Settings = resolveSettings(), checked?: Set<string>[]): DocumentFindings {
  const text = parse.doc.text;
  const norm = normalizeForMatch(text);
  const doc = new Sink(settings);
  for (const n of parse.doc.notes ?? []) {
    doc.add({ rule: n.rule, message: n.message, evidence: [] });
  }
  const meaningful = text.replace(/\s/g, '').length;
  if (!parse.reports.length && meaningful < 50 && !(parse.doc.notes ?? []).some((n) => n.rule === 'R-NO-TEXT')) {
    // Only a PDF can be a scan; a short text, web page or Word file is simply not a report.
    if (parse.doc.kind === 'pdf' || parse.doc.kind === 'image') doc.add({ rule: 'R-NO-TEXT', message: '文件中几乎没有可提取的文字（可能是扫描件或图片），无法检查', evidence: [] });
    else
      doc.add({
        rule: 'R-NOT-REPORT',
        key: 'short',
        message: `这是一个${{ txt: '纯文本', html: '网页', docx: 'Word' }[parse.doc.kind as 'txt' | 'html' | 'docx']}文件，只有 ${meaningful} 个字，不是年报，已跳过`,
        evidence: [],
      });
  }
  parse.nonReports.forEach((n, i) => {
    doc.add({
      rule: 'R-NOT-REPORT',
      key: String(i),
      message:
        n.kind === 'guide'
          ? `“${n.title}”是政府信息公开指南，不是年报，已跳过`
          : n.reason
            ? `这不是一份可以检查的年报：${n.reason}，已跳过，未按年报检查；请导入各年度年报的原文`
            : `一段不属于年报的内容（“${n.title.slice(0, 30)}”），已跳过`,
      evidence: [{ role: 'text', range: n.range }],
    });
  });
  const reports = parse.reports.map((r) => checkReport(r, text, settings, norm));
  reports.forEach((fs, i) => markOcrReview(parse.doc, fs, parse.reports[i], checked?.[i]));
  reports.forEach((fs, i) => inferredAtMostWarning(fs, parse.reports[i]!));
  return { document: doc.findings, reports };
}

/** A finding on cells split out of a glued digit run is at most a warning: the reading is inferred. */
function inferredAtMostWarning(fs: Finding[], r: Report): void {
  const runs = Object.values(r.tables).flatMap((t) => Object.values(t.rows).flatMap((row) => (row.glued ? [row.glued.range] : [])));
  if (!runs.length) return;
  for (const f of fs) {
    if (f.severity !== 'error') continue;
    if (f.evidence.some((e) => runs.some((g) => e.range.start >= g.start && e.range.end <= g.end))) {
      f.severity = 'warning';
      f.message += '（涉及连写数字拆分出的数值，请对照原文核实）';
    }
  }
}

export { crossYearRules, normalizeAgency, type CrossYearFinding, type YearEntry } from './crossyear.js';
export { RULES, RULE_BY_ID, defaultSettings, resolveSettings, withDeadlineDays, type Settings, type RuleDef } from './registry.js';
