// The auditor's work in one local JSON store (lowdb), never losing an acknowledged change: the
// records (decisions, annotations, scores, statuses, rubrics, settings, workspace), each change one
// journal record and one line of history, undo/redo in steps, snapshots, and the merge of review
// files. The files beside `<name>.json` (see docs/architecture.md, "The review store"):
// - `<name>.json` the snapshot, written durably (durable.ts) through a lowdb adapter; rewritten every
//   SNAPSHOT_EVERY changes (in the background) and on close.
// - `<name>.json.journal` one framed record per change (journal.ts). A change is durable when the call
//   returns; memory is only changed after the append succeeded.
// - `<name>.json.bak1..3` rolling backups: bak1 is the previous snapshot. The journal is trimmed, after
//   the new snapshot is durable, to the records after bak1's sequence number, so a damaged snapshot is
//   recovered (recovery.ts) from bak1 plus the journal without losing anything.
// - `<name>.json.lock` (lock.ts). A read-only location opens read-only with a notice.
// Everything the user must know (recovery, damaged records, failed snapshots, lost lock) is a fault:
// returned by open() and pushed through `onFault` afterwards.

import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import type { Annotation, Conflict, Decision, HistoryEntry, ReviewStatus, Rubric, Score, StatusRecord, Verdict } from '../../core/review.js';
import { correctionPlace, correctionWords, type Correction } from '../../core/corrections.js';
import { applyOp, type Coll, type Op, type StoreData, type WorkspaceFile } from './data.js';
import { DurableJSONFile, rotateBackups, storeFs } from './durable.js';
import { errWords, StoreError, type StoreFault } from './errors.js';
import { mergeReviewFile, reviewFileOf, validateReviewFile, type AgencyConflict, type ReviewFile } from './exchange.js';
import { encodeRecord, journalGoodBytes, JournalWriter } from './journal.js';
import { HeldLock, takeLock, type LockInfo } from './lock.js';
import { recover } from './recovery.js';

/** Changes between snapshots (tests lower it to exercise snapshots under kill -9). */
const SNAPSHOT_EVERY = Number(process.env.NIANBAO_SNAPSHOT_EVERY) || 1000;

export interface OpenResult {
  store: ReviewStore;
  /** Something the user must be told (recovered from a backup, migrated, lock taken over …). */
  notice: string | null;
  /** Every fault found while opening, including those not worth a notice (a torn last write). */
  faults: StoreFault[];
}

export interface OpenOptions {
  readOnly?: boolean;
  auditor?: string;
  /** This machine's name in the lock (default os.hostname(); tests pretend to be another machine). */
  host?: string;
  /** Changes between background snapshots (default 1000). */
  snapshotEvery?: number;
}

export interface UndoStep {
  label: string;
  ops: { coll: Coll; id: string; before: unknown; after: unknown }[];
}

/** Records shared with colleagues (as changes, see core/changes.ts). */
export type SharedColl = 'decisions' | 'annotations' | 'scores' | 'statuses' | 'corrections';
const SHARED = new Set<Coll>(['decisions', 'annotations', 'scores', 'statuses', 'corrections']);

/** Errors that leave the store readable but not writable: open read-only and say why. */
const READ_ONLY_CODES = ['EROFS', 'EACCES', 'EPERM', 'ENOSPC', 'EDQUOT'];

export class ReviewStore {
  private readonly db: Low<StoreData>;
  private readonly journal: JournalWriter;
  /** Sequence number of the snapshot on disk (becomes bak1 at the next snapshot). */
  private diskSeq = 0;
  private sinceSnapshot = 0;
  private snapshotting: Promise<void> | null = null;
  private undoStack: UndoStep[] = [];
  /** An open group of changes (one undo step) and whether its journal records still await a sync. */
  private group: UndoStep | null = null;
  private unsynced = false;
  private redoStack: UndoStep[] = [];
  private closed = false;
  private ro: boolean;
  private lock: HeldLock | null = null;
  private snapshotEvery = SNAPSHOT_EVERY;
  /** Called after every change (the app pushes it to the window). */
  onChange: ((what: Coll) => void) | null = null;
  /** Faults after open (failed snapshot, failed write, lost lock): the app shows them as notices. */
  onFault: ((f: StoreFault) => void) | null = null;
  /**
   * After a change this desk made to shared records (decisions, annotations, scores, statuses, corrections),
   * including undo/redo: the team's change journal turns it into changes (services/team/desk.ts).
   */
  onLocalRecords: ((records: { coll: SharedColl; id: string; value: unknown }[]) => void) | null = null;
  private applyingMerged = false;

