// The auditor's work in one local JSON store (lowdb), never lost.
//
// - The snapshot `<name>.json` is written by lowdb (steno: temp file + rename, so always whole).
// - Every change is first appended as one line to `<name>.json.journal` and is durable once the
//   call returns; the snapshot is rewritten every SNAPSHOT_EVERY changes and on close. Opening
//   replays the journal after the snapshot's sequence number; a torn last line (a crash in the
//   middle of a write) is ignored, so at most that last change is lost.
//   (Why a journal: rewriting an 8 MB JSON for every annotation takes ~60 ms; an append takes <1 ms.)
// - Rolling backups `<name>.json.bak1..3` are taken at each snapshot; a corrupt snapshot is moved
//   aside, the newest good backup restored, and the caller gets a notice to show the user.
// - One writer: a lock file with the pid; read-only opens (the CLI) take no lock.

import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync, copyFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { Settings } from '../../core/rules/registry.js';
import {
  mergeRecords,
  type Annotation,
  type Conflict,
  type Decision,
  type ReviewStatus,
  type Rubric,
  type Score,
  type StatusRecord,
  type Verdict,
} from '../../core/review.js';

export const SCHEMA_VERSION = 2;
/** Changes between snapshots (tests lower it to exercise snapshots under kill -9). */
const SNAPSHOT_EVERY = Number(process.env.NIANBAO_SNAPSHOT_EVERY) || 1000;
const BACKUPS = 3;

export interface WorkspaceFile {
  path: string;
  sha256: string;
  size: number;
  addedAt: string;
}

export interface HistoryEntry {
  seq: number;
  at: string;
  by: string;
  reportKey: string;
  what: string;
}

export interface StoreData {
  schemaVersion: number;
  createdAt: string;
  seq: number;
  settings: { auditor: string; rules?: Partial<Settings>; rubricId: string };
  workspace: { files: Record<string, WorkspaceFile> };
  decisions: Record<string, Decision>;
  annotations: Record<string, Annotation>;
  scores: Record<string, Score>;
  statuses: Record<string, StatusRecord>;
  rubrics: Record<string, Rubric>;
  history: Record<string, HistoryEntry>;
}

type Coll = 'decisions' | 'annotations' | 'scores' | 'statuses' | 'rubrics' | 'workspace' | 'history' | 'settings';

interface Op {
  seq: number;
  coll: Coll;
  id: string;
  /** null deletes. */
  value: unknown;
}

export class StoreError extends Error {
  constructor(
    readonly code: 'LOCKED' | 'READ_ONLY' | 'UNREADABLE',
    message: string,
  ) {
    super(message);
  }
}

export function emptyData(auditor = ''): StoreData {
  return {
    schemaVersion: SCHEMA_VERSION,
    createdAt: new Date().toISOString(),
    seq: 0,
    settings: { auditor, rubricId: 'default' },
    workspace: { files: {} },
    decisions: {},
    annotations: {},
    scores: {},
    statuses: {},
    rubrics: {},
    history: {},
  };
}

/** Schema migrations, from the first schema on. Each takes the previous shape and returns the next. */
export function migrate(raw: Record<string, unknown>): { data: StoreData; from: number } {
  const from = Number(raw.schemaVersion ?? raw.version ?? 1);
  let d = raw;
  if (from < 2) {
    // Schema 1 (first release): arrays of decisions and notes, no versions or history.
    const old = d as {
      auditor?: string;
      decisions?: { reportKey: string; fingerprint: string; rule?: string; verdict: Verdict; comment?: string; at?: string }[];
      notes?: Omit<Annotation, 'version' | 'by'>[];
      files?: WorkspaceFile[];
    };
    const next = emptyData(old.auditor ?? '');
    for (const x of old.decisions ?? []) {
      const id = `${x.reportKey}|${x.fingerprint}`;
      next.decisions[id] = {
        id,
        reportKey: x.reportKey,
        fingerprint: x.fingerprint,
        rule: x.rule ?? x.fingerprint.split(':')[0]!,
        verdict: x.verdict,
        comment: x.comment ?? '',
        by: old.auditor ?? '',
        at: x.at ?? next.createdAt,
        version: 1,
      };
    }
    for (const n of old.notes ?? []) next.annotations[n.id] = { ...n, by: old.auditor ?? '', version: 1 } as Annotation;
    for (const f of old.files ?? []) next.workspace.files[f.sha256] = f;
    d = next as unknown as Record<string, unknown>;
  }
  const data = d as unknown as StoreData;
  data.schemaVersion = SCHEMA_VERSION;
  return { data, from };
}

