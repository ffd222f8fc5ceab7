// Triage of a review round: queue filters, sorts and the round counter. Pure functions over the
// queue rows the app sends; run on every keystroke for thousands of reports.

import { assignedTest, type Assigned } from './assignment.js';

export type ReviewStatusKey = 'todo' | 'in_progress' | 'done';

/** The queue row fields triage needs (QueueItem in the contract extends this). */
export interface TriageRow {
  key: string;
  agency: string;
  year: number | null;
  format: string;
  fileName: string;
  file: string;
  errors: number;
  warnings: number;
  findings: number;
  decided: number;
  rules: string[];
  status: ReviewStatusKey;
  score: number | null;
}

export interface QueueFilters {
  query: string;
  errors: boolean;
  warnings: boolean;
  undecided: boolean;
  /** 分给我的: only reports the team round's lead assigned to this desk (needs the assignments). */
  mine: boolean;
  rule: string; // '' = any
  status: ReviewStatusKey | ''; // '' = any
  format: string; // '' = any
  year: string; // '' = any; 'none' = year unknown
}

export type QueueSort = 'agency' | 'year' | 'errors' | 'undecided' | 'score';

export const NO_FILTERS: QueueFilters = { query: '', errors: false, warnings: false, undecided: false, mine: false, rule: '', status: '', format: '', year: '' };

export function matches(i: TriageRow, f: QueueFilters, q = f.query.trim().toLowerCase(), mine?: (i: TriageRow) => boolean): boolean {
  // Without assignments (no team round) 分给我的 matches nothing rather than everything.
  if (f.mine && !mine?.(i)) return false;
  if (f.errors && i.errors === 0) return false;
  if (f.warnings && i.warnings === 0) return false;
  if (f.undecided && i.decided >= i.findings) return false;
  if (f.rule && !i.rules.includes(f.rule)) return false;
  if (f.status && i.status !== f.status) return false;
  if (f.format && i.format !== f.format) return false;
  if (f.year && (f.year === 'none' ? i.year !== null : String(i.year) !== f.year)) return false;
  if (q && !`${i.agency} ${i.year ?? ''} ${i.file}`.toLowerCase().includes(q)) return false;
  return true;
}

/** `assigned`: what the lead assigned to this desk (the 分给我的 filter). */
export function filterQueue<T extends TriageRow>(items: T[], f: QueueFilters, sort: QueueSort, assigned?: Assigned): T[] {
  const q = f.query.trim().toLowerCase();
  const mine = f.mine && assigned ? assignedTest(assigned) : undefined;
  const out = items.filter((i) => matches(i, f, q, mine));
  const byAgency = (a: T, b: T) => (a.agency < b.agency ? -1 : a.agency > b.agency ? 1 : 0) || (b.year ?? 0) - (a.year ?? 0);
  if (sort === 'agency') return out; // the app sends them in agency order
  if (sort === 'year') return out.sort((a, b) => (b.year ?? -1) - (a.year ?? -1) || byAgency(a, b));
  if (sort === 'errors') return out.sort((a, b) => b.errors - a.errors || b.warnings - a.warnings || byAgency(a, b));
  if (sort === 'undecided') return out.sort((a, b) => b.findings - b.decided - (a.findings - a.decided) || byAgency(a, b));
  return out.sort((a, b) => (a.score ?? 1e9) - (b.score ?? 1e9) || byAgency(a, b));
}

/** The active filters, in the order the auditor sees them (for "no report matches …"). */
export function activeFilters(f: QueueFilters): (keyof QueueFilters)[] {
  return (['query', 'mine', 'errors', 'warnings', 'undecided', 'rule', 'status', 'format', 'year'] as const).filter((k) => {
    const v = f[k];
    return typeof v === 'string' ? v.trim() !== '' : v;
  });
}

export interface RoundCounter {
  reports: number;
  done: number;
  inProgress: number;
  findings: number;
  undecided: number;
  /** Reports with at least one undecided finding. */
  reportsWithUndecided: number;
}

export function roundCounter(items: TriageRow[]): RoundCounter {
  const c: RoundCounter = { reports: items.length, done: 0, inProgress: 0, findings: 0, undecided: 0, reportsWithUndecided: 0 };
  for (const i of items) {
    if (i.status === 'done') c.done++;
    else if (i.status === 'in_progress') c.inProgress++;
    c.findings += i.findings;
    const u = Math.max(0, i.findings - i.decided);
    c.undecided += u;
    if (u) c.reportsWithUndecided++;
  }
  return c;
}

/** Choices for the rule / format / year filters: what the round actually has, with counts. */
export function facets(items: TriageRow[]): { rules: [string, number][]; formats: [string, number][]; years: [string, number][] } {
  const rules = new Map<string, number>();
  const formats = new Map<string, number>();
  const years = new Map<string, number>();
  for (const i of items) {
    for (const r of i.rules) rules.set(r, (rules.get(r) ?? 0) + 1);
    formats.set(i.format, (formats.get(i.format) ?? 0) + 1);
    const y = i.year === null ? 'none' : String(i.year);
    years.set(y, (years.get(y) ?? 0) + 1);
  }
  return {
    rules: [...rules].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    formats: [...formats].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    years: [...years].sort((a, b) => (b[0] === 'none' ? -1 : a[0] === 'none' ? 1 : Number(b[0]) - Number(a[0]))),
  };
}

/** Names shared by more than one file in the round (the queue then shows their folders). */
export function repeatedNames(items: { file: string; fileName: string }[]): Set<string> {
  const seen = new Map<string, Set<string>>();
  for (const i of items) {
    const s = seen.get(i.fileName) ?? new Set<string>();
    s.add(i.file);
    seen.set(i.fileName, s);
  }
  return new Set([...seen].filter(([, s]) => s.size > 1).map(([n]) => n));
}
