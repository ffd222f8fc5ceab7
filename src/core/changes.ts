// Changes, not states: every edit a person makes to a record is one change that names the change(s)
// it was made on top of (`base`). One module for the team server's sync and the review-file exchange:
// - a record with two heads (changes nobody built on) whose bodies differ is a conflict: both stay,
//   the desk lists both sides (who, when, what) until a person writes a change on top of both;
// - who and when come from the desk that made the change or from the server, never from the payload
//   of a file (a file cannot speak as the local auditor);
// - bodies are validated per record kind: unknown fields dropped, forbidden keys refused;
// - records of reports that are not in the round are kept aside.
// Pure: ids and times are given by the caller.

import { z } from 'zod';
import { annotationBody, decisionBody, scoreBody, statusBody } from './record-bodies.js';

export type Origin = 'local' | 'server' | 'file';

export interface Change<B = unknown> {
  /** Unique, made by the desk that wrote the change (or derived from a file's record). */
  id: string;
  /** What it is about: `<kind>:<key>`, e.g. `decision:<reportKey>|<fingerprint>`. */
  record: string;
  /** The change(s) it was made on top of; [] for the first. A resolution names every side. */
  base: string[];
  /** Who: the local auditor (made here), the server's role (pulled), or the file's auditor. */
  by: string;
  /** When (ISO): this desk's clock, the server's, or the file's claim (shown, not trusted). */
  at: string;
  /** The record's value after the change; null removes it. */
  body: B | null;
  origin: Origin;
  /** Arrival order on this desk. */
  n: number;
  /** The server's order, once the change is on the server. */
  seq?: number;
  /** A file's own claims about the record (who, when, version), kept as information only. */
  claim?: { by: string; at: string; version?: number; file: string };
}

// ---- record kinds -------------------------------------------------------------------------------

export interface KindSpec {
  /** Validates (and strips unknown fields from) a body of this kind. */
  schema: z.ZodType<Record<string, unknown>>;
  /** The key a body is stored under (without the kind). */
  keyOf: (body: Record<string, unknown>) => string;
  reportKeyOf: (body: Record<string, unknown>) => string;
}

/** The kinds of records a round shares. Another kind is added by registering its spec here. */
export const KINDS: Record<string, KindSpec> = {
  decision: { schema: decisionBody, keyOf: (b) => String(b.id), reportKeyOf: (b) => String(b.reportKey) },
  annotation: { schema: annotationBody, keyOf: (b) => String(b.id), reportKeyOf: (b) => String(b.reportKey) },
  score: { schema: scoreBody, keyOf: (b) => String(b.reportKey), reportKeyOf: (b) => String(b.reportKey) },
  status: { schema: statusBody, keyOf: (b) => String(b.reportKey), reportKeyOf: (b) => String(b.reportKey) },
};

export function registerKind(kind: string, spec: KindSpec): void {
  if (!/^[a-z][a-z0-9_]{0,30}$/.test(kind)) throw new Error(`bad record kind ${kind}`);
  KINDS[kind] = spec;
}

export const kindOf = (record: string): string => record.slice(0, record.indexOf(':'));
export const recordId = (kind: string, key: string): string => `${kind}:${key}`;

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** The first forbidden key anywhere inside a value (JSON.parse makes "__proto__" an own key). */
export function forbiddenKey(v: unknown, depth = 0): string | null {
  if (!v || typeof v !== 'object' || depth > 20) return null;
  for (const k of Object.keys(v)) {
    if (FORBIDDEN.has(k)) return k;
    const inner = forbiddenKey((v as Record<string, unknown>)[k], depth + 1);
    if (inner) return inner;
  }
  return null;
}

export type BodyCheck = { ok: true; body: Record<string, unknown> | null; reportKey: string } | { ok: false; why: string };

/** A body for `record`, validated: its kind known, its shape right, its key the record's. */
export function checkBody(record: string, body: unknown): BodyCheck {
  const kind = kindOf(record);
  const spec = KINDS[kind];
  if (!spec) return { ok: false, why: `未知的记录类型“${kind.slice(0, 40)}”` };
  const bad = forbiddenKey(body);
  if (bad) return { ok: false, why: `含不允许的字段名 ${bad}` };
  if (body === null) {
    // A removal still names its report: the record's key carries it for every kind we know.
    return { ok: false, why: '记录内容为空' };
  }
  const r = spec.schema.safeParse(body);
  if (!r.success) {
    const i = r.error.issues[0]!;
    return { ok: false, why: `${i.path.map(String).join(' › ') || '内容'}：${i.message}` };
  }
  const k = spec.keyOf(r.data);
  if (recordId(kind, k) !== record) return { ok: false, why: '记录名与内容不一致' };
  return { ok: true, body: r.data, reportKey: spec.reportKeyOf(r.data) };
}

