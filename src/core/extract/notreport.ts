// Documents that hold annual-report text but are not one report: a third-party comparison print of
// two years (two text columns side by side, "(重复率: 85%)" after headings, 增减值/同比 columns), or
// an interpretation page (解读) about a report. Checked as one report they give false findings (the
// year from one column, table 三 from the other, a change column read as a count), so they are
// recognised and left out with the reason.

import type { Report } from '../model.js';

export interface NotReport {
  kind: 'comparison' | 'interpretation';
  /** Why, in Chinese, for the R-NOT-REPORT message. */
  reason: string;
}

const SIMILARITY = /重复率\s*[:：]?\s*\d{1,3}(?:\.\d+)?\s*[%％]/g;
const HEADS = '总体情况|主动公开政府信息|收到和处理政府信息公开申请|政府信息公开行政复议|存在的主要问题|其他需要报告';
/** Two section headings of the same number on one line: two columns side by side. */
const TWO_COLUMNS = new RegExp(`([一二三四五六])[、.．]\\s*(${HEADS}).*?(?:\\t|\\s{2,}|\\|).*?\\1[、.．]\\s*\\2`);
const CHANGE_COL = /增减值|增减量|增减幅度|增减情况|同比增减|同比(?:增长|变化)?(?:率|幅度)?\s*$/;
const YEAR = /(20\d{2})\s*年/g;

export function notAReport(norm: string, reports: Report[]): NotReport | null {
  const similarity = norm.match(SIMILARITY)?.length ?? 0;
  if (similarity >= 2) return { kind: 'comparison', reason: `标题后标有“重复率”（${similarity} 处），是两份年报的对比打印件` };
  const lines = norm.split('\n');
  // (A side-by-side line is short; a long run-on line is one column of text.)
  const twoCol = lines.filter((l) => l.length <= 400 && TWO_COLUMNS.test(l)).length;
  if (twoCol >= 2) return { kind: 'comparison', reason: `同一行并排印有两份年报的相同章节标题（${twoCol} 处），是两个年度年报的对照件` };
  // A change column beside two years' columns: "项目 2022年 2023年 增减值".
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.length > 400) continue;
    const near = [lines[i - 1] ?? '', lines[i]!, lines[i + 1] ?? ''].join(' ');
    if (!lines[i]!.split(/\t|\s{2,}|\|/).some((c) => CHANGE_COL.test(c.trim()))) continue;
    const years = new Set([...near.matchAll(YEAR)].map((m) => m[1]));
    if (years.size >= 2) return { kind: 'comparison', reason: `表格并列 ${[...years].sort().join('、')} 年两列数据并有“增减/同比”列，是两个年度的对比材料` };
  }
  // An interpretation page: its title speaks of 解读 and no table 三 was found.
  const head = lines.map((l) => l.trim()).filter(Boolean).slice(0, 4).join(' ');
  const hasTable = reports.some((r) => r.tables.requests.present);
  if (!hasTable && /解读/.test(head) && /(年度报告|年报)/.test(head)) {
    return { kind: 'interpretation', reason: '标题表明这是年报的解读材料，其中没有年报的统计表' };
  }
  return null;
}