  private constructor(
    readonly path: string,
    readOnly: boolean,
    data: StoreData,
  ) {
    this.ro = readOnly;
    this.db = new Low<StoreData>(new DurableJSONFile<StoreData>(path), data);
    this.db.data = data;
    this.journal = new JournalWriter(`${path}.journal`);
  }

  /** True when opened read-only, in a read-only location, or after another program took the store. */
  get readOnly(): boolean {
    return this.ro || this.lockLost;
  }

  private get lockLost(): boolean {
    return !!this.lock?.lost;
  }

  get data(): Readonly<StoreData> {
    return this.db.data;
  }

  get auditor(): string {
    return this.db.data.settings.auditor || '审核人';
  }

  private report(f: StoreFault): void {
    this.onFault?.(f);
  }

  static async open(path: string, opts: OpenOptions = {}): Promise<OpenResult> {
    const faults: StoreFault[] = [];
    let readOnly = !!opts.readOnly;
    const now = new Date().toISOString();
    const me: LockInfo = { host: opts.host ?? hostname(), pid: process.pid, startedAt: now, refreshedAt: now, token: `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}` };
    let locked = false;
    if (!readOnly) {
      try {
        await mkdir(dirname(path), { recursive: true });
        const f = takeLock(`${path}.lock`, me);
        if (f) faults.push(f);
        locked = true;
      } catch (e) {
        if (e instanceof StoreError) throw e;
        const code = (e as NodeJS.ErrnoException).code ?? '';
        if (!READ_ONLY_CODES.includes(code)) throw new StoreError('UNREADABLE', `无法打开审核数据 ${path}：${errWords(e)}`);
        readOnly = true;
        faults.push({
          code: 'READ_ONLY_LOCATION',
          level: 'warning',
          message: `审核数据所在的文件夹 ${dirname(path)} 不能写入（${errWords(e)}），本次以只读方式打开：可以查看报告和已有的审核结果，但新的判定、批注和评分不会保存。请让该文件夹可写后重新打开，或把审核数据移到可写的位置`,
        });
      }
    }

    const { data, baseSeq, journal: j, replayed, unchecked } = recover(path, readOnly, opts.auditor, faults);
    const journal = `${path}.journal`;

    if (opts.auditor && !data.settings.auditor) data.settings.auditor = opts.auditor;
    const store = new ReviewStore(path, readOnly, data);
    store.diskSeq = baseSeq;
    if (opts.snapshotEvery) store.snapshotEvery = opts.snapshotEvery;
    if (locked) store.lock = new HeldLock(`${path}.lock`, me, (f) => store.report(f), () => store.closed);
    if (!readOnly) {
      const needSnapshot = j.torn || j.damaged.length > 0 || replayed > 0 || unchecked || !existsSync(path);
      if (needSnapshot) {
        try {
          await store.snapshot();
        } catch (e) {
          faults.push({ code: 'SNAPSHOT_FAILED', level: 'warning', message: `打开时整理审核数据失败（${errWords(e)}）：修改仍在日志中，不会丢失；请检查磁盘空间` });
        }
      }
      if (!store.journal.isOpen) store.journal.open(j.torn ? journalGoodBytes(journal) : null);
    }
    const shown = faults.filter((f) => f.code !== 'TORN_TAIL');
    return { store, notice: shown.length ? shown.map((f) => f.message).join('；') : null, faults };
  }

