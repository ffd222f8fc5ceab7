// R-DATE-MISSING, R-DATE-LATE: 31 January for departments, 31 March for a government's own report.

import type { Report } from '../model.js';
import type { Settings } from './registry.js';
import { rangeEvidence, type Sink } from './sink.js';

/** A county-level-or-above government reporting for itself (not one of its departments). */
export function isGovernment(agency: string | null): boolean {
  if (!agency) return false;
  return /人民政府$/.test(agency.replace(/\s+/g, ''));
}

export function deadlineFor(r: Report, s: Settings): string | null {
  if (r.year === null) return null;
  const d = isGovernment(r.agency) ? s.deadlines.government : s.deadlines.department;
  return `${r.year + 1}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

export function dateRules(r: Report, sink: Sink, s: Settings): void {
  if (!r.publishedOn) {
    sink.add({ rule: 'R-DATE-MISSING', message: '未找到落款日期或发布日期', evidence: [] });
    return;
  }
  const deadline = deadlineFor(r, s);
  if (deadline && r.publishedOn > deadline) {
    const who = isGovernment(r.agency) ? '人民政府年报' : '政府部门年报';
    sink.add({
      rule: 'R-DATE-LATE',
      message: `落款日期 ${r.publishedOn} 晚于${who}的发布期限 ${deadline}`,
      evidence: rangeEvidence(r.dateRange, 'text'),
    });
  }
}