// ---- heads, values, conflicts -------------------------------------------------------------------

/** Stable JSON (keys sorted), to compare bodies. */
export function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

/** Changes of one record that no other change of it is based on. */
export function headsOf(changes: readonly Change[]): Change[] {
  const under = new Set<string>();
  for (const c of changes) for (const b of c.base) under.add(b);
  return changes.filter((c) => !under.has(c.id));
}

export interface RecordState<B = unknown> {
  /** The value the desk shows and exports. */
  value: B | null;
  /** The change the value comes from. */
  from: Change<B> | null;
  heads: Change<B>[];
  /** Heads whose bodies differ: a person must choose. Every side is in `sides`. */
  conflict: boolean;
  sides: Change<B>[];
}

/**
 * The state of a record. With one distinct body among the heads, that body. With several, the record
 * is in conflict and keeps showing this desk's own latest side (else the side this desk had first):
 * nothing another source sends replaces it until a person resolves.
 */
export function stateOf<B>(changes: readonly Change<B>[]): RecordState<B> {
  const heads = headsOf(changes) as Change<B>[];
  if (!heads.length) return { value: null, from: null, heads, conflict: false, sides: [] };
  const distinct = new Map<string, Change<B>>();
  for (const h of [...heads].sort((a, b) => a.n - b.n)) {
    const k = canonical(h.body);
    const had = distinct.get(k);
    if (!had || (h.origin === 'local' && had.origin !== 'local')) distinct.set(k, h);
  }
  const sides = [...distinct.values()];
  const local = sides.filter((h) => h.origin === 'local').sort((a, b) => b.n - a.n)[0];
  const from = sides.length === 1 ? sides[0]! : (local ?? sides.sort((a, b) => a.n - b.n)[0]!);
  return { value: from.body, from, heads, conflict: sides.length > 1, sides: sides.length > 1 ? sides : [] };
}

/** An index of changes by record (pure; the store persists the changes themselves). */
export class ChangeIndex {
  private readonly byId = new Map<string, Change>();
  private readonly byRecord = new Map<string, Change[]>();
  private nextN = 1;

  constructor(changes: Iterable<Change> = []) {
    for (const c of changes) this.put(c);
  }

  /** Grows on every add or removal (callers cache what they computed from the index by it). */
  version = 0;

  private put(c: Change): void {
    this.version++;
    this.byId.set(c.id, c);
    const list = this.byRecord.get(c.record);
    if (list) list.push(c);
    else this.byRecord.set(c.record, [c]);
    if (c.n >= this.nextN) this.nextN = c.n + 1;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }
  get(id: string): Change | undefined {
    return this.byId.get(id);
  }
  of(record: string): readonly Change[] {
    return this.byRecord.get(record) ?? [];
  }
  state(record: string): RecordState {
    return stateOf(this.of(record));
  }
  records(): IterableIterator<string> {
    return this.byRecord.keys();
  }
  all(): IterableIterator<Change> {
    return this.byId.values();
  }
  get size(): number {
    return this.byId.size;
  }
  /** The arrival number the next change gets. */
  takeN(): number {
    return this.nextN++;
  }
  /** Add a change (its id must be new). */
  add(c: Change): void {
    if (this.byId.has(c.id)) throw new Error(`change ${c.id} already known`);
    this.put(c);
  }
  /** Take back changes just added (a durable write of them failed). */
  remove(ids: Iterable<string>): void {
    for (const id of ids) {
      const c = this.byId.get(id);
      if (!c) continue;
      this.version++;
      this.byId.delete(id);
      const list = this.byRecord.get(c.record)!;
      const i = list.indexOf(c);
      if (i >= 0) list.splice(i, 1);
      if (!list.length) this.byRecord.delete(c.record);
    }
  }
  /** Records in conflict now. */
  conflicts(): { record: string; sides: Change[] }[] {
    const out: { record: string; sides: Change[] }[] = [];
    for (const [record, list] of this.byRecord) {
      if (list.length < 2) continue;
      const st = stateOf(list);
      if (st.conflict) out.push({ record, sides: st.sides });
    }
    return out;
  }
}

// ---- making changes -----------------------------------------------------------------------------

/**
 * A change this desk makes to a record, on top of every head the desk knows: an ordinary edit, or a
 * person's resolution of a conflict (the body they picked or wrote).
 */
