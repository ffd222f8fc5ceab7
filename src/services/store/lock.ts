// The lock `<name>.json.lock`: names host, process and start time and is refreshed while held; a
// second writer (also on another machine over a shared drive) is refused while it is fresh. Stale
// locks are taken over with a notice; a lock taken by another program makes the store read-only.
import { readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { errWords, StoreError, type StoreFault } from './errors.js';

/** The lock is rewritten this often while held, and checked before a write when older. */
export const LOCK_REFRESH_MS = Number(process.env.NIANBAO_LOCK_REFRESH_MS) || 10_000;
/** A lock not refreshed for this long belongs to a program that is gone. */
const LOCK_STALE_MS = Number(process.env.NIANBAO_LOCK_STALE_MS) || 60_000;

/** Lock tokens of the stores open in this process (a lock naming this pid is ours only if listed). */
const openLocks = new Set<string>();

export interface LockInfo {
  host: string;
  pid: number;
  startedAt: string;
  refreshedAt: string;
  token: string;
}

export function readLock(path: string): LockInfo | null {
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

export const localTime = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

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
export function takeLock(lockPath: string, me: LockInfo): StoreFault | null {
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

/** Our lock while the store is open: refreshed on a timer (and before a write when due), released on close. */
export class HeldLock {
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastRefresh = Date.now();
  private refreshFailed = false;
  /** Another program took the lock: the store is read-only from now on. */
  lost = false;

  /** Starts holding `info` (just taken with takeLock). */
  constructor(
    private readonly lockPath: string,
    private info: LockInfo,
    private readonly report: (f: StoreFault) => void,
    private readonly isClosed: () => boolean,
  ) {
    openLocks.add(info.token);
    this.timer = setInterval(() => this.refresh(), LOCK_REFRESH_MS);
    this.timer.unref?.();
  }

  /** Refresh before a write when the last refresh is older than half the period. */
  refreshIfDue(): void {
    if (!this.lost && Date.now() - this.lastRefresh > LOCK_REFRESH_MS / 2) this.refresh();
  }

  /** Rewrite the lock with a new time; false (and lost from now on) if another program took it. */
  refresh(): boolean {
    if (this.lost || this.isClosed()) return !this.lost;
    const cur = readLock(this.lockPath);
    if (cur && cur.token !== this.info.token) {
      this.lost = true;
      this.stop();
      this.report({
        code: 'LOCK_LOST',
        level: 'error',
        message: `审核数据已被另一个年报审阅台接管（电脑“${cur.host}”，进程 ${cur.pid}，${localTime(cur.startedAt)} 打开）：本窗口不再保存修改，之前保存的修改都在；请关闭本窗口`,
      });
      return false;
    }
    try {
      const next = { ...this.info, refreshedAt: new Date().toISOString() };
      writeLockFile(this.lockPath, next);
      this.info = next;
      this.lastRefresh = Date.now();
      this.refreshFailed = false;
    } catch (e) {
      if (!this.refreshFailed)
        this.report({ code: 'LOCK_REFRESH_FAILED', level: 'warning', message: `无法更新审核数据的锁文件（${errWords(e)}）：网络盘是否断开？` });
      this.refreshFailed = true;
    }
    return true;
  }

  /** Stop refreshing; the lock no longer counts as this process's. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    openLocks.delete(this.info.token);
  }

  /** Remove the lock file if it is still ours. */
  release(): void {
    if (this.lost || readLock(this.lockPath)?.token !== this.info.token) return;
    try {
      unlinkSync(this.lockPath);
    } catch {
      // already gone
    }
  }
}
