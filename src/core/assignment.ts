// A team round's assignments (pure): the lead assigns agencies and single reports to auditors. The
// queue's "分给我的" filter and the overview's progress per auditor both read them through here, so
// they always agree on which reports are whose.

import { normalizeAgency } from './agency.js';

/** What the lead assigned to one auditor: agency names and report keys. */
export interface Assigned {
  agencies: string[];
  reports: string[];
}

/** A test for "assigned": by report key, or by the report's agency (names compared normalized). */
export function assignedTest(a: Assigned): (r: { key: string; agency: string | null }) => boolean {
  const keys = new Set(a.reports);
  const agencies = new Set(a.agencies.map((x) => normalizeAgency(x)).filter(Boolean));
  return (r) => keys.has(r.key) || (agencies.size > 0 && !!r.agency && agencies.has(normalizeAgency(r.agency)));
}

/** Assignment rows as the team server keeps them: target 'agency:NAME' or 'report:KEY'. */
export function assignedOf(assignments: { target: string; role: string }[], role: string): Assigned {
  const out: Assigned = { agencies: [], reports: [] };
  for (const a of assignments) {
    if (a.role !== role) continue;
    if (a.target.startsWith('agency:')) out.agencies.push(a.target.slice(7));
    else if (a.target.startsWith('report:')) out.reports.push(a.target.slice(7));
  }
  return out;
}

export interface TeamRoundInput {
  /** The round's auditors; `names` are further names their records carry (the desk's own auditor name). */
  auditors: { role: string; display: string; names?: string[] }[];
  assignments: { target: string; role: string }[];
}

interface Keyed {
  keys: string[];
  count: number;
}

export interface AuditorProgress {
  role: string;
  name: string;
  assigned: Keyed;
  done: Keyed;
  in_progress: Keyed;
  todo: Keyed;
  /** Decisions in the round's reports whose `by` is this auditor (on any report, assigned or not). */
  decisions: number;
}

const keyed = (): Keyed => ({ keys: [], count: 0 });
const push = (k: Keyed, key: string) => {
  k.keys.push(key);
  k.count++;
};

/** For each auditor: reports assigned, their review status, and decisions the auditor made. */
export function auditorProgress(
  team: TeamRoundInput,
  reports: { key: string; agency: string | null }[],
  statusOf: (key: string) => 'todo' | 'in_progress' | 'done',
  decisions: Iterable<{ reportKey: string; by?: string } | null | undefined>,
): AuditorProgress[] {
  const inRound = new Set(reports.map((r) => r.key));
  const byName = new Map<string, number>();
  for (const d of decisions) {
    if (!d || !inRound.has(d.reportKey) || !d.by) continue;
    byName.set(d.by, (byName.get(d.by) ?? 0) + 1);
  }
  return team.auditors.map((a) => {
    const test = assignedTest(assignedOf(team.assignments, a.role));
    const p: AuditorProgress = { role: a.role, name: a.display, assigned: keyed(), done: keyed(), in_progress: keyed(), todo: keyed(), decisions: 0 };
    for (const r of reports) {
      if (!test(r)) continue;
      push(p.assigned, r.key);
      push(p[statusOf(r.key)], r.key);
    }
    for (const n of new Set([a.display, a.role, ...(a.names ?? [])])) p.decisions += byName.get(n) ?? 0;
    return p;
  });
}