  /** Tests: stop as a killed process would (no snapshot, journal as it is, lock file left behind). */
  abandonForTests(): void {
    this.lock?.stop();
    this.closed = true;
    this.journal.close();
  }

  // ---- writes --------------------------------------------------------------------------------

  /**
   * Make changes durable as one journal record, then apply them. Throws (and changes nothing in
   * memory) when the record cannot be written.
   */
  private commit(changes: { coll: Coll; id: string; value: unknown }[]): void {
    if (this.closed) throw new Error('store closed');
    this.lock?.refreshIfDue();
    // Refusals are reported too: the window may not show a failed call's error.
    if (this.lockLost) throw this.refused('LOCKED', '审核数据已被另一个年报审阅台接管，本窗口不能再保存修改：请关闭本窗口，在正在使用的那一处继续');
    if (this.readOnly) throw this.refused('READ_ONLY', `审核数据以只读方式打开，这项修改没有保存${this.ro && !this.lockLost ? '（所在位置不能写入，或以只读方式打开）' : ''}`);
    if (!changes.length) return;
    const base = this.db.data.seq;
    const ops: Op[] = changes.map((c, k) => ({ seq: base + k + 1, coll: c.coll, id: c.id, value: c.value }));
    this.append(encodeRecord(ops));
    for (const op of ops) applyOp(this.db.data, op);
    this.sinceSnapshot += ops.length;
    // A snapshot costs the whole store: in a large store (a team round joined) it waits for changes
    // worth a quarter of the store, so writing snapshots stays proportional to the work done.
    if (this.sinceSnapshot >= Math.max(this.snapshotEvery, Math.floor(this.db.data.seq / 4)) && !this.snapshotting) {
      this.snapshot().catch((e) =>
        this.report({ code: 'SNAPSHOT_FAILED', level: 'warning', message: `定期整理审核数据失败（${errWords(e)}）：每项修改仍已保存在日志中，不会丢失；请检查磁盘空间，稍后会再试` }),
      );
    }
    if (!this.applyingMerged && this.onLocalRecords) {
      const shared = changes.filter((c): c is { coll: SharedColl; id: string; value: unknown } => SHARED.has(c.coll));
      if (shared.length) this.onLocalRecords(shared);
    }
    for (const c of new Set(changes.map((x) => x.coll))) this.onChange?.(c);
  }

  /**
   * Values that came from colleagues (the team server or a review file, merged in core/changes.ts),
   * with a history line each in the colleague's name: one record, not an undo step.
   */
  applyMerged(records: { coll: SharedColl; id: string; value: unknown }[], history: { reportKey: string; what: string; by: string; at: string }[], undoLabel?: string): void {
    const step: UndoStep | null = undoLabel ? { label: undoLabel, ops: records.map((c) => ({ coll: c.coll, id: c.id, before: structuredClone(this.get(c.coll, c.id)), after: c.value })) } : null;
    const all: { coll: Coll; id: string; value: unknown }[] = [...records];
    let seq = this.db.data.seq + records.length;
    for (const h of history) all.push({ coll: 'history', id: String(++seq), value: { seq, ...h } satisfies HistoryEntry });
    this.applyingMerged = true;
    try {
      this.commit(all);
    } finally {
      this.applyingMerged = false;
    }
    // Undoing a merge is this desk's own change back (it goes to the journal like any edit).
    if (step?.ops.length) {
      this.undoStack.push(step);
      if (this.undoStack.length > 200) this.undoStack.shift();
      this.redoStack = [];
    }
  }

  /** Append one record and sync (inside a group: at its end); on failure the file is cut back so the next record starts clean. */
  private append(buf: Buffer): void {
    try {
      // Inside a group the records are synced once at its end (500 decisions: one sync, not 500).
      this.journal.append(buf, !this.group);
    } catch (e) {
      if (e instanceof StoreError) throw e;
      throw this.writeFailed(e);
    }
    if (this.group) this.unsynced = true;
  }

  private refused(code: 'LOCKED' | 'READ_ONLY', message: string): StoreError {
    this.report({ code: 'REFUSED', level: 'error', message });
    return new StoreError(code, message);
  }