export function makeLocalChange<B>(index: ChangeIndex, record: string, body: B | null, who: { id: string; by: string; at: string }): Change<B> {
  return {
    id: who.id,
    record,
    base: headsOf(index.of(record)).map((h) => h.id),
    by: who.by,
    at: who.at,
    body,
    origin: 'local',
    n: index.takeN(),
  };
}

/**
 * A record that has a value on this desk but no change yet (work from before changes were kept):
 * its first change, so that a change from elsewhere meets it as a side instead of replacing it.
 */
export function genesisChange(index: ChangeIndex, record: string, body: unknown, stamp: { by: string; at: string }): Change {
  return { id: `g${hashId(`${record}\u0000${stamp.by}\u0000${canonical(body)}`)}`, record, base: [], by: stamp.by || '审核人', at: stamp.at, body, origin: 'local', n: index.takeN() };
}

// ---- taking changes from elsewhere --------------------------------------------------------------

/** A change as the server holds it (author and time set by the database). */
export interface ServerChange {
  seq: number;
  id: string;
  record: string;
  base: string[];
  author: string;
  at: string;
  body: unknown;
  /** Where a change taken in from a review file came from (its pusher is the author). */
  claim?: unknown;
}

export interface Refused {
  id: string;
  record: string;
  why: string;
}

export interface MergeContext {
  /** Is this report part of the round on this desk? */
  inRound: (reportKey: string) => boolean;
  /** The record's value on this desk when it has no change yet (see genesisChange). */
  currentValue: (record: string) => { body: unknown; by: string; at: string } | undefined;
}

export interface MergeResult {
  /** Changes to store (genesis changes first, then the taken ones), in order. */
  added: Change[];
  /** Already known (a retry, or this desk's own change coming back). */
  duplicates: number;
  /** Valid changes for reports not in the round: kept aside, listed. */
  aside: Change[];
  refused: Refused[];
  /** Records whose shown value changed. */
  changed: string[];
  /** Records that are in conflict after the merge and were not before. */
  newConflicts: string[];
}

/**
 * Take changes from the server or a file into the index. Pure apart from the index it grows.
 * Nothing this desk has is replaced: a differing side makes a conflict.
 */
export function mergeChanges(index: ChangeIndex, incoming: readonly Change[], ctx: MergeContext): MergeResult {
  const res: MergeResult = { added: [], duplicates: 0, aside: [], refused: [], changed: [], newConflicts: [] };
  const before = new Map<string, RecordState>();
  for (const c0 of incoming) {
    if (index.has(c0.id)) {
      res.duplicates++;
      continue;
    }
    const chk = checkBody(c0.record, c0.body);
    if (!chk.ok) {
      res.refused.push({ id: c0.id, record: c0.record.slice(0, 200), why: chk.why });
      continue;
    }
    if (!ctx.inRound(chk.reportKey)) {
      res.aside.push({ ...c0, body: chk.body });
      continue;
    }
    if (!before.has(c0.record)) {
      if (!index.of(c0.record).length) {
        const cur = ctx.currentValue(c0.record);
        if (cur !== undefined && cur.body !== null) {
          const g = genesisChange(index, c0.record, cur.body, cur);
          index.add(g);
          res.added.push(g);
        }
      }
      before.set(c0.record, index.state(c0.record));
    }
    // Bases this desk does not know yet are kept as they are: the change stays a head until the
    // change it names arrives (order of arrival does not matter).
    const c: Change = { ...c0, body: chk.body, base: [...new Set(c0.base)].slice(0, 16), n: index.takeN() };
    index.add(c);
    res.added.push(c);
  }
  for (const [record, was] of before) {
    const now = index.state(record);
    if (canonical(now.value) !== canonical(was.value)) res.changed.push(record);
    if (now.conflict && !was.conflict) res.newConflicts.push(record);
  }
  return res;
}

/** Changes from the server's rows: who and when are the server's. */
export function fromServer(rows: readonly ServerChange[]): Change[] {
  return rows.map((r) => {
    const claim = claimOf(r.claim);
    return { id: r.id, record: r.record, base: r.base ?? [], by: r.author, at: r.at, body: r.body as Record<string, unknown> | null, origin: 'server' as const, n: 0, seq: r.seq, ...(claim ? { claim } : {}) };
  });
}