function applyOp(d: StoreData, op: Op): void {
  if (op.coll === 'settings') {
    (d.settings as unknown as Record<string, unknown>)[op.id] = op.value;
  } else if (op.coll === 'workspace') {
    if (op.value === null) delete d.workspace.files[op.id];
    else d.workspace.files[op.id] = op.value as WorkspaceFile;
  } else {
    const c = d[op.coll] as Record<string, unknown>;
    if (op.value === null) delete c[op.id];
    else c[op.id] = op.value;
  }
  d.seq = Math.max(d.seq, op.seq);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface OpenResult {
  store: ReviewStore;
  /** Something the user must be told (recovered from a backup, migrated …). */
  notice: string | null;
}

export interface UndoStep {
  label: string;
  ops: { coll: Coll; id: string; before: unknown; after: unknown }[];
}

export class ReviewStore {
  private readonly db: Low<StoreData>;
  private journalFd: number | null = null;
  private sinceSnapshot = 0;
  private snapshotting: Promise<void> | null = null;
  private undoStack: UndoStep[] = [];
  private redoStack: UndoStep[] = [];
  private closed = false;
  /** Called after every change (the app pushes it to the window). */
  onChange: ((what: Coll) => void) | null = null;

  private constructor(
    readonly path: string,
    readonly readOnly: boolean,
    data: StoreData,
  ) {
    this.db = new Low<StoreData>(new JSONFile<StoreData>(path), data);
    this.db.data = data;
  }

  get data(): Readonly<StoreData> {
    return this.db.data;
  }

  get auditor(): string {
    return this.db.data.settings.auditor || '审核人';
  }

  static async open(path: string, opts: { readOnly?: boolean; auditor?: string } = {}): Promise<OpenResult> {
    await mkdir(dirname(path), { recursive: true });
    const readOnly = !!opts.readOnly;
    const lock = `${path}.lock`;
    if (!readOnly) {
      try {
        writeFileSync(lock, String(process.pid), { flag: 'wx' });
      } catch {
        const pid = Number(readFileSync(lock, 'utf8'));
        if (pid && pid !== process.pid && isAlive(pid)) {
          throw new StoreError('LOCKED', `审核数据文件正被另一个程序（进程 ${pid}）使用：请先关闭另一个年报审阅台窗口`);
        }
        writeFileSync(lock, String(process.pid));
      }
    }
    const notices: string[] = [];
    let data: StoreData | null = null;
    if (existsSync(path)) {
      try {
        const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
        const m = migrate(raw);
        data = m.data;
        if (m.from < SCHEMA_VERSION) notices.push(`审核数据已从第 ${m.from} 版格式升级到第 ${SCHEMA_VERSION} 版`);
      } catch {
        const aside = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        if (!readOnly) renameSync(path, aside);
        for (let i = 1; i <= BACKUPS && !data; i++) {
          try {
            data = migrate(JSON.parse(readFileSync(`${path}.bak${i}`, 'utf8'))).data;
            notices.push(`审核数据文件已损坏，已另存为 ${aside}，并从备份 ${i} 恢复；备份之后的少量修改可能需要重做`);
          } catch {
            // next backup
          }
        }
        if (!data) notices.push(`审核数据文件已损坏且没有可用备份，已另存为 ${aside}，现从空白数据开始`);
      }
    }
    data ??= emptyData(opts.auditor ?? '');
    // Replay the journal.
    const journal = `${path}.journal`;
    let replayed = 0;
    let torn = false;
    if (existsSync(journal)) {
      const lines = readFileSync(journal, 'utf8').split('\n');
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          const op = JSON.parse(line) as Op;
          if (op.seq > data.seq) {
            applyOp(data, op);
            replayed++;
          }
        } catch {
          torn = true; // the last write was cut short
        }
      }
    }
    if (opts.auditor && !data.settings.auditor) data.settings.auditor = opts.auditor;
    const store = new ReviewStore(path, readOnly, data);
    if (!readOnly) {
      if (torn || replayed || !existsSync(path)) await store.snapshot();
      store.journalFd = openSync(journal, 'a');
    }
    void replayed;
    return { store, notice: notices.length ? notices.join('；') : null };
  }

  // ---- writes --------------------------------------------------------------------------------

  private write(coll: Coll, id: string, value: unknown): void {
    if (this.readOnly) throw new StoreError('READ_ONLY', '审核数据以只读方式打开，不能修改');
    if (this.closed) throw new Error('store closed');
    const op: Op = { seq: this.db.data.seq + 1, coll, id, value };
    const line = JSON.stringify(op) + '\n';
    writeSync(this.journalFd!, line);
    fdatasyncSync(this.journalFd!);
    applyOp(this.db.data, op);
    if (++this.sinceSnapshot >= SNAPSHOT_EVERY && !this.snapshotting) void this.snapshot();
    this.onChange?.(coll);
  }

  private get(coll: Coll, id: string): unknown {
    if (coll === 'workspace') return this.db.data.workspace.files[id] ?? null;
    if (coll === 'settings') return (this.db.data.settings as unknown as Record<string, unknown>)[id] ?? null;
    return (this.db.data[coll] as Record<string, unknown>)[id] ?? null;
  }

  /** Apply changes as one undoable step. */
  private change(label: string, changes: { coll: Coll; id: string; value: unknown }[], history?: { reportKey: string; what: string }): void {
    const step: UndoStep = { label, ops: [] };
    for (const c of changes) {
      step.ops.push({ coll: c.coll, id: c.id, before: structuredClone(this.get(c.coll, c.id)), after: c.value });
      this.write(c.coll, c.id, c.value);
    }
    if (history) this.addHistory(history.reportKey, history.what);
    this.undoStack.push(step);
    if (this.undoStack.length > 200) this.undoStack.shift();
    this.redoStack = [];
  }

  private addHistory(reportKey: string, what: string): void {
    const seq = this.db.data.seq + 1;
    const e: HistoryEntry = { seq, at: new Date().toISOString(), by: this.auditor, reportKey, what };
    this.write('history', String(seq), e);
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

  setStatus(reportKey: string, status: ReviewStatus): StatusRecord {
    const prev = this.db.data.statuses[reportKey];
    const r: StatusRecord = { reportKey, status, ...this.stamp(prev) };
    const words = { todo: '未审', in_progress: '审核中', done: '已完成' }[status];
    this.change(`状态：${words}`, [{ coll: 'statuses', id: reportKey, value: r }], { reportKey, what: `审核状态改为“${words}”` });
    return r;
  }

  saveRubric(r: Rubric): void {
    this.change('保存评分表', [{ coll: 'rubrics', id: r.id, value: r }]);
  }

  setSetting<K extends keyof StoreData['settings']>(key: K, value: StoreData['settings'][K]): void {
    this.write('settings', key, value);
  }

  addFiles(files: WorkspaceFile[]): void {
    for (const f of files) this.write('workspace', f.sha256, f);
  }

  removeFile(sha256: string): void {
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
    for (const o of step.ops) {
      const v = o[dir] as { version?: number } | null;
      const cur = this.get(o.coll, o.id) as { version?: number } | null;
      // Undo is a new version of the record, so merges and history see it.
      const value = v && typeof v === 'object' && 'version' in v ? { ...v, version: (cur?.version ?? 0) + 1, at: new Date().toISOString(), by: this.auditor } : v;
      this.write(o.coll, o.id, value);
    }
  }

  undo(): string | null {
    const step = this.undoStack.pop();
    if (!step) return null;
    this.replay(step, 'before');
    this.redoStack.push(step);
    return step.label;
  }

  redo(): string | null {
    const step = this.redoStack.pop();
    if (!step) return null;
    this.replay(step, 'after');
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
    const d = this.db.data;
    return {
      kind: 'nianbao-review',
      version: 1,
      exportedAt: new Date().toISOString(),
      auditor: this.auditor,
      decisions: d.decisions,
      annotations: d.annotations,
      scores: d.scores,
      statuses: d.statuses,
    };
  }

  importReview(file: ReviewFile): { taken: number; conflicts: Conflict<Decision | Annotation | Score | StatusRecord>[] } {
    if (file.kind !== 'nianbao-review') throw new Error('不是年报审阅台的审核交换文件');
    const same = (a: { version: number; by: string; at: string }, b: { version: number; by: string; at: string }) =>
      JSON.stringify(a) === JSON.stringify(b);
    let taken = 0;
    const conflicts: Conflict<Decision | Annotation | Score | StatusRecord>[] = [];
    for (const coll of ['decisions', 'annotations', 'scores', 'statuses'] as const) {
      const mine = this.db.data[coll] as Record<string, Decision | Annotation | Score | StatusRecord>;
      const theirs = (file[coll] ?? {}) as Record<string, Decision | Annotation | Score | StatusRecord>;
      const r = mergeRecords(mine, theirs, same);
      for (const [id, v] of Object.entries(r.merged)) if (mine[id] !== v) this.write(coll, id, v);
      taken += r.taken;
      conflicts.push(...r.conflicts);
    }
    return { taken, conflicts };
  }

  // ---- persistence ---------------------------------------------------------------------------

  /** Write the snapshot (rolling backups first) and drop the journal lines it covers. */
  async snapshot(): Promise<void> {
    if (this.readOnly) return;
    if (this.snapshotting) await this.snapshotting;
    const run = async () => {
      const seq = this.db.data.seq;
      this.sinceSnapshot = 0;
      if (existsSync(this.path)) {
        for (let i = BACKUPS; i > 1; i--) if (existsSync(`${this.path}.bak${i - 1}`)) renameSync(`${this.path}.bak${i - 1}`, `${this.path}.bak${i}`);
        copyFileSync(this.path, `${this.path}.bak1`);
      }
      await this.db.write();
      // Keep only journal lines after the snapshot (atomic replace).
      const journal = `${this.path}.journal`;
      if (existsSync(journal)) {
        const keep = readFileSync(journal, 'utf8')
          .split('\n')
          .filter((l) => {
            try {
              return l.trim() && (JSON.parse(l) as Op).seq > seq;
            } catch {
              return false;
            }
          });
        const tmp = `${journal}.tmp`;
        writeFileSync(tmp, keep.length ? keep.join('\n') + '\n' : '');
        if (this.journalFd !== null) closeSync(this.journalFd);
        renameSync(tmp, journal);
        this.journalFd = this.closed ? null : openSync(journal, 'a');
      }
    };
    this.snapshotting = run().finally(() => (this.snapshotting = null));
    await this.snapshotting;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (!this.readOnly) await this.snapshot();
    this.closed = true;
    if (this.journalFd !== null) closeSync(this.journalFd);
    this.journalFd = null;
    if (!this.readOnly) {
      try {
        unlinkSync(`${this.path}.lock`);
      } catch {
        // already gone
      }
    }
  }
}

export interface ReviewFile {
  kind: 'nianbao-review';
  version: 1;
  exportedAt: string;
  auditor: string;
  decisions: Record<string, Decision>;
  annotations: Record<string, Annotation>;
  scores: Record<string, Score>;
  statuses: Record<string, StatusRecord>;
}
