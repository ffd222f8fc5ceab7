// The round at a glance (pure): progress, score distribution, common problems, lateness and
// year-on-year figures, computed from the check results and the auditor's work. The overview screen,
// the 统计 sheet and its charts all use these figures, so they always agree.

import { auditorProgress, type AuditorProgress, type TeamRoundInput } from './assignment.js';
import { agencyGroups, normalizeAgency } from './agency.js';
import type { CheckJson, FindingJson, ReportJson } from './output.js';
import { deadlineFor, isGovernment } from './rules/dates.js';
import { RULE_BY_ID, type Settings } from './rules/registry.js';
import { checkScore, type ReviewData, type Rubric } from './review.js';

export interface KeyedCount {
  /** Report keys behind the count, so the queue can be filtered to them. */
  keys: string[];
  count: number;
}

export interface RoundStats {
  reports: number;
  progress: { todo: KeyedCount; in_progress: KeyedCount; done: KeyedCount; findings: number; undecided: number; undecidedKeys: string[] };
  scores: { total: number; buckets: (KeyedCount & { label: string; min: number; max: number })[]; unscored: KeyedCount; mean: number | null; median: number | null };
  rules: { rule: string; title: string; confirmed: number; undecided: number; dismissed: number; keys: string[] }[];
  lateness: { type: 'government' | 'department'; label: string; onTime: KeyedCount; late: KeyedCount; noDate: KeyedCount; unknownYear: KeyedCount }[];
  yoy: { agency: string; years: YearFigures[] }[];
  /** Progress per auditor, when the desk is in a team round. */
  auditors?: AuditorProgress[];
}

export interface YearFigures {
  year: number;
  key: string;
  received: number | null;
  /** (予以公开 + 部分公开) / （七）总计, 0–1. */
  grantedShare: number | null;
  reviews: number | null;
  lawsuits: number | null;
}

export interface StatsInput {
  check: CheckJson;
  review?: ReviewData;
  rubric: Rubric;
  settings: Settings;
  /** The team round's auditors and assignments (the overview's progress per auditor). */
  team?: TeamRoundInput | null;
}

/** A finding the auditor decides on: the check's, or a cross-year one. */
export type CountedFinding = FindingJson | CheckJson['crossYear'][number];

/**
 * Every finding the auditor decides on for each report, as the queue and the report view count them:
 * the document's own findings (with its first report), the report's, and the cross-year findings of
 * the agency (merges applied) in either year of the pair. By report key.
 */
/** Findings that are notes on the file (content skipped as not a report): shown, never counted or decided. */
export function isFileNote(f: { rule: string }): boolean {
  return f.rule === 'R-NOT-REPORT';
}

export function findingsByReport(check: CheckJson, aliases: Record<string, string> = {}): Map<string, CountedFinding[]> {
  const names = new Set<string>();
  for (const d of check.documents) for (const r of d.reports) if (r.agency) names.add(r.agency);
  const groups = agencyGroups(names, aliases);
  const groupOf = (a: string) => groups.get(a) ?? normalizeAgency(a);
  const cross = new Map<string, CheckJson['crossYear']>();
  for (const f of check.crossYear)
    for (const y of new Set(f.years)) {
      const k = `${groupOf(f.agency)}|${y}`;
      cross.set(k, [...(cross.get(k) ?? []), f]);
    }
  const out = new Map<string, CountedFinding[]>();
  for (const d of check.documents)
    d.reports.forEach((r, i) => {
      const own = r.agency && r.year !== null ? (cross.get(`${groupOf(r.agency)}|${r.year}`) ?? []) : [];
      out.set(r.key, [...(i === 0 ? d.findings.filter((f) => !isFileNote(f)) : []), ...r.findings, ...own]);
    });
  return out;
}

const keyed = (): KeyedCount => ({ keys: [], count: 0 });
const push = (k: KeyedCount, key: string) => {
  k.keys.push(key);
  k.count++;
};

function allReports(check: CheckJson): ReportJson[] {
  return check.documents.flatMap((d) => d.reports);
}

