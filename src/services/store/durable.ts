// Durable files: the fs seam that every write of user data goes through, the fsync of a folder, the
// lowdb adapter that writes the snapshot (temp file, fsync, rename, fsync of the folder), and the
// rolling backups `<name>.json.bak1..3`.
import { closeSync, copyFileSync, existsSync, fdatasyncSync, fsyncSync, ftruncateSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { open as openFile, rename as renameAsync, unlink as unlinkAsync } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Adapter } from 'lowdb';

/** Rolling backups kept beside the snapshot. */
export const BACKUPS = 3;

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


export function fsyncDir(dir: string): void {
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
export class DurableJSONFile<T> implements Adapter<T> {
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

/** bak3 ← bak2 ← bak1 ← the snapshot at `path` (a hard link where the disk allows, else a synced copy). */
export function rotateBackups(path: string): void {
  const bak = (i: number) => `${path}.bak${i}`;
  for (let i = BACKUPS; i > 1; i--) if (existsSync(bak(i - 1))) renameSync(bak(i - 1), bak(i));
  storeFs.step('rotate');
  const tmp = `${bak(1)}.tmp`;
  if (existsSync(tmp)) unlinkSync(tmp);
  try {
    linkSync(path, tmp);
  } catch {
    copyFileSync(path, tmp);
    const fd = openSync(tmp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  renameSync(tmp, bak(1));
  fsyncDir(dirname(path));
}