  private writeFailed(e: unknown): StoreError {
    const message = `这项修改没有保存（${errWords(e)}）：之前的修改都已保存；请腾出磁盘空间或检查存储位置后重做这一步`;
    this.report({ code: 'WRITE_FAILED', level: 'error', message });
    return new StoreError('WRITE_FAILED', message);
  }

  private write(coll: Coll, id: string, value: unknown): void {
    this.commit([{ coll, id, value }]);
  }

  private get(coll: Coll, id: string): unknown {
    if (coll === 'workspace') return this.db.data.workspace.files[id] ?? null;
    if (coll === 'settings') return (this.db.data.settings as unknown as Record<string, unknown>)[id] ?? null;
    return (this.db.data[coll] as Record<string, unknown>)[id] ?? null;
  }

  /** Apply changes (and their history line) as one record and one undoable step. */
  private change(label: string, changes: { coll: Coll; id: string; value: unknown }[], history?: { reportKey: string; what: string }): void {
    const step: UndoStep = { label, ops: changes.map((c) => ({ coll: c.coll, id: c.id, before: structuredClone(this.get(c.coll, c.id)), after: c.value })) };
    const all = [...changes];
    if (history) {
      const seq = this.db.data.seq + changes.length + 1;
      const e: HistoryEntry = { seq, at: new Date().toISOString(), by: this.auditor, reportKey: history.reportKey, what: history.what };
      all.push({ coll: 'history', id: String(seq), value: e });
    }
    this.commit(all);
    if (this.group) {
      this.group.ops.push(...step.ops);
      return;
    }
    this.undoStack.push(step);
    if (this.undoStack.length > 200) this.undoStack.shift();
    this.redoStack = [];
  }

  /**
   * Run several changes as one undo step (a bulk decision; a decision with the status it sets).
   * Each change is still its own checksummed record and history line; the journal is synced once
   * at the end, and the call returns (the changes are acknowledged) only after that sync.
   */
  grouped<T>(label: string, fn: () => T): T {
    if (this.group) return fn();
    const g: UndoStep = { label, ops: [] };
    this.group = g;
    try {
      return fn();
    } finally {
      this.group = null;
      if (g.ops.length) {
        this.undoStack.push(g);
        if (this.undoStack.length > 200) this.undoStack.shift();
        this.redoStack = [];
      }
      this.syncJournal();
    }
  }

  private syncJournal(): void {
    if (!this.unsynced || !this.journal.isOpen) return;
    this.unsynced = false;
    try {
      this.journal.sync();
    } catch (e) {
      throw this.writeFailed(e);
    }
  }

  private stamp<T extends { version: number }>(prev: T | null | undefined) {
    return { by: this.auditor, at: new Date().toISOString(), version: (prev?.version ?? 0) + 1 };
  }
  setDecision(input: { reportKey: string; fingerprint: string; rule: string; verdict: Verdict; comment?: string }): Decision {
    const id = `${input.reportKey}|${input.fingerprint}`;
    const prev = this.db.data.decisions[id];
    const d: Decision = {
      id,
      reportKey: input.reportKey,
      fingerprint: input.fingerprint,
      rule: input.rule,
      verdict: input.verdict,
      comment: input.comment ?? prev?.comment ?? '',
      ...this.stamp(prev),
    };
    const words = { confirmed: '确认问题', dismissed: '不是问题', pending: '待定' }[input.verdict];
    this.change(`判定：${words}`, [{ coll: 'decisions', id, value: d }], { reportKey: input.reportKey, what: `${input.rule} 判定为“${words}”${d.comment ? `：${d.comment}` : ''}` });
    return d;
  }

  upsertAnnotation(input: Omit<Annotation, 'by' | 'at' | 'version'>): Annotation {
    const prev = this.db.data.annotations[input.id];
    const a: Annotation = { ...input, ...this.stamp(prev) };
    this.change(prev ? '修改批注' : '添加批注', [{ coll: 'annotations', id: a.id, value: a }], {
      reportKey: a.reportKey,
      what: `${prev ? '修改' : '添加'}批注“${a.anchor.quote.slice(0, 20)}”：${a.note}`,
    });
    return a;
  }

