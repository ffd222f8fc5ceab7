// The desk's shared work: the review store (what the desk shows, its own truth offline) and the
// change journal (every change, from this desk, colleagues' files and the team server) kept in
// step. Local edits become changes (and go to the outbox); merged changes update the store with
// a history line in the colleague's name; a conflict leaves the store as it is until a person
// resolves it; a finished report whose results changed through a merge goes back to 审核中.

import { assignedOf, type TeamRoundInput } from '../../core/assignment.js';
import { recordId, reportsToReopen, type Change, type MergeResult, type ReportView } from '../../core/changes.js';
import type { Decision, Score, StatusRecord } from '../../core/review.js';
import { correctionPlace, correctionWords, type Correction } from '../../core/corrections.js';
import type { ReviewFile, ReviewStore, SharedColl } from '../store/index.js';
import type { TeamConflict, TeamInfo } from '../../ipc/contract.js';
import { describeUrl } from './db.js';
import { ChangeJournal } from './journal.js';
import { TeamSync, type RoundInfo, type SyncStatus } from './sync.js';

const KIND_OF: Record<SharedColl, string> = { decisions: 'decision', annotations: 'annotation', scores: 'score', statuses: 'status', corrections: 'correction' };
const COLL_OF: Record<string, SharedColl> = { decision: 'decisions', annotation: 'annotations', score: 'scores', status: 'statuses', correction: 'corrections' };
/** Collections a review file brings through the change model (its corrections go through the store's own merge). */
const FILE_COLLS: SharedColl[] = ['decisions', 'annotations', 'scores', 'statuses'];
const VERDICT = { confirmed: '确认问题', dismissed: '不是问题', pending: '待定' } as Record<string, string>;
const STATUS = { todo: '未审', in_progress: '审核中', done: '已完成' } as Record<string, string>;

const strip = (v: unknown): Record<string, unknown> | null => {
  if (!v || typeof v !== 'object') return null;
  const { by: _b, at: _a, version: _v, ...body } = v as Record<string, unknown>;
  return body;
};
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What a change says, in a few words (history lines, conflict sides). */
export function changeWords(kind: string, body: Record<string, unknown> | null): string {
  if (!body) return '删除';
  if (kind === 'decision') return `${String(body.rule)} 判定为“${VERDICT[String(body.verdict)] ?? ''}”${body.comment ? `：${String(body.comment)}` : ''}`;
  if (kind === 'status') return `审核状态改为“${STATUS[String(body.status)] ?? ''}”`;
  if (kind === 'score') return `评分 ${body.total ?? '未完成'}`;
  if (kind === 'correction') return `${body.deleted ? '撤回更正 ' : '更正 '}${correctionPlace(body as unknown as Correction)}${body.deleted ? '' : `：${correctionWords(body as unknown as Correction)}`}`;
  if (kind === 'annotation') return `${body.deleted ? '删除' : ''}批注“${String((body.anchor as { quote?: string })?.quote ?? '').slice(0, 20)}”：${String(body.note ?? '')}`;
  return kind;
}

/** The contract's shapes (src/ipc/contract.ts): what the desk shows of the team round. */
export type ConflictView = TeamConflict;
export type TeamView = TeamInfo;

export class TeamDesk {
  readonly journal: ChangeJournal;
  private sync: TeamSync | null = null;
  private importLabel: string | undefined;
  private url: string | null = null;
  private round: RoundInfo | null = null;
  /** Told when what the desk shows changed (merge, status, conflicts). */
  onChanged: ((why: 'merge' | 'status', notice?: string) => void) | null = null;
  /** Told the round's report files each time the server's list is read (the app fetches missing ones). */
  onRoundFiles: ((files: RoundInfo['files'], limit: number) => void) | null = null;

  constructor(
    private readonly store: ReviewStore,
    journalPath: string,
    private readonly inRound: (reportKey: string) => boolean,
  ) {
    this.journal = new ChangeJournal(journalPath, {
      inRound: (rk) => this.inRound(rk),
      currentValue: (record) => {
        const v = this.valueOf(record);
        return v ? { body: strip(v), by: String((v as { by?: string }).by ?? ''), at: String((v as { at?: string }).at ?? '') } : undefined;
      },
    });
    this.journal.onMerged = (r, source) => this.applyMerge(r, source, this.importLabel);
    this.journal.onRound = (info) => {
      this.round = info;
      this.onChanged?.('status');
      this.onRoundFiles?.(info.files, info.fileLimit);
    };
    if (store.readOnly || this.journal.readOnly) return;
    this.reconcile();
    store.onLocalRecords = (recs) => {
      const items = recs.map((r) => ({ record: recordId(KIND_OF[r.coll], r.id), body: strip(r.value) }));
      this.journal.addLocalMany(items, this.store.auditor);
      this.sync?.poke();
    };
  }

