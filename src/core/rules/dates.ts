// R-DATE-MISSING, R-DATE-NOSIGN, R-DATE-LATE: 31 January for departments (and, by default, township
// bodies), 31 March for a government's own report (county level and above, or a body governing an
// area like one). The date is the best one the report has: signature, page time, file metadata.

import { AGENCY_KIND_LABELS, classifyAgency, type AgencyType } from '../agency.js';
import type { Report } from '../model.js';
import type { Settings } from './registry.js';
import { rangeEvidence, type Sink } from './sink.js';

/** A county-level-or-above government reporting for itself (not one of its departments). */
export function isGovernment(agency: string | null, s?: Settings): boolean {
  return classifyAgency(agency, s?.agencyTypes).kind === 'government';
}

type MonthDay = { month: number; day: number };
const ymd = (year: number, d: MonthDay) => `${year + 1}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

function monthDayFor(t: AgencyType, s: Settings): MonthDay {
  if (t.kind === 'government') return s.deadlines.government;
  if (t.kind === 'township') return s.deadlines.township ?? s.deadlines.department;
  return s.deadlines.department;
}

export function deadlineFor(r: Report, s: Settings): string | null {
  if (r.year === null) return null;
  return ymd(r.year, monthDayFor(classifyAgency(r.agency, s.agencyTypes), s));
}

const SOURCE_WORDS = { signature: '落款日期', page: '页面发布时间', metadata: 'PDF 文件属性中的日期' } as const;

export function dateRules(r: Report, sink: Sink, s: Settings): void {
  if (!r.publishedOn || r.publishedOnSource === 'metadata') {
    // A file property is when the file was made, not a statement of the report: no date is printed,
    // and the property is only mentioned (never an R-DATE-LATE on its own).
    const deadline = r.publishedOn ? deadlineFor(r, s) : null;
    const late = deadline && r.publishedOn! > deadline ? `，已晚于期限 ${deadline}` : '';
    sink.add({
      rule: 'R-DATE-MISSING',
      message: r.publishedOn
        ? `正文没有落款日期，页面也未标注发布时间；仅 PDF 文件属性记有 ${r.publishedOn}（多为文件生成时间，不一定是发布日期${late}），请核实发布日期`
        : '未找到落款日期或发布日期（正文无落款，页面和文件属性中也没有日期）',
      evidence: [],
    });
    return;
  } else if (r.publishedOnSource === 'page' && !r.signedOn) {
    sink.add({
      rule: 'R-DATE-NOSIGN',
      message: `正文末尾没有落款日期；发布日期取自页面标注的发布时间 ${r.publishedOn}`,
      evidence: rangeEvidence(r.dateRange, 'text'),
    });
  }
  if (r.year === null) return;
  const t = classifyAgency(r.agency, s.agencyTypes);
  const deadline = ymd(r.year, monthDayFor(t, s));
  const gov = ymd(r.year, s.deadlines.government);
  const dept = ymd(r.year, s.deadlines.township && t.kind === 'township' ? s.deadlines.township : s.deadlines.department);
  const [earliest, latest] = gov < dept ? [gov, dept] : [dept, gov];
  const d = r.publishedOn;
  const src = SOURCE_WORDS[r.publishedOnSource ?? 'signature'];
  const who = `${r.agency ?? '本单位'}（${t.why}）`;
  const evidence = rangeEvidence(r.dateRange, 'text');
  // Between the two deadlines the verdict depends on the agency type: when that is a guess, or a
  // township whose deadline is a local rule, ask to confirm; never an error.
  if ((!t.certain || t.kind === 'township') && d > earliest && d <= latest) {
    sink.add({
      rule: 'R-DATE-LATE',
      severity: 'warning',
      needsReview: true,
      message: `${src} ${d} 晚于政府部门年报期限 ${dept}、早于人民政府年报期限 ${gov}：${who}，请确认单位类型（可在报告抬头或设置中指定“政府”或“部门”）`,
      evidence,
    });
    return;
  }
  if (d <= deadline) return;
  sink.add({
    rule: 'R-DATE-LATE',
    message: `${src} ${d} 晚于${AGENCY_KIND_LABELS[t.kind]}年报的发布期限 ${deadline}（${who}）`,
    evidence,
  });
}