  deleteAnnotation(id: string): void {
    const prev = this.db.data.annotations[id];
    if (!prev) return;
    // Deletion is a version too (a tombstone), so a merge cannot bring the note back.
    const a: Annotation = { ...prev, deleted: true, ...this.stamp(prev) };
    this.change('删除批注', [{ coll: 'annotations', id, value: a }], { reportKey: prev.reportKey, what: `删除批注“${prev.anchor.quote.slice(0, 20)}”` });
  }

  setScore(input: Omit<Score, 'by' | 'at' | 'version'>): Score {
    const prev = this.db.data.scores[input.reportKey];
    const s: Score = { ...input, ...this.stamp(prev) };
    this.change('评分', [{ coll: 'scores', id: input.reportKey, value: s }], { reportKey: input.reportKey, what: `评分 ${s.total ?? '未完成'}` });
    return s;
  }

  /** A score cleared to nothing is no score: the record goes (one undo step brings it back). */
  clearScore(reportKey: string): void {
    if (!this.db.data.scores[reportKey]) return;
    this.change('清除评分', [{ coll: 'scores', id: reportKey, value: null }], { reportKey, what: '清除评分' });
  }

  setStatus(reportKey: string, status: ReviewStatus): StatusRecord {
    const prev = this.db.data.statuses[reportKey];
    const r: StatusRecord = { reportKey, status, ...this.stamp(prev) };
    const words = { todo: '未审', in_progress: '审核中', done: '已完成' }[status];
    this.change(`状态：${words}`, [{ coll: 'statuses', id: reportKey, value: r }], { reportKey, what: `审核状态改为“${words}”` });
    return r;
  }

  /** Store a correction (one per cell / section / label: a new one replaces the old, a new version). */
  setCorrection(input: Omit<Correction, 'by' | 'at' | 'version'>): Correction {
    const prev = this.db.data.corrections[input.id];
    const c = { ...input, ...this.stamp(prev) } as Correction;
    delete c.deleted;
    this.change('更正读数', [{ coll: 'corrections', id: c.id, value: c }], { reportKey: c.reportKey, what: `更正 ${correctionPlace(c)}：${correctionWords(c)}` });
    return c;
  }

  /** Withdraw a correction: a tombstone (a new version), so a merge cannot bring it back. */
  removeCorrection(id: string): void {
    const prev = this.db.data.corrections[id];
    if (!prev || prev.deleted) return;
    const c = { ...prev, deleted: true, ...this.stamp(prev) } as Correction;
    this.change('撤回更正', [{ coll: 'corrections', id, value: c }], { reportKey: prev.reportKey, what: `撤回更正 ${correctionPlace(prev)}（恢复为识别读数）` });
  }

  correctionsOf(reportKey?: string): Correction[] {
    return Object.values(this.db.data.corrections ?? {}).filter((c) => !c.deleted && (reportKey === undefined || c.reportKey === reportKey));
  }

  saveRubric(r: Rubric): void {
    this.change('保存评分表', [{ coll: 'rubrics', id: r.id, value: r }]);
  }

  setSetting<K extends keyof StoreData['settings']>(key: K, value: StoreData['settings'][K]): void {
    this.write('settings', key, value);
  }

  /** The workspace list is bookkeeping: a read-only store shows reports without remembering them. */
  addFiles(files: WorkspaceFile[]): void {
    if (this.readOnly || !files.length) return;
    this.commit(files.map((f) => ({ coll: 'workspace' as const, id: f.sha256, value: f })));
  }

  removeFile(sha256: string): void {
    if (this.readOnly) return;
    this.write('workspace', sha256, null);
  }

  // ---- undo / redo ---------------------------------------------------------------------------

  canUndo(): string | null {
    return this.undoStack[this.undoStack.length - 1]?.label ?? null;
  }
  canRedo(): string | null {
    return this.redoStack[this.redoStack.length - 1]?.label ?? null;
  }