  private valueOf(record: string): unknown {
    const kind = record.slice(0, record.indexOf(':'));
    const coll = COLL_OF[kind];
    if (!coll) return undefined;
    return (this.store.data[coll] as Record<string, unknown>)[record.slice(kind.length + 1)];
  }

  /**
   * Bring store and journal in step after a crash between their two writes: a store value the
   * journal has never seen is a local edit (becomes a change); a store value the journal knows but
   * has moved past is a merge not yet shown (the store takes the journal's value).
   */
  private reconcile(): void {
    const fresh: { record: string; body: unknown }[] = [];
    const behind: { coll: SharedColl; id: string; value: unknown }[] = [];
    for (const coll of Object.keys(KIND_OF) as SharedColl[]) {
      for (const [id, v] of Object.entries(this.store.data[coll] as Record<string, unknown>)) {
        const record = recordId(KIND_OF[coll], id);
        const body = strip(v);
        const known = this.journal.index.of(record);
        if (!known.length || !known.some((c) => same(c.body, body))) {
          fresh.push({ record, body });
          continue;
        }
        const st = this.journal.index.state(record);
        if (st.from && !same(st.value, body)) behind.push({ coll, id, value: this.storeValue(st.from, v) });
      }
    }
    if (fresh.length) this.journal.addLocalMany(fresh, this.store.auditor);
    if (behind.length && !this.store.readOnly) this.store.applyMerged(behind, []);
  }

  private who(c: Change): string {
    if (c.origin !== 'server') return c.by;
    if (this.round && c.by === this.round.me) return this.store.auditor;
    return this.round?.auditors.find((a) => a.role === c.by)?.display ?? c.by;
  }

  private storeValue(c: Change, prev: unknown): unknown {
    if (c.body === null) return null;
    return { ...(c.body as object), by: this.who(c), at: c.at, version: (((prev as { version?: number }) ?? {}).version ?? 0) + 1 };
  }

  private view(keys: Set<string>): ReportView {
    const d = this.store.data;
    return {
      decisions: Object.values(d.decisions).filter((x: Decision) => keys.has(x.reportKey)),
      scores: Object.fromEntries([...keys].map((k) => [k, d.scores[k] as Score | undefined])),
      statuses: Object.fromEntries([...keys].map((k) => [k, d.statuses[k] as StatusRecord | undefined])),
    };
  }

  private applyMerge(r: MergeResult, source: 'server' | 'file', label?: string): void {
    if (!r.changed.length && !r.newConflicts.length) return;
    const records: { coll: SharedColl; id: string; value: unknown }[] = [];
    const history: { reportKey: string; what: string; by: string; at: string }[] = [];
    const keys = new Set<string>();
    for (const record of r.changed) {
      const kind = record.slice(0, record.indexOf(':'));
      const coll = COLL_OF[kind];
      const st = this.journal.index.state(record);
      if (!coll || !st.from) continue;
      const id = record.slice(kind.length + 1);
      const value = this.storeValue(st.from, (this.store.data[coll] as Record<string, unknown>)[id]);
      const rk = String((st.value as { reportKey?: string })?.reportKey ?? '');
      keys.add(rk);
      records.push({ coll, id, value });
      const relayed = st.from.origin === 'server' && st.from.claim ? `（转自${st.from.claim.by}的审核数据文件）` : '';
      history.push({ reportKey: rk, what: `${source === 'file' ? '（审核数据文件）' : relayed}${changeWords(kind, st.value as Record<string, unknown> | null)}`, by: this.who(st.from), at: st.from.at });
    }
    // Only reports finished here before the merge can go back to 审核中 (none when a desk joins).
    const done = new Set([...keys].filter((k) => this.store.data.statuses[k]?.status === 'done'));
    const before = done.size ? this.view(done) : null;
    if (records.length && !this.store.readOnly) this.store.applyMerged(records, history, source === 'file' ? label : undefined);
    const reopen = before ? reportsToReopen(before, this.view(done)) : [];
    for (const x of reopen) this.store.setStatus(x.reportKey, 'in_progress');
    const notice = reopen.length ? `${reopen.length} 份已完成的报告因同事的修改（${[...new Set(reopen.map((x) => x.why))].join('；')}）改回“审核中”，请复核` : undefined;
    this.onChanged?.('merge', notice);
  }

  // ---- the team server ------------------------------------------------------------------------

  connect(url: string | null): void {
    void this.sync?.stop();
    this.sync = null;
    this.url = url;
    this.round = null;
    if (!url) {
      this.onChanged?.('status');
      return;
    }
    this.sync = new TeamSync(url, this.journal, { onStatus: () => this.onChanged?.('status') });
    this.sync.start();
  }

  /** SHA-256 of the round's files on the team server. */
  roundFiles(): string[] {
    return (this.round?.files ?? []).map((f) => f.sha256);
  }