/** Score bands as shares of the rubric's total, as evaluators report them. */
export const SCORE_BANDS: { label: string; min: number; max: number }[] = [
  { label: '90 分及以上', min: 0.9, max: Infinity },
  { label: '80–89', min: 0.8, max: 0.9 },
  { label: '70–79', min: 0.7, max: 0.8 },
  { label: '60–69', min: 0.6, max: 0.7 },
  { label: '60 分以下', min: -Infinity, max: 0.6 },
];

function num(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function yearFigures(r: ReportJson): Omit<YearFigures, 'year' | 'key'> {
  const req = r.tables.requests.rows;
  const received = num(req['received']?.['total']);
  const total = num(req['total']?.['total']);
  const granted = num(req['granted']?.['total']);
  const partial = num(req['partial']?.['total']);
  const grantedShare = total && total > 0 && (granted !== null || partial !== null) ? ((granted ?? 0) + (partial ?? 0)) / total : null;
  const rv = r.tables.reviews;
  const reviews = num(rv['review']?.['total']);
  const direct = num(rv['litigation_direct']?.['total']);
  const after = num(rv['litigation_after_review']?.['total']);
  const lawsuits = direct === null && after === null ? null : (direct ?? 0) + (after ?? 0);
  return { received, grantedShare, reviews, lawsuits };
}

export function roundStats(input: StatsInput): RoundStats {
  const { check, review, rubric, settings } = input;
  const reports = allReports(check);
  const decisions = review?.decisions ?? {};
  const progress: RoundStats['progress'] = { todo: keyed(), in_progress: keyed(), done: keyed(), findings: 0, undecided: 0, undecidedKeys: [] };
  const rules = new Map<string, { confirmed: number; undecided: number; dismissed: number; keys: Set<string> }>();
  const bands = SCORE_BANDS.map((b) => ({ ...b, ...keyed() }));
  const unscored = keyed();
  const totals: number[] = [];
  const late = new Map<'government' | 'department', RoundStats['lateness'][number]>();
  for (const type of ['government', 'department'] as const) {
    late.set(type, { type, label: type === 'government' ? '人民政府' : '政府部门', onTime: keyed(), late: keyed(), noDate: keyed(), unknownYear: keyed() });
  }
  const byAgency = new Map<string, YearFigures[]>();
  const counted = findingsByReport(check, settings.agencyAliases);

  for (const r of reports) {
    const status = review?.statuses[r.key]?.status ?? 'todo';
    push(progress[status], r.key);

    let undecidedHere = 0;
    for (const f of counted.get(r.key) ?? r.findings) {
      progress.findings++;
      const v = decisions[`${r.key}|${f.fingerprint}`]?.verdict;
      const entry = rules.get(f.rule) ?? { confirmed: 0, undecided: 0, dismissed: 0, keys: new Set<string>() };
      rules.set(f.rule, entry);
      entry.keys.add(r.key);
      if (v === 'confirmed') entry.confirmed++;
      else if (v === 'dismissed') entry.dismissed++;
      else {
        entry.undecided++;
        undecidedHere++;
      }
    }
    progress.undecided += undecidedHere;
    if (undecidedHere) progress.undecidedKeys.push(r.key);

    const score = review?.scores[r.key];
    // Only a valid total under the current rubric (not over a new maximum, not incomplete: checkScore).
    const total = score ? checkScore(score, rubric).validTotal : null;
    if (total === null || total === undefined || !rubric.total) push(unscored, r.key);
    else {
      totals.push(total);
      const share = total / rubric.total;
      const band = bands.find((b) => share >= b.min && share < b.max) ?? bands[bands.length - 1]!;
      push(band, r.key);
    }

    const entry = late.get(isGovernment(r.agency, settings) ? 'government' : 'department')!;
    const deadline = r.year === null ? null : deadlineFor({ year: r.year, agency: r.agency } as Parameters<typeof deadlineFor>[0], settings);
    if (!deadline) push(entry.unknownYear, r.key);
    // A PDF's file date is not a publication date (R-DATE-MISSING says so): no date printed.
    else if (!r.publishedOn || r.publishedOnSource === 'metadata') push(entry.noDate, r.key);
    else if (r.publishedOn > deadline) push(entry.late, r.key);
    else push(entry.onTime, r.key);

    if (r.agency && r.year !== null) {
      const list = byAgency.get(r.agency) ?? [];
      byAgency.set(r.agency, list);
      list.push({ year: r.year, key: r.key, ...yearFigures(r) });
    }
  }

  totals.sort((a, b) => a - b);
  const mean = totals.length ? Math.round((totals.reduce((a, b) => a + b, 0) / totals.length) * 10) / 10 : null;
  const median = totals.length ? (totals.length % 2 ? totals[(totals.length - 1) / 2]! : (totals[totals.length / 2 - 1]! + totals[totals.length / 2]!) / 2) : null;

  const yoy = [...byAgency.entries()]
    .map(([agency, years]) => ({ agency, years: dedupeYears(years) }))
    .filter((a) => a.years.length >= 2)
    .sort((a, b) => a.agency.localeCompare(b.agency, 'zh'));

  return {
    reports: reports.length,
    progress,
    scores: { total: rubric.total, buckets: bands, unscored, mean, median },
    rules: [...rules.entries()]
      .map(([rule, e]) => ({ rule, title: RULE_BY_ID[rule]?.title ?? rule, confirmed: e.confirmed, undecided: e.undecided, dismissed: e.dismissed, keys: [...e.keys] }))
      .sort((a, b) => b.confirmed + b.undecided + b.dismissed - (a.confirmed + a.undecided + a.dismissed) || b.confirmed - a.confirmed || a.rule.localeCompare(b.rule)),
    lateness: [...late.values()],
    yoy,
    ...(input.team
      ? { auditors: auditorProgress(input.team, reports, (k) => review?.statuses[k]?.status ?? 'todo', Object.values(decisions)) }
      : {}),
  };
}

/** One entry per year (the same report may arrive twice, e.g. as PDF and page): keep the first. */
function dedupeYears(years: YearFigures[]): YearFigures[] {
  const seen = new Map<number, YearFigures>();
  for (const y of years) if (!seen.has(y.year)) seen.set(y.year, y);
  return [...seen.values()].sort((a, b) => a.year - b.year);
}

// ---- as rows (the 统计 sheet) --------------------------------------------------------------------

export interface StatsRow {
  part: string;
  item: string;
  measure: string;
  value: number | string | null;
}

const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);

