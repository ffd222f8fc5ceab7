// The journal `<name>.json.journal`: one framed record per change, `<crc32 hex> <json>\n`. A change
// is durable when its append returns (append + fdatasync). A failed or partial append (disk full) is
// cut off again so the next record starts clean. Reading it back tells whole, damaged and torn
// records apart; trimming keeps the records a backup does not hold yet.
import { closeSync, existsSync, fstatSync, openSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Op } from './data.js';
import { StoreError } from './errors.js';
import { fsyncDir, storeFs } from './durable.js';

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

export interface JournalRead {
  records: { line: number; ops: Op[] }[];
  damaged: number[];
  torn: boolean;
}

export function readJournal(path: string): JournalRead {
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

/** Bytes up to the last whole line (a torn last record is cut off there). */
export function journalGoodBytes(path: string): number {
  const buf = readFileSync(path);
  return buf.lastIndexOf(0x0a) + 1;
}

/**
 * The open journal of a writable store. I/O errors are thrown as they come (the store words them and
 * reports them); memory is the caller's to change, only after an append returned.
 */
export class JournalWriter {
  private fd: number | null = null;
  /** Bytes of whole records in the journal: a failed append is cut back to this. */
  private size = 0;
  /** A failed append left bytes that could not be cut off. */
  private dirty = false;

  constructor(readonly path: string) {}

  get isOpen(): boolean {
    return this.fd !== null;
  }

  /** Open for appending; `cutTo` cuts a torn last record off (when that fails, before the next append). */
  open(cutTo: number | null): void {
    this.fd = openSync(this.path, 'a');
    this.size = fstatSync(this.fd).size;
    if (cutTo !== null && cutTo < this.size) {
      try {
        storeFs.ftruncateSync(this.fd, cutTo);
        this.size = cutTo;
      } catch {
        this.dirty = true;
      }
    }
  }

  /** Append one record, synced unless `sync` is false; on failure cut the file back and throw. */
  append(buf: Buffer, sync: boolean): void {
    const fd = this.fd;
    if (fd === null) throw new StoreError('WRITE_FAILED', '审核日志没有打开，不能保存修改：请重新打开程序');
    if (this.dirty) {
      storeFs.ftruncateSync(fd, this.size);
      this.dirty = false;
    }
    try {
      for (let off = 0; off < buf.length; ) off += storeFs.writeSync(fd, buf, off, buf.length - off);
      if (sync) storeFs.fdatasyncSync(fd);
      this.size += buf.length;
    } catch (e) {
      try {
        storeFs.ftruncateSync(fd, this.size);
      } catch {
        this.dirty = true; // cut off before the next append
      }
      throw e;
    }
  }

  /** Sync records appended without a sync. */
  sync(): void {
    if (this.fd !== null) storeFs.fdatasyncSync(this.fd);
  }

  /**
   * Keep the records after `floor` (synchronously, so no append slips between read and replace),
   * then reopen for appending when `reopen`.
   */
  trim(floor: number, reopen: boolean): void {
    const journal = this.path;
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
    this.close();
    this.dirty = false;
    if (reopen) this.open(null);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