  /** A report file of the round from the server (null: not there, or not connected). */
  async fetchFile(sha256: string): Promise<{ name: string; bytes: Buffer } | null> {
    return this.sync ? this.sync.fetchFile(sha256) : null;
  }

  async syncNow(): Promise<void> {
    await this.sync?.syncOnce();
  }

  async close(): Promise<void> {
    await this.sync?.stop();
    this.journal.close();
  }

  /** Conflicts now, counted again only when the journal's index has changed. */
  private counted = { version: -1, n: 0 };
  private conflictCount(): number {
    const version = this.journal.index.version;
    if (version !== this.counted.version) this.counted = { version, n: this.journal.index.conflicts().length };
    return this.counted.n;
  }

  status(): TeamView {
    const s = this.sync?.status() ?? { state: 'off' as const, pending: this.journal.outbox().length };
    const conflicts = this.conflictCount();
    const label = conflicts
      ? `${conflicts} 个冲突`
      : s.state === 'off'
        ? '未连接团队'
        : s.state === 'offline' || s.state === 'connecting'
          ? `离线（${s.pending} 条待上传）`
          : s.pending
            ? `同步中（${s.pending} 条待上传）`
            : '已同步';
    const mine = this.round ? assignedOf(this.round.assignments, this.round.me) : { agencies: [], reports: [] };
    return {
      state: s.state,
      label,
      pending: s.pending,
      conflicts,
      server: this.url ? describeUrl(this.url) : null,
      ...(s.error ? { error: s.error } : {}),
      ...(this.round ? { round: this.round.round, me: this.round.me } : {}),
      auditors: (this.round?.auditors ?? []).map((a) => ({ role: a.role, display: a.display })),
      mine,
      aside: this.journal.aside().length,
    };
  }

  /** The round's auditors and assignments for the overview (null when not in a team round). */
  progressInput(): TeamRoundInput | null {
    const r = this.round;
    if (!r) return null;
    // This desk's own records carry the auditor's name as entered at the desk (see who()).
    return { auditors: r.auditors.map((a) => ({ role: a.role, display: a.display, ...(a.role === r.me ? { names: [this.store.auditor] } : {}) })), assignments: r.assignments };
  }

  conflicts(): ConflictView[] {
    return this.journal.index.conflicts().map(({ record, sides }) => {
      const kind = record.slice(0, record.indexOf(':'));
      return {
        record,
        kind,
        reportKey: String((sides[0]!.body as { reportKey?: string })?.reportKey ?? ''),
        sides: sides.map((c) => ({ id: c.id, by: this.who(c), at: c.at, what: changeWords(kind, c.body as Record<string, unknown> | null), mine: c.origin === 'local', from: c.origin })),
      };
    });
  }

  /** A person's resolution: the side they picked, as a new change on top of every side. */
  resolve(record: string, pick: string): void {
    const c = this.journal.index.get(pick);
    if (!c || c.record !== record) throw new Error('这个冲突已经变了：请刷新后重选');
    const kind = record.slice(0, record.indexOf(':'));
    const coll = COLL_OF[kind]!;
    const id = record.slice(kind.length + 1);
    const ch = this.journal.addLocal(record, c.body, this.store.auditor);
    const rk = String((c.body as { reportKey?: string })?.reportKey ?? '');
    const before = this.view(new Set([rk]));
    this.store.applyMerged([{ coll, id, value: this.storeValue(ch, (this.store.data[coll] as Record<string, unknown>)[id]) }], [
      { reportKey: rk, what: `解决冲突：采用${this.who(c)}的“${changeWords(kind, c.body as Record<string, unknown> | null)}”`, by: this.store.auditor, at: ch.at },
    ]);
    for (const x of reportsToReopen(before, this.view(new Set([rk])))) this.store.setStatus(x.reportKey, 'in_progress');
    this.sync?.poke();
    this.onChanged?.('merge');
  }

  // ---- review files ---------------------------------------------------------------------------

  /** A colleague's review file through the same merge as the server's changes. */
  importFile(name: string, file: ReviewFile): MergeResult & { same: number; relayed: Change[] } {
    const records: { kind: string; key: string; value: Record<string, unknown> }[] = [];
    for (const coll of FILE_COLLS) {
      for (const [key, value] of Object.entries(file[coll] as unknown as Record<string, Record<string, unknown>>)) records.push({ kind: KIND_OF[coll], key, value });
    }
    this.importLabel = `导入${file.auditor}的审核数据`;
    try {
      // In a team round, what the file brings (and is taken) goes to the server as this desk's changes.
      const r = this.journal.importFile({ name, auditor: file.auditor, exportedAt: file.exportedAt }, records, this.url ? { by: this.store.auditor } : undefined);
      if (r.relayed.length) this.sync?.poke();
      return r;
    } finally {
      this.importLabel = undefined;
    }
  }
}