  private replay(step: UndoStep, dir: 'before' | 'after'): void {
    // Undo walks a group backwards, so a record changed twice in it ends where it began.
    const ops = dir === 'before' ? [...step.ops].reverse() : step.ops;
    const changes = ops.map((o) => {
      const v = o[dir] as { version?: number } | null;
      const cur = this.get(o.coll, o.id) as { version?: number } | null;
      // Undo is a new version of the record, so merges and history see it.
      const value = v && typeof v === 'object' && 'version' in v ? { ...v, version: (cur?.version ?? 0) + 1, at: new Date().toISOString(), by: this.auditor } : v;
      return { coll: o.coll, id: o.id, value };
    });
    this.commit(changes);
  }

  undo(): string | null {
    const step = this.undoStack[this.undoStack.length - 1];
    if (!step) return null;
    this.replay(step, 'before');
    this.undoStack.pop();
    this.redoStack.push(step);
    return step.label;
  }

  redo(): string | null {
    const step = this.redoStack[this.redoStack.length - 1];
    if (!step) return null;
    this.replay(step, 'after');
    this.redoStack.pop();
    this.undoStack.push(step);
    return step.label;
  }

  // ---- reads ---------------------------------------------------------------------------------

  historyOf(reportKey: string): HistoryEntry[] {
    return Object.values(this.db.data.history)
      .filter((h) => h.reportKey === reportKey)
      .sort((a, b) => b.seq - a.seq);
  }

  decisionsOf(reportKey: string): Decision[] {
    return Object.values(this.db.data.decisions).filter((d) => d.reportKey === reportKey);
  }

  annotationsOf(reportKey: string): Annotation[] {
    return Object.values(this.db.data.annotations).filter((a) => a.reportKey === reportKey && !a.deleted);
  }

  // ---- exchange between auditors -------------------------------------------------------------

  exportReview(): ReviewFile {
    return reviewFileOf(this.db.data, this.auditor);
  }

  /**
   * Merge another auditor's review file: validated first (BAD_REVIEW_FILE, nothing changed), then
   * taken as one record, all or nothing, and one undo step.
   */
  importReview(input: unknown): { taken: number; conflicts: Conflict<Decision | Annotation | Score | StatusRecord | Correction>[]; agencies: { taken: number; conflicts: AgencyConflict[] } } {
    const file = validateReviewFile(input);
    const { changes, taken, conflicts, agencies } = mergeReviewFile(this.db.data, file);
    if (changes.length) this.change(`导入${file.auditor}的审核数据`, changes);
    return { taken, conflicts, agencies };
  }

  // ---- persistence ---------------------------------------------------------------------------

  /**
   * Write the snapshot durably (the previous one becomes bak1), then drop the journal records that
   * bak1 already holds. Throws when it fails; nothing is lost then (the journal is untouched).
   */
  async snapshot(): Promise<void> {
    if (this.readOnly) return;
    while (this.snapshotting) await this.snapshotting.catch(() => undefined);
    const run = async () => {
      this.sinceSnapshot = 0;
      const seq = this.db.data.seq;
      const floor = this.diskSeq;
      if (existsSync(this.path)) rotateBackups(this.path);
      await this.db.write();
      storeFs.step('snapshot-renamed');
      this.diskSeq = seq;
      this.journal.trim(floor, !this.closed);
    };
    this.snapshotting = run().finally(() => (this.snapshotting = null));
    await this.snapshotting;
  }

  /** Snapshot, release the lock. A failed final snapshot is reported, never thrown: the journal keeps the work. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.lock?.stop();
    if (!this.readOnly) {
      try {
        await this.snapshot();
      } catch (e) {
        this.report({ code: 'SNAPSHOT_FAILED', level: 'warning', message: `关闭时整理审核数据失败（${errWords(e)}）：修改仍在日志中，下次打开时会补上` });
      }
    }
    this.closed = true;
    this.journal.close();
    this.lock?.release();
  }
}
