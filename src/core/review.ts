// The auditor's work as data: decisions, annotations, scores, rubrics; anchoring and merging.
// Pure functions; the store service persists them.

import { similarity } from './text/normalize.js';

export type Verdict = 'confirmed' | 'dismissed' | 'pending';
export type ReviewStatus = 'todo' | 'in_progress' | 'done';
export type AnnotationCategory = 'data' | 'missing' | 'format' | 'wording' | 'other';

export const CATEGORY_LABELS: Record<AnnotationCategory, string> = {
  data: '数据错误',
  missing: '缺项',
  format: '格式问题',
  wording: '表述问题',
  other: '其他',
};

/** Common fields of every record the auditor makes: who, when, which version. */
export interface Stamp {
  by: string;
  at: string; // ISO time
  version: number;
}

export interface Decision extends Stamp {
  id: string; // reportKey|fingerprint
  reportKey: string;
  fingerprint: string;
  rule: string;
  verdict: Verdict;
  comment: string;
}

export interface Anchor {
  quote: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
  page?: number;
  docSha256: string;
}

export interface Annotation extends Stamp {
  id: string;
  reportKey: string;
  anchor: Anchor;
  /** A table cell instead of (or as well as) a text selection: table:row:col. */
  cellRef?: string;
  category: AnnotationCategory;
  severity: 'error' | 'warning' | 'info';
  note: string;
  deleted?: boolean;
}

export interface RubricCriterion {
  id: string;
  title: string;
  points: number;
  /** Rules whose confirmed findings suggest a deduction here. */
  rules: string[];
  /** Points deducted per confirmed finding (capped at the criterion's points). */
  perFinding: number;
  description?: string;
}

export interface Rubric {
  id: string;
  version: number;
  title: string;
  total: number;
  criteria: RubricCriterion[];
}

export interface Score extends Stamp {
  reportKey: string;
  rubricId: string;
  rubricVersion: number;
  criteria: { id: string; points: number | null; comment: string }[];
  total: number | null;
  /** The auditor's overall comment (printed in the feedback letter). */
  comment?: string;
}

/** The auditor's work that sheets, statistics and letters read. */
export interface ReviewData {
  decisions: Record<string, Decision>;
  annotations: Record<string, Annotation>;
  scores: Record<string, Score>;
  statuses: Record<string, StatusRecord>;
}

export interface StatusRecord extends Stamp {
  reportKey: string;
  status: ReviewStatus;
}

// ---- anchors ----------------------------------------------------------------------------------

const CONTEXT = 24;

export function makeAnchor(text: string, start: number, end: number, docSha256: string, page?: number): Anchor {
  return {
    quote: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - CONTEXT), start),
    suffix: text.slice(end, end + CONTEXT),
    start,
    end,
    docSha256,
    ...(page !== undefined ? { page } : {}),
  };
}

export type AnchorMatch = { start: number; end: number; how: 'exact' | 'moved' | 'fuzzy' } | { how: 'lost' };

/**
 * Find an anchor in (re-extracted) text: at its offsets, else by its quote with the best context,
 * else approximately (flagged fuzzy for the auditor to confirm).
 */
export function reanchor(a: Anchor, text: string): AnchorMatch {
  if (!a.quote) return { how: 'lost' };
  if (text.slice(a.start, a.end) === a.quote) return { start: a.start, end: a.end, how: 'exact' };
  const hits: number[] = [];
  for (let i = text.indexOf(a.quote); i >= 0; i = text.indexOf(a.quote, i + 1)) {
    hits.push(i);
    if (hits.length > 200) break;
  }
  if (hits.length) {
    const score = (i: number) =>
      similarity(text.slice(Math.max(0, i - CONTEXT), i), a.prefix) + similarity(text.slice(i + a.quote.length, i + a.quote.length + CONTEXT), a.suffix) - Math.abs(i - a.start) / 1e7;
    const best = hits.reduce((b, i) => (score(i) > score(b) ? i : b), hits[0]!);
    return { start: best, end: best + a.quote.length, how: 'moved' };
  }
  // White space may differ after re-extraction: compare without it.
  const squeeze = (s: string) => s.replace(/\s+/g, '');
  const q = squeeze(a.quote);
  if (q.length >= 2) {
    const map: number[] = [];
    let sq = '';
    for (let i = 0; i < text.length; i++) {
      if (/\s/.test(text[i]!)) continue;
      sq += text[i];
      map.push(i);
    }
    const k = sq.indexOf(q);
    if (k >= 0) return { start: map[k]!, end: map[k + q.length - 1]! + 1, how: 'fuzzy' };
  }
  // Approximate: the window of the quote's length around the old place with the best similarity.
  const len = a.quote.length;
  let best = { i: -1, s: 0 };
  const from = Math.max(0, a.start - 2000);
  const to = Math.min(text.length - len, a.start + 2000);
  for (let i = from; i <= to; i++) {
    const s = similarity(text.slice(i, i + len), a.quote);
    if (s > best.s) best = { i, s };
  }
  if (best.i >= 0 && best.s >= 0.6) return { start: best.i, end: best.i + len, how: 'fuzzy' };
  return { how: 'lost' };
}