/** The figures as one long table: 板块 · 项目 · 指标 · 数值 (filterable in Excel, CSV-friendly). */
export function statsRows(s: RoundStats): StatsRow[] {
  const rows: StatsRow[] = [];
  const add = (part: string, item: string, measure: string, value: StatsRow['value']) => rows.push({ part, item, measure, value });
  add('审核进度', '全部年报', '份数', s.reports);
  add('审核进度', '未审', '份数', s.progress.todo.count);
  add('审核进度', '审核中', '份数', s.progress.in_progress.count);
  add('审核进度', '已完成', '份数', s.progress.done.count);
  add('审核进度', '检出问题', '条数', s.progress.findings);
  add('审核进度', '未判定问题', '条数', s.progress.undecided);
  for (const b of s.scores.buckets) add('得分分布', b.label, '份数', b.count);
  add('得分分布', '未评分', '份数', s.scores.unscored.count);
  add('得分分布', '平均分', `满分 ${s.scores.total}`, s.scores.mean);
  add('得分分布', '中位数', `满分 ${s.scores.total}`, s.scores.median);
  for (const r of s.rules) {
    const item = `${r.rule} ${r.title}`;
    add('常见问题', item, '确认问题', r.confirmed);
    add('常见问题', item, '未判定', r.undecided);
    add('常见问题', item, '不是问题', r.dismissed);
    add('常见问题', item, '涉及年报', r.keys.length);
  }
  for (const l of s.lateness) {
    add('按时发布', l.label, '按时', l.onTime.count);
    add('按时发布', l.label, '逾期', l.late.count);
    add('按时发布', l.label, '无日期', l.noDate.count);
    if (l.unknownYear.count) add('按时发布', l.label, '年度不详', l.unknownYear.count);
  }
  for (const a of s.yoy) {
    for (const y of a.years) {
      const item = `${a.agency} ${y.year} 年`;
      add('逐年对比', item, '本年新收申请（件）', y.received);
      add('逐年对比', item, '予以公开及部分公开占比（%）', pct(y.grantedShare));
      add('逐年对比', item, '行政复议（件）', y.reviews);
      add('逐年对比', item, '行政诉讼（件）', y.lawsuits);
    }
  }
  return rows;
}
