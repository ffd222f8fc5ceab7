// The auditor's work in one local JSON store (lowdb), never losing an acknowledged change.
//
// Files beside `<name>.json` (see docs/architecture.md, "The review store"):
// - `<name>.json` the snapshot, written durably (temp file, fsync, rename, fsync of the folder) through
//   a lowdb adapter; rewritten every SNAPSHOT_EVERY changes (in the background) and on close.
// - `<name>.json.journal` one framed record per change: `<crc32 hex> <json>\n`. A change is durable
//   when the call returns (append + fdatasync). A failed or partial append (disk full) is cut off
//   again and the call fails with a clear error; memory is only changed after the append succeeded.
// - `<name>.json.bak1..3` rolling backups: bak1 is the previous snapshot. The journal is trimmed, after
//   the new snapshot is durable, to the records after bak1's sequence number, so a damaged snapshot is
//   recovered from bak1 plus the journal without losing anything.
// - `<name>.json.lock` names host, process and start time and is refreshed while held; a second
//   writer (also on another machine over a shared drive) is refused while it is fresh. Stale locks are
//   taken over with a notice. A read-only location opens read-only with a notice.
// Everything the user must know (recovery, damaged records, failed snapshots, lost lock) is a fault:
// returned by open() and pushed through `onFault` afterwards.