/** A claim as information only: short strings, nothing else kept. */
export function claimOf(v: unknown): Change['claim'] | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const str = (x: unknown, max: number) => (typeof x === 'string' ? x.slice(0, max) : '');
  const c = { by: str(o.by, 200), at: str(o.at, 40), file: str(o.file, 200) };
  return c.by || c.file ? c : undefined;
}

/**
 * A review file's records as changes. A file names no change it was made on: each differing record
 * becomes a side beside this desk's (a conflict), never a replacement. Its author is the file's
 * auditor, marked as coming from a file, whatever name it claims; its stamps are kept as a claim.
 * The id comes from the content, so importing the same file again takes nothing twice.
 */
export function fromFile(
  index: ChangeIndex,
  file: { name: string; auditor: string; exportedAt: string },
  records: { kind: string; key: string; value: Record<string, unknown> }[],
  ctx: Pick<MergeContext, 'currentValue'>,
): { changes: Change[]; same: number } {
  const out: Change[] = [];
  let same = 0;
  for (const r of records) {
    const record = recordId(r.kind, r.key);
    const { by, at, version, ...body } = r.value as Record<string, unknown> & { by?: unknown; at?: unknown; version?: unknown };
    const known = index.of(record).length ? index.state(record).value : ctx.currentValue(record)?.body;
    const chk = checkBody(record, body);
    if (chk.ok && known !== undefined && known !== null && canonical(known) === canonical(chk.body)) {
      same++;
      continue;
    }
    const who = `${String(file.auditor || '未署名').slice(0, 60)}（审核数据文件）`;
    out.push({
      id: `f${hashId(`${record}\u0000${canonical(body)}`)}`,
      record,
      base: [],
      by: who,
      at: typeof at === 'string' && at.length <= 40 ? at : file.exportedAt,
      body,
      origin: 'file',
      n: 0,
      claim: { by: String(by ?? '').slice(0, 200), at: String(at ?? '').slice(0, 40), ...(typeof version === 'number' ? { version } : {}), file: file.name.slice(0, 200) },
    });
  }
  return { changes: out, same };
}

// ---- after a merge: finished reports whose results changed --------------------------------------

export interface ReportView {
  decisions: Iterable<{ reportKey: string; fingerprint: string; verdict: string }>;
  scores: Record<string, { total: number | null; criteria: { id: string; points: number | null }[] } | undefined>;
  statuses: Record<string, { status: string } | undefined>;
}

/**
 * Reports marked 已完成 whose confirmed problems or score differ between before and after a merge:
 * they go back to 审核中 so a person looks again.
 */
export function reportsToReopen(before: ReportView, after: ReportView): { reportKey: string; why: string }[] {
  const confirmed = (v: ReportView) => {
    const m = new Map<string, string[]>();
    for (const d of v.decisions) if (d.verdict === 'confirmed') (m.get(d.reportKey) ?? m.set(d.reportKey, []).get(d.reportKey)!).push(d.fingerprint);
    for (const l of m.values()) l.sort();
    return m;
  };
  const cb = confirmed(before);
  const ca = confirmed(after);
  const out: { reportKey: string; why: string }[] = [];
  for (const [rk, st] of Object.entries(after.statuses)) {
    // Finished here before the merge: a report a colleague finished in the same changes stays so.
    if (st?.status !== 'done' || before.statuses[rk]?.status !== 'done') continue;
    const why: string[] = [];
    if ((cb.get(rk) ?? []).join('\n') !== (ca.get(rk) ?? []).join('\n')) why.push('确认的问题有变化');
    const sb = before.scores[rk];
    const sa = after.scores[rk];
    if (canonical(sb ? [sb.total, sb.criteria.map((c) => [c.id, c.points])] : null) !== canonical(sa ? [sa.total, sa.criteria.map((c) => [c.id, c.points])] : null)) why.push('评分有变化');
    if (why.length) out.push({ reportKey: rk, why: why.join('，') });
  }
  return out;
}

// ---- ids ----------------------------------------------------------------------------------------

/** 128 bits of a string (two 64-bit FNV-1a variants), as 26 base-32 characters. Not for secrets. */
export function hashId(text: string): string {
  let h1 = 0xcbf29ce484222325n;
  let h2 = 0x84222325cbf29ce4n;
  const P = 0x100000001b3n;
  const M = (1n << 64n) - 1n;
  for (let i = 0; i < text.length; i++) {
    const c = BigInt(text.charCodeAt(i));
    h1 = ((h1 ^ c) * P) & M;
    h2 = ((h2 ^ (c + 0x9en)) * P * P) & M;
  }
  return ((h1 << 64n) | h2).toString(32).padStart(26, '0');
}