// ---- scores -----------------------------------------------------------------------------------

/** Suggested points per criterion from the confirmed findings; the auditor has the final word. */
export function suggestScore(rubric: Rubric, confirmedRules: string[]): { id: string; points: number; deductions: number }[] {
  return rubric.criteria.map((c) => {
    const n = confirmedRules.filter((r) => c.rules.includes(r)).length;
    const deductions = Math.min(c.points, n * c.perFinding);
    return { id: c.id, points: c.points - deductions, deductions: n };
  });
}

export function totalOf(criteria: { points: number | null }[]): number | null {
  if (criteria.some((c) => c.points === null)) return null;
  return criteria.reduce((a, c) => a + (c.points ?? 0), 0);
}

/** A stored score checked against the rubric now in use: never shown as a valid total when it is not. */
export interface ScoreCheck {
  /** Given under another rubric or another version of it. */
  stale: boolean;
  /** Criteria whose points exceed the criterion's current maximum. */
  over: string[];
  /** Criteria of the current rubric that the score has no points for. */
  missing: string[];
  /** The total, only when the score is complete and valid under the current rubric. */
  validTotal: number | null;
  /** Words for the auditor (empty when valid). */
  problem: string;
}

export function checkScore(score: Pick<Score, 'rubricId' | 'rubricVersion' | 'criteria'>, rubric: Rubric): ScoreCheck {
  const stale = score.rubricId !== rubric.id || score.rubricVersion !== rubric.version;
  const over: string[] = [];
  const missing: string[] = [];
  for (const c of rubric.criteria) {
    const s = score.criteria.find((x) => x.id === c.id);
    if (!s || s.points === null) missing.push(c.id);
    else if (s.points > c.points) over.push(c.id);
  }
  const problems: string[] = [];
  if (stale) problems.push(score.rubricId !== rubric.id ? `按另一评分表（${score.rubricId}）评定` : `按第 ${score.rubricVersion} 版评分表评定，现为第 ${rubric.version} 版`);
  if (over.length) problems.push(`${over.length} 项超出新满分`);
  const ok = !over.length && !missing.length;
  return {
    stale,
    over,
    missing,
    validTotal: ok ? rubric.criteria.reduce((a, c) => a + (score.criteria.find((x) => x.id === c.id)?.points ?? 0), 0) : null,
    problem: problems.join('；'),
  };
}

// ---- merging two auditors' work ---------------------------------------------------------------

export interface Conflict<T> {
  id: string;
  kept: T;
  other: T;
}

/**
 * Merge records by version, then time. Equal versions with different content by different people
 * are conflicts: the later one is kept and both are reported, so nothing is lost silently.
 */
export function mergeRecords<T extends Stamp>(mine: Record<string, T>, theirs: Record<string, T>, same: (a: T, b: T) => boolean): {
  merged: Record<string, T>;
  taken: number;
  conflicts: Conflict<T>[];
} {
  const merged: Record<string, T> = { ...mine };
  let taken = 0;
  const conflicts: Conflict<T>[] = [];
  for (const [id, t] of Object.entries(theirs)) {
    const m = mine[id];
    if (!m) {
      merged[id] = t;
      taken++;
      continue;
    }
    if (same(m, t)) continue;
    if (t.version > m.version) {
      merged[id] = t;
      taken++;
    } else if (t.version === m.version) {
      const later = t.at > m.at ? t : m;
      const other = later === t ? m : t;
      merged[id] = later;
      if (later === t) taken++;
      if (m.by !== t.by) conflicts.push({ id, kept: later, other });
    }
  }
  return { merged, taken, conflicts };
}

/** One line of a report's change history. */
export interface HistoryEntry {
  seq: number;
  at: string;
  by: string;
  reportKey: string;
  what: string;
}