import {
  closeSync,
  copyFileSync,
  existsSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { mkdir, open as openFile, rename as renameAsync, unlink as unlinkAsync } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { Low, type Adapter } from 'lowdb';
import { z } from 'zod';
import type { Settings } from '../core/rules/registry.js';
import { normalizeAgency } from '../core/agency.js';
import type { LetterSettings } from '../core/letters.js';
import {
  mergeRecords,
  type Annotation,
  type Conflict,
  type Decision,
  type ReviewStatus,
  type Rubric,
  type Score,
  type HistoryEntry,
  type StatusRecord,
  type Verdict,
} from '../core/review.js';
export type { HistoryEntry } from '../core/review.js';

export const SCHEMA_VERSION = 2;
/** Changes between snapshots (tests lower it to exercise snapshots under kill -9). */
const SNAPSHOT_EVERY = Number(process.env.NIANBAO_SNAPSHOT_EVERY) || 1000;
const BACKUPS = 3;
/** The lock is rewritten this often while held, and checked before a write when older. */
const LOCK_REFRESH_MS = Number(process.env.NIANBAO_LOCK_REFRESH_MS) || 10_000;
/** A lock not refreshed for this long belongs to a program that is gone. */
const LOCK_STALE_MS = Number(process.env.NIANBAO_LOCK_STALE_MS) || 60_000;

/**
 * The file operations that write user data, as a seam: fault-injection tests replace members to
 * simulate a full disk or an I/O error on real files. Nothing else should touch it.
 */
export const storeFs = {
  writeSync: (fd: number, buf: Buffer, off: number, len: number): number => writeSync(fd, buf, off, len),
  fdatasyncSync: (fd: number): void => fdatasyncSync(fd),
  ftruncateSync: (fd: number, len: number): void => ftruncateSync(fd, len),
  /** Durable whole-file write used for snapshots, backups and the trimmed journal. */
  writeFileDurable: async (path: string, data: string | Buffer): Promise<void> => {
    const h = await openFile(path, 'w');
    try {
      await h.writeFile(data);
      await h.sync();
    } finally {
      await h.close();
    }
  },
  writeFileDurableSync: (path: string, data: string | Buffer): void => {
    const fd = openSync(path, 'w');
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
  /** Called at each step of a snapshot (tests stop a writer there to kill it). */
  step: (name: 'rotate' | 'snapshot-written' | 'snapshot-renamed' | 'trim-written'): void => void name,
};

/** Lock tokens of the stores open in this process (a lock naming this pid is ours only if listed). */
const openLocks = new Set<string>();

export interface WorkspaceFile {
  path: string;
  sha256: string;
  size: number;
  addedAt: string;
}

export interface StoreData {
  schemaVersion: number;
  createdAt: string;
  seq: number;
  settings: {
    auditor: string;
    rules?: Partial<Settings>;
    rubricId: string;
    /** Agency type set by the auditor (agency name → type). */
    agencyTypes?: Record<string, 'government' | 'department'>;
    /** Agency merges by the auditor (agency name → the name it is the same agency as). */
    agencyAliases?: Record<string, string>;
    /** Text of the feedback letters (反馈意见书). */
    letters?: Partial<LetterSettings>;
  };
  workspace: { files: Record<string, WorkspaceFile> };
  decisions: Record<string, Decision>;
  annotations: Record<string, Annotation>;
  scores: Record<string, Score>;
  statuses: Record<string, StatusRecord>;
  rubrics: Record<string, Rubric>;
  history: Record<string, HistoryEntry>;
  /**
   * RECORDS_CHECKED once every record has been checked against its schema. Records written since
   * are valid by construction (typed calls, validated imports), so the check runs once per store.
   */
  recordsChecked?: number;
}

const RECORDS_CHECKED = 1;

type Coll = 'decisions' | 'annotations' | 'scores' | 'statuses' | 'rubrics' | 'workspace' | 'history' | 'settings';

interface Op {
  seq: number;
  coll: Coll;
  id: string;
  /** null deletes. */
  value: unknown;
}

export type StoreErrorCode = 'LOCKED' | 'READ_ONLY' | 'UNREADABLE' | 'WRITE_FAILED' | 'BAD_REVIEW_FILE';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Something about the store the user must be told. */
export interface StoreFault {
  code:
    | 'RECOVERED'
    | 'NO_BACKUP'
    | 'GAP'
    | 'DAMAGED_RECORD'
    | 'TORN_TAIL'
    | 'MIGRATED'
    | 'WRITE_FAILED'
    | 'SNAPSHOT_FAILED'
    | 'LOCK_TAKEN_OVER'
    | 'LOCK_LOST'
    | 'LOCK_REFRESH_FAILED'
    | 'READ_ONLY_LOCATION'
    | 'INVALID_RECORDS'
    | 'REFUSED';
  level: 'info' | 'warning' | 'error';
  message: string;
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
    recordsChecked: RECORDS_CHECKED,
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
    delete next.recordsChecked; // the old records are checked on this open
    d = next as unknown as Record<string, unknown>;
  }
  const data = d as unknown as StoreData;
  // Agency types and merges (added without a version bump): keep only well-formed entries.
  const st = (data.settings ?? {}) as StoreData['settings'];
  const obj = (x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {});
  st.agencyTypes = Object.fromEntries(Object.entries(obj(st.agencyTypes)).filter(([, v]) => v === 'government' || v === 'department')) as StoreData['settings']['agencyTypes'];
  st.agencyAliases = Object.fromEntries(Object.entries(obj(st.agencyAliases)).filter(([k, v]) => typeof v === 'string' && v !== k)) as Record<string, string>;
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

// ---- journal records ------------------------------------------------------------------------------

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

/** One change (all its operations) as one framed line: checksum, space, JSON, newline. */
export function encodeRecord(ops: Op[]): Buffer {
  const json = JSON.stringify({ ops });
  return Buffer.from(`${hex8(crc32(json))} ${json}\n`, 'utf8');
}

/** The operations of one journal line, or null when the line is damaged. */
export function decodeRecord(line: string): Op[] | null {
  try {
    if (line.startsWith('{')) {
      // Journal of an earlier version: one bare JSON operation per line.
      const op = JSON.parse(line) as Op;
      return typeof op.seq === 'number' && typeof op.coll === 'string' ? [op] : null;
    }
    if (line.length < 10 || line[8] !== ' ') return null;
    const json = line.slice(9);
    if (hex8(crc32(json)) !== line.slice(0, 8)) return null;
    const ops = (JSON.parse(json) as { ops?: Op[] }).ops;
    return Array.isArray(ops) && ops.every((o) => typeof o.seq === 'number' && typeof o.coll === 'string') ? ops : null;
  } catch {
    return null;
  }
}

interface JournalRead {
  records: { line: number; ops: Op[] }[];
  damaged: number[];
  torn: boolean;
}

function readJournal(path: string): JournalRead {
  const out: JournalRead = { records: [], damaged: [], torn: false };
  if (!existsSync(path)) return out;
  const lines = readFileSync(path, 'utf8').split('\n');
  const tail = lines.pop()!; // '' when the file ends with a newline
  lines.forEach((l, i) => {
    if (!l.trim()) return;
    const ops = decodeRecord(l);
    if (ops) out.records.push({ line: i + 1, ops });
    else out.damaged.push(i + 1);
  });
  if (tail.trim()) {
    // The last write was cut short (a crash or a full disk): the call never returned, so nothing
    // acknowledged is in it; a whole record that only misses its newline is still taken.
    const ops = decodeRecord(tail);
    if (ops) out.records.push({ line: lines.length + 1, ops });
    else out.torn = true;
  }
  return out;
}

// ---- durable files ---------------------------------------------------------------------------------

function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return; // folders cannot be opened there; rename is durable
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } catch (e) {
    if (!['EINVAL', 'EISDIR', 'ENOTSUP', 'EPERM'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    closeSync(fd);
  }
}

/** lowdb adapter: the snapshot is written to a temp file, synced, renamed over, and the folder synced. */
class DurableJSONFile<T> implements Adapter<T> {
  constructor(private readonly path: string) {}
  async read(): Promise<T | null> {
    return existsSync(this.path) ? (JSON.parse(readFileSync(this.path, 'utf8')) as T) : null;
  }
  async write(data: T): Promise<void> {
    const text = JSON.stringify(data); // synchronously: the snapshot is the data of this moment
    const tmp = `${this.path}.tmp`;
    try {
      await storeFs.writeFileDurable(tmp, text);
      storeFs.step('snapshot-written');
      await renameAsync(tmp, this.path);
    } catch (e) {
      await unlinkAsync(tmp).catch(() => undefined);
      throw e;
    }
    fsyncDir(dirname(this.path));
  }
}

function errWords(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOSPC: '磁盘已满',
    EDQUOT: '磁盘配额已用完',
    EROFS: '所在位置是只读的',
    EACCES: '没有写入权限',
    EPERM: '没有写入权限',
    EIO: '磁盘读写出错',
    ENOENT: '文件夹已不存在（网络盘或移动硬盘是否已断开？）',
  };
  return code ? `${words[code] ?? '写入出错'}，${code}` : (e as Error).message;
}

// ---- the lock ---------------------------------------------------------------------------------------

interface LockInfo {
  host: string;
  pid: number;
  startedAt: string;
  refreshedAt: string;
  token: string;
}

function readLock(path: string): LockInfo | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
  if (/^\d+$/.test(text)) {
    // Lock of an earlier version: the pid only, on this machine; its age is the file's.
    let at = new Date().toISOString();
    try {
      at = statSync(path).mtime.toISOString();
    } catch {
      // gone meanwhile
    }
    return { host: hostname(), pid: Number(text), startedAt: at, refreshedAt: at, token: `pid-${text}` };
  }
  try {
    const l = JSON.parse(text) as LockInfo;
    return typeof l.host === 'string' && typeof l.pid === 'number' && typeof l.token === 'string' ? l : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const localTime = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

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

/** Errors that leave the store readable but not writable: open read-only and say why. */
const READ_ONLY_CODES = ['EROFS', 'EACCES', 'EPERM', 'ENOSPC', 'EDQUOT'];

function isStoreShape(d: unknown): d is StoreData {
  const x = d as StoreData;
  const obj = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);
  return (
    obj(x) &&
    typeof x.seq === 'number' &&
    obj(x.settings) &&
    obj(x.workspace) &&
    obj(x.workspace.files) &&
    (['decisions', 'annotations', 'scores', 'statuses', 'rubrics', 'history'] as const).every((k) => obj(x[k]))
  );
}

function parseStoreFile(path: string): { data: StoreData; from: number } {
  const m = migrate(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>);
  if (!isStoreShape(m.data)) throw new Error('not a store');
  return m;
}

/** Replace the lock file atomically (temp file + rename); no temp file is left behind. */
function writeLockFile(lockPath: string, l: LockInfo): void {
  const tmp = `${lockPath}.${l.token}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(l));
    renameSync(tmp, lockPath);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // not there
    }
    throw e;
  }
}

/** Take the lock, or throw LOCKED while another writer's lock is fresh. Returns a fault on take-over. */
function takeLock(lockPath: string, me: LockInfo): StoreFault | null {
  try {
    writeFileSync(lockPath, JSON.stringify(me), { flag: 'wx' });
    return null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const other = readLock(lockPath);
  if (other) {
    const age = Date.now() - Date.parse(other.refreshedAt);
    const legacy = other.token.startsWith('pid-');
    const sameHost = other.host === me.host;
    const fresh = legacy
      ? isAlive(other.pid)
      : sameHost && other.pid === process.pid
        ? openLocks.has(other.token)
        : sameHost
          ? isAlive(other.pid) && age < LOCK_STALE_MS
          : age < LOCK_STALE_MS;
    if (fresh) {
      const where = other.host === me.host ? `本机进程 ${other.pid}` : `电脑“${other.host}”上的进程 ${other.pid}`;
      throw new StoreError('LOCKED', `审核数据正被另一个年报审阅台使用（${where}，${localTime(other.startedAt)} 打开）：请先关闭那边的程序再打开；同一份审核数据同一时间只能由一处修改。`);
    }
  } else {
    // Unreadable: someone may be writing it this very moment.
    let age = Infinity;
    try {
      age = Date.now() - statSync(lockPath).mtimeMs;
    } catch {
      // gone meanwhile
    }
    if (age < 5000) throw new StoreError('LOCKED', '审核数据正被另一个年报审阅台打开：请稍后再试，或先关闭另一个窗口。');
  }
  writeLockFile(lockPath, me);
  if (readLock(lockPath)?.token !== me.token) throw new StoreError('LOCKED', '审核数据刚被另一个年报审阅台打开：请先关闭另一个程序。');
  return {
    code: 'LOCK_TAKEN_OVER',
    level: 'info',
    message: other
      ? `上次使用这份审核数据的程序没有正常关闭（电脑“${other.host}”，进程 ${other.pid}，${localTime(other.startedAt)} 打开，${localTime(other.refreshedAt)} 后再无响应），已接管；已保存的修改都在`
      : '审核数据的锁文件已损坏，已重新建立',
  };
}

export class ReviewStore {
  private readonly db: Low<StoreData>;
  private journalFd: number | null = null;
  /** Bytes of whole records in the journal: a failed append is cut back to this. */
  private journalSize = 0;
  /** A failed append left bytes that could not be cut off. */
  private journalDirty = false;
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
  private lock: LockInfo | null = null;
  private lockTimer: ReturnType<typeof setInterval> | null = null;
  private lastRefresh = 0;
  private lockLost = false;
  private refreshFailed = false;
  private snapshotEvery = SNAPSHOT_EVERY;
  /** Called after every change (the app pushes it to the window). */
  onChange: ((what: Coll) => void) | null = null;
  /** Faults after open (failed snapshot, failed write, lost lock): the app shows them as notices. */
  onFault: ((f: StoreFault) => void) | null = null;

  private constructor(
    readonly path: string,
    readOnly: boolean,
    data: StoreData,
  ) {
    this.ro = readOnly;
    this.db = new Low<StoreData>(new DurableJSONFile<StoreData>(path), data);
    this.db.data = data;
  }

  /** True when opened read-only, in a read-only location, or after another program took the store. */
  get readOnly(): boolean {
    return this.ro || this.lockLost;
  }

  get data(): Readonly<StoreData> {
    return this.db.data;
  }

  get auditor(): string {
    return this.db.data.settings.auditor || '审核人';
  }

  private get journalPath(): string {
    return `${this.path}.journal`;
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

    // The newest good snapshot: the file itself, else the newest good backup.
    let data: StoreData | null = null;
    const candidates = [path, ...Array.from({ length: BACKUPS }, (_, i) => `${path}.bak${i + 1}`)];
    let aside: string | null = null;
    const damagedSnapshot = existsSync(path);
    const sawAny = candidates.some((c) => existsSync(c));
    for (const [i, c] of candidates.entries()) {
      if (!existsSync(c)) continue;
      try {
        const m = parseStoreFile(c);
        data = m.data;
        if (m.from < SCHEMA_VERSION) faults.push({ code: 'MIGRATED', level: 'info', message: `审核数据已从第 ${m.from} 版格式升级到第 ${SCHEMA_VERSION} 版` });
        if (i > 0)
          faults.push({
            code: 'RECOVERED',
            level: 'warning',
            message: damagedSnapshot
              ? `审核数据文件已损坏${aside ? `，已另存为 ${aside}` : ''}，已从备份 ${i} 恢复并补上之后日志中的修改`
              : `审核数据文件不见了，已从备份 ${i} 恢复并补上之后日志中的修改`,
          });
        break;
      } catch {
        if (i === 0 && !readOnly) {
          const to = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
          try {
            renameSync(path, to);
            aside = to;
          } catch {
            // left where it is; the next snapshot replaces it
          }
        }
      }
    }
    if (!data && sawAny) {
      faults.push({ code: 'NO_BACKUP', level: 'error', message: `审核数据文件已损坏且没有可用的备份${aside ? `，已另存为 ${aside}` : ''}，现从日志中能找回的修改重新开始` });
    }
    data ??= emptyData(opts.auditor ?? '');
    const baseSeq = data.seq;

    // Replay the journal after the snapshot's sequence number.
    const journal = `${path}.journal`;
    const j = readJournal(journal);
    let replayed = 0;
    let gap: [number, number] | null = null;
    for (const r of j.records) {
      for (const op of r.ops) {
        if (op.seq <= data.seq) continue;
        if (op.seq !== data.seq + 1 && !gap) gap = [data.seq + 1, op.seq - 1];
        applyOp(data, op);
        replayed++;
      }
    }
    if (j.damaged.length) {
      let copy = '';
      if (!readOnly) {
        copy = `${journal}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        try {
          copyFileSync(journal, copy);
        } catch {
          copy = '';
        }
      }
      faults.push({
        code: 'DAMAGED_RECORD',
        level: 'error',
        message: `审核日志中有 ${j.damaged.length} 条记录已损坏（第 ${j.damaged.slice(0, 10).join('、')}${j.damaged.length > 10 ? ' 等' : ''} 行，校验不符），这些修改无法恢复，请核对最近的审核结果${copy ? `；原日志已另存为 ${copy}` : ''}`,
      });
    } else if (gap) {
      faults.push({ code: 'GAP', level: 'error', message: `恢复后仍缺少第 ${gap[0]}–${gap[1]} 项修改（备份和日志中都没有），请核对最近的审核结果` });
    }
    if (j.torn) faults.push({ code: 'TORN_TAIL', level: 'info', message: '上次中断时最后一项修改没有写完（调用没有返回，未算保存），已忽略' });
    const unchecked = data.recordsChecked !== RECORDS_CHECKED;
    const invalid = unchecked ? takeOutInvalid(data) : { count: 0, first: '', records: {} };
    data.recordsChecked = RECORDS_CHECKED;
    if (invalid.count) {
      let kept = '';
      if (!readOnly) {
        kept = `${path}.invalid-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
        try {
          storeFs.writeFileDurableSync(kept, JSON.stringify(invalid.records, null, 1));
        } catch {
          kept = '';
        }
      }
      faults.push({
        code: 'INVALID_RECORDS',
        level: 'warning',
        message: `审核数据中有 ${invalid.count} 条记录格式不对（如 ${invalid.first}），已移出，不再影响报告和导出${kept ? `；原记录另存在 ${kept}` : ''}`,
      });
    }

    if (opts.auditor && !data.settings.auditor) data.settings.auditor = opts.auditor;
    const store = new ReviewStore(path, readOnly, data);
    store.diskSeq = baseSeq;
    if (opts.snapshotEvery) store.snapshotEvery = opts.snapshotEvery;
    if (locked) {
      openLocks.add(me.token);
      store.lock = me;
      store.lastRefresh = Date.now();
      store.lockTimer = setInterval(() => store.refreshLock(), LOCK_REFRESH_MS);
      store.lockTimer.unref?.();
    }
    if (!readOnly) {
      const needSnapshot = j.torn || j.damaged.length > 0 || replayed > 0 || unchecked || !existsSync(path);
      if (needSnapshot) {
        try {
          await store.snapshot();
        } catch (e) {
          faults.push({ code: 'SNAPSHOT_FAILED', level: 'warning', message: `打开时整理审核数据失败（${errWords(e)}）：修改仍在日志中，不会丢失；请检查磁盘空间` });
        }
      }
      if (store.journalFd === null) store.openJournal(j.torn ? journalGoodBytes(journal) : null);
    }
    const shown = faults.filter((f) => f.code !== 'TORN_TAIL');
    return { store, notice: shown.length ? shown.map((f) => f.message).join('；') : null, faults };
  }

  private openJournal(cutTo: number | null): void {
    this.journalFd = openSync(this.journalPath, 'a');
    this.journalSize = fstatSync(this.journalFd).size;
    if (cutTo !== null && cutTo < this.journalSize) {
      try {
        storeFs.ftruncateSync(this.journalFd, cutTo);
        this.journalSize = cutTo;
      } catch {
        this.journalDirty = true;
      }
    }
  }

  // ---- the lock while held ------------------------------------------------------------------------

  /** Rewrite the lock with a new time; false (and read-only from now on) if another program took it. */
  private refreshLock(): boolean {
    if (!this.lock || this.lockLost || this.closed) return !this.lockLost;
    const lockPath = `${this.path}.lock`;
    const cur = readLock(lockPath);
    if (cur && cur.token !== this.lock.token) {
      this.lockLost = true;
      this.stopLockTimer();
      this.report({
        code: 'LOCK_LOST',
        level: 'error',
        message: `审核数据已被另一个年报审阅台接管（电脑“${cur.host}”，进程 ${cur.pid}，${localTime(cur.startedAt)} 打开）：本窗口不再保存修改，之前保存的修改都在；请关闭本窗口`,
      });
      return false;
    }
    try {
      const next = { ...this.lock, refreshedAt: new Date().toISOString() };
      writeLockFile(lockPath, next);
      this.lock = next;
      this.lastRefresh = Date.now();
      this.refreshFailed = false;
    } catch (e) {
      if (!this.refreshFailed)
        this.report({ code: 'LOCK_REFRESH_FAILED', level: 'warning', message: `无法更新审核数据的锁文件（${errWords(e)}）：网络盘是否断开？` });
      this.refreshFailed = true;
    }
    return true;
  }

  private stopLockTimer(): void {
    if (this.lockTimer) clearInterval(this.lockTimer);
    this.lockTimer = null;
    if (this.lock) openLocks.delete(this.lock.token);
  }

  /** Tests: stop as a killed process would (no snapshot, journal as it is, lock file left behind). */
  abandonForTests(): void {
    this.stopLockTimer();
    this.closed = true;
    if (this.journalFd !== null) closeSync(this.journalFd);
    this.journalFd = null;
  }

  // ---- writes --------------------------------------------------------------------------------

  /**
   * Make changes durable as one journal record, then apply them. Throws (and changes nothing in
   * memory) when the record cannot be written.
   */
  private commit(changes: { coll: Coll; id: string; value: unknown }[]): void {
    if (this.closed) throw new Error('store closed');
    if (this.lock && !this.lockLost && Date.now() - this.lastRefresh > LOCK_REFRESH_MS / 2) this.refreshLock();
    // Refusals are reported too: the window may not show a failed call's error.
    if (this.lockLost) throw this.refused('LOCKED', '审核数据已被另一个年报审阅台接管，本窗口不能再保存修改：请关闭本窗口，在正在使用的那一处继续');
    if (this.readOnly) throw this.refused('READ_ONLY', `审核数据以只读方式打开，这项修改没有保存${this.ro && !this.lockLost ? '（所在位置不能写入，或以只读方式打开）' : ''}`);
    if (!changes.length) return;
    const base = this.db.data.seq;
    const ops: Op[] = changes.map((c, k) => ({ seq: base + k + 1, coll: c.coll, id: c.id, value: c.value }));
    this.append(encodeRecord(ops));
    for (const op of ops) applyOp(this.db.data, op);
    this.sinceSnapshot += ops.length;
    if (this.sinceSnapshot >= this.snapshotEvery && !this.snapshotting) {
      this.snapshot().catch((e) =>
        this.report({ code: 'SNAPSHOT_FAILED', level: 'warning', message: `定期整理审核数据失败（${errWords(e)}）：每项修改仍已保存在日志中，不会丢失；请检查磁盘空间，稍后会再试` }),
      );
    }
    for (const c of new Set(changes.map((x) => x.coll))) this.onChange?.(c);
  }

  /** Append one record and sync; on failure cut the file back so the next record starts clean. */
  private append(buf: Buffer): void {
    const fd = this.journalFd;
    if (fd === null) throw new StoreError('WRITE_FAILED', '审核日志没有打开，不能保存修改：请重新打开程序');
    if (this.journalDirty) {
      try {
        storeFs.ftruncateSync(fd, this.journalSize);
        this.journalDirty = false;
      } catch (e) {
        throw this.writeFailed(e);
      }
    }
    try {
      for (let off = 0; off < buf.length; ) off += storeFs.writeSync(fd, buf, off, buf.length - off);
      // Inside a group the records are synced once at its end (500 decisions: one sync, not 500).
      if (this.group) this.unsynced = true;
      else storeFs.fdatasyncSync(fd);
      this.journalSize += buf.length;
    } catch (e) {
      try {
        storeFs.ftruncateSync(fd, this.journalSize);
      } catch {
        this.journalDirty = true; // cut off before the next append
      }
      throw this.writeFailed(e);
    }
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
    if (!this.unsynced || this.journalFd === null) return;
    this.unsynced = false;
    try {
      storeFs.fdatasyncSync(this.journalFd);
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
      agencies: { types: d.settings.agencyTypes ?? {}, aliases: d.settings.agencyAliases ?? {} },
    };
  }

  /**
   * Merge another auditor's review file: validated first (BAD_REVIEW_FILE, nothing changed), then
   * taken as one record, all or nothing, and one undo step.
   */
  importReview(input: unknown): { taken: number; conflicts: Conflict<Decision | Annotation | Score | StatusRecord>[]; agencies: { taken: number; conflicts: AgencyConflict[] } } {
    const file = validateReviewFile(input);
    const same = (a: { version: number; by: string; at: string }, b: { version: number; by: string; at: string }) =>
      JSON.stringify(a) === JSON.stringify(b);
    let taken = 0;
    const conflicts: Conflict<Decision | Annotation | Score | StatusRecord>[] = [];
    const changes: { coll: Coll; id: string; value: unknown }[] = [];
    for (const coll of ['decisions', 'annotations', 'scores', 'statuses'] as const) {
      const mine = this.db.data[coll] as Record<string, Decision | Annotation | Score | StatusRecord>;
      const theirs = file[coll] as Record<string, Decision | Annotation | Score | StatusRecord>;
      const r = mergeRecords(mine, theirs, same);
      for (const [id, v] of Object.entries(r.merged)) if (mine[id] !== v) changes.push({ coll, id, value: v });
      taken += r.taken;
      conflicts.push(...r.conflicts);
    }
    // Agency types and merges: the other file's where this store has none; a disagreement keeps ours.
    const agencies = { taken: 0, conflicts: [] as AgencyConflict[] };
    const st = this.db.data.settings;
    for (const [what, key, theirs] of [
      ['type', 'agencyTypes', file.agencies?.types ?? {}],
      ['alias', 'agencyAliases', file.agencies?.aliases ?? {}],
    ] as const) {
      const mine: Record<string, string> = { ...(st[key] ?? {}) };
      // Names are compared as the app compares agencies (spacing, brackets, parent city written or not).
      const local = new Map(Object.keys(mine).map((k) => [normalizeAgency(k), k]));
      let changed = false;
      for (const [name, v] of Object.entries(theirs)) {
        const own = local.get(normalizeAgency(name));
        // A merge the other way round (ours: B → A, theirs: A → B) is a disagreement too.
        const reverse = what === 'alias' ? local.get(normalizeAgency(v)) : undefined;
        if (own !== undefined) {
          const same = what === 'alias' ? normalizeAgency(mine[own]!) === normalizeAgency(v) : mine[own] === v;
          if (!same) agencies.conflicts.push({ what, name, kept: mine[own]!, other: v });
        } else if (reverse !== undefined && normalizeAgency(mine[reverse]!) === normalizeAgency(name)) {
          agencies.conflicts.push({ what, name, kept: reverse, other: v, reverse: true });
        } else {
          mine[name] = v;
          local.set(normalizeAgency(name), name);
          changed = true;
          agencies.taken++;
        }
      }
      if (changed) changes.push({ coll: 'settings', id: key, value: mine });
    }
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
      if (existsSync(this.path)) this.rotateBackups();
      await this.db.write();
      storeFs.step('snapshot-renamed');
      this.diskSeq = seq;
      this.trimJournal(floor);
    };
    this.snapshotting = run().finally(() => (this.snapshotting = null));
    await this.snapshotting;
  }

  /** bak3 ← bak2 ← bak1 ← the snapshot (a hard link where the disk allows, else a synced copy). */
  private rotateBackups(): void {
    const bak = (i: number) => `${this.path}.bak${i}`;
    for (let i = BACKUPS; i > 1; i--) if (existsSync(bak(i - 1))) renameSync(bak(i - 1), bak(i));
    storeFs.step('rotate');
    const tmp = `${bak(1)}.tmp`;
    if (existsSync(tmp)) unlinkSync(tmp);
    try {
      linkSync(this.path, tmp);
    } catch {
      copyFileSync(this.path, tmp);
      const fd = openSync(tmp, 'r+');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    renameSync(tmp, bak(1));
    fsyncDir(dirname(this.path));
  }

  /** Keep the records after `floor` (synchronously, so no append slips between read and replace). */
  private trimJournal(floor: number): void {
    const journal = this.journalPath;
    const j = readJournal(journal);
    const keep = j.records.filter((r) => r.ops.some((o) => o.seq > floor));
    const buf = Buffer.concat(keep.map((r) => encodeRecord(r.ops)));
    const tmp = `${journal}.tmp`;
    try {
      storeFs.writeFileDurableSync(tmp, buf);
      storeFs.step('trim-written');
      renameSync(tmp, journal);
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {
        // not there
      }
      throw e;
    }
    fsyncDir(dirname(journal));
    if (this.journalFd !== null) closeSync(this.journalFd);
    this.journalFd = null;
    this.journalDirty = false;
    if (!this.closed) this.openJournal(null);
  }

  /** Snapshot, release the lock. A failed final snapshot is reported, never thrown: the journal keeps the work. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.stopLockTimer();
    if (!this.readOnly) {
      try {
        await this.snapshot();
      } catch (e) {
        this.report({ code: 'SNAPSHOT_FAILED', level: 'warning', message: `关闭时整理审核数据失败（${errWords(e)}）：修改仍在日志中，下次打开时会补上` });
      }
    }
    this.closed = true;
    if (this.journalFd !== null) closeSync(this.journalFd);
    this.journalFd = null;
    if (this.lock && !this.lockLost && readLock(`${this.path}.lock`)?.token === this.lock.token) {
      try {
        unlinkSync(`${this.path}.lock`);
      } catch {
        // already gone
      }
    }
  }
}

function journalGoodBytes(path: string): number {
  const buf = readFileSync(path);
  return buf.lastIndexOf(0x0a) + 1;
}

// ---- review exchange files ------------------------------------------------------------------------

export interface ReviewFile {
  kind: 'nianbao-review';
  version: 1;
  exportedAt: string;
  auditor: string;
  decisions: Record<string, Decision>;
  annotations: Record<string, Annotation>;
  scores: Record<string, Score>;
  statuses: Record<string, StatusRecord>;
  /** The auditor's agency types and merges (a round's auditors should group agencies alike). */
  agencies?: { types: Record<string, 'government' | 'department'>; aliases: Record<string, string> };
}

/** An agency setting the two files disagree on: the local one is kept. */
export interface AgencyConflict {
  what: 'type' | 'alias';
  name: string;
  /** Our type, or the name we merge `name` into (with `reverse`: the name we merge into `name`). */
  kept: string;
  other: string;
  reverse?: boolean;
}

// The schemas only check: what is merged are the file's own records, so fields they do not know
// (added by a later version) pass through. Their shapes must agree with the types (checked below).
const str = (max: number) => z.string().max(max);
const stamp = { by: str(200), at: str(40), version: z.number().int().min(0).max(1e9) };
const keyStr = str(400).min(1);
const decisionSchema = z.object({
  id: keyStr,
  reportKey: keyStr,
  fingerprint: str(400).min(1),
  rule: z.string().regex(/^R-[A-Z0-9-]+$/).max(100),
  verdict: z.enum(['confirmed', 'dismissed', 'pending']),
  comment: str(20_000),
  ...stamp,
});
const annotationSchema = z.object({
  id: keyStr,
  reportKey: keyStr,
  anchor: z.object({
    quote: str(20_000),
    prefix: str(1000),
    suffix: str(1000),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    page: z.number().int().min(0).optional(),
    docSha256: str(200),
  }),
  cellRef: str(200).optional(),
  category: z.enum(['data', 'missing', 'format', 'wording', 'other']),
  severity: z.enum(['error', 'warning', 'info']),
  note: str(20_000),
  deleted: z.boolean().optional(),
  ...stamp,
});
const scoreSchema = z.object({
  reportKey: keyStr,
  rubricId: str(100),
  rubricVersion: z.number().int().min(0),
  criteria: z.array(z.object({ id: str(100), points: z.number().finite().min(-1000).max(100_000).nullable(), comment: str(20_000) })).max(200),
  total: z.number().finite().nullable(),
  ...stamp,
});
const statusSchema = z.object({ reportKey: keyStr, status: z.enum(['todo', 'in_progress', 'done']), ...stamp });
// A field added to a record type without its schema (or the reverse) fails the typecheck here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _shapesAgree: [
  Same<z.output<typeof decisionSchema>, Decision>,
  Same<z.output<typeof annotationSchema>, Annotation>,
  Same<z.output<typeof scoreSchema>, Score>,
  Same<z.output<typeof statusSchema>, StatusRecord>,
] = [true, true, true, true];
void _shapesAgree;
/** Per collection: the schema and the record's own name for the key it is stored under. */
const RECORDS = {
  decisions: { schema: decisionSchema, idOf: (v: Decision) => v.id },
  annotations: { schema: annotationSchema, idOf: (v: Annotation) => v.id },
  scores: { schema: scoreSchema, idOf: (v: Score) => v.reportKey },
  statuses: { schema: statusSchema, idOf: (v: StatusRecord) => v.reportKey },
} as const;
const BAD_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const recordOf = <T extends z.ZodTypeAny>(s: T, idOf: (v: z.infer<T>) => string) =>
  z
    .record(z.string(), s)
    .default({})
    .superRefine((r, ctx) => {
      for (const [k, v] of Object.entries(r as Record<string, z.infer<T>>)) {
        if (BAD_KEYS.has(k)) ctx.addIssue({ code: 'custom', path: [k], message: '不允许的记录名' });
        else if (idOf(v) !== k) ctx.addIssue({ code: 'custom', path: [k], message: `记录名与内容不一致（内容是 ${idOf(v).slice(0, 60)}）` });
      }
    });
export const reviewFileSchema = z.object({
  kind: z.literal('nianbao-review'),
  version: z.literal(1),
  exportedAt: str(40),
  auditor: str(200),
  decisions: recordOf(decisionSchema, (d) => d.id),
  annotations: recordOf(annotationSchema, (a) => a.id),
  scores: recordOf(scoreSchema, (s) => s.reportKey),
  statuses: recordOf(statusSchema, (s) => s.reportKey),
  agencies: z
    .object({
      types: z.record(str(400), z.enum(['government', 'department'])).default({}),
      aliases: z.record(str(400), str(400)).default({}),
    })
    .optional(),
});

const issueWords = (i: z.core.$ZodIssue): string => {
  switch (i.code) {
    case 'invalid_type':
      return `应为 ${i.expected}`;
    case 'invalid_value':
      return `应为 ${i.values.map(String).join(' / ')} 之一`;
    case 'too_big':
      return `超出上限 ${String(i.maximum)}`;
    case 'too_small':
      return `低于下限 ${String(i.minimum)}`;
    case 'invalid_format':
      return '格式不对';
    default:
      return i.message;
  }
};

/** A review exchange file, validated; throws BAD_REVIEW_FILE naming the first wrong field. */
export function validateReviewFile(input: unknown): ReviewFile {
  const kind = (input as { kind?: unknown } | null)?.kind;
  if (!input || typeof input !== 'object' || kind !== 'nianbao-review')
    throw new StoreError('BAD_REVIEW_FILE', '这不是年报审阅台导出的审核数据文件（缺少 "kind": "nianbao-review"），没有导入任何内容');
  // JSON.parse makes "__proto__" an own key; checked before anything copies it into a prototype.
  const refuse = (c: unknown, where: string, what: string) => {
    const bad = c && typeof c === 'object' ? Object.keys(c).find((k) => BAD_KEYS.has(k)) : undefined;
    if (bad) throw new StoreError('BAD_REVIEW_FILE', `审核数据文件格式不对：${where} › ${bad}：不允许的${what}。没有导入任何内容，现有审核数据未改动`);
  };
  for (const coll of ['decisions', 'annotations', 'scores', 'statuses'] as const) refuse((input as Record<string, unknown>)[coll], coll, '记录名');
  const ag = (input as { agencies?: Record<string, unknown> }).agencies;
  for (const part of ['types', 'aliases'] as const) refuse(ag && typeof ag === 'object' ? ag[part] : undefined, `agencies › ${part}`, '单位名');
  const r = reviewFileSchema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0]!;
    const where = i.path.map(String).join(' › ') || '文件';
    const more = r.error.issues.length > 1 ? `（共 ${r.error.issues.length} 处问题）` : '';
    throw new StoreError('BAD_REVIEW_FILE', `审核数据文件格式不对：${where}：${issueWords(i)}${more}。没有导入任何内容，现有审核数据未改动`);
  }
  // The file's own records (validated), so fields of a later version are kept.
  const raw = input as Record<string, unknown>;
  return { ...r.data, decisions: (raw.decisions ?? {}) as ReviewFile['decisions'], annotations: (raw.annotations ?? {}) as ReviewFile['annotations'], scores: (raw.scores ?? {}) as ReviewFile['scores'], statuses: (raw.statuses ?? {}) as ReviewFile['statuses'] };
}

/**
 * Records of the auditor's work that do not have their shape (left by an earlier version's
 * unchecked import, or edited by hand) are taken out, so they cannot break a report or an export.
 */
function takeOutInvalid(d: StoreData): { count: number; first: string; records: Record<string, Record<string, unknown>> } {
  const out = { count: 0, first: '', records: {} as Record<string, Record<string, unknown>> };
  for (const coll of Object.keys(RECORDS) as (keyof typeof RECORDS)[]) {
    const { schema, idOf } = RECORDS[coll];
    const c = d[coll] as Record<string, unknown>;
    for (const [id, v] of Object.entries(c)) {
      const r = schema.safeParse(v);
      const why = !r.success ? `${[coll, id, ...r.error.issues[0]!.path.map(String)].join(' › ')}：${issueWords(r.error.issues[0]!)}` : (idOf as (x: unknown) => string)(v) !== id ? `${coll} › ${id}：记录名与内容不一致` : '';
      if (!why) continue;
      (out.records[coll] ??= {})[id] = v;
      delete c[id];
      if (!out.count) out.first = why;
      out.count++;
    }
  }
  return out;
}

/** Parse the text of a review exchange file (without echoing its content in errors). */
export function parseReviewText(text: string, name: string): ReviewFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch {
    throw new StoreError('BAD_REVIEW_FILE', `${name} 不是有效的 JSON 文件，不是年报审阅台导出的审核数据；没有导入任何内容`);
  }
  try {
    return validateReviewFile(raw);
  } catch (e) {
    throw new StoreError('BAD_REVIEW_FILE', `${name}：${(e as Error).message}`);
  }
}


