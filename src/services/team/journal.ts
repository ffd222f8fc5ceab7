// The desk's change journal for a team round: every change it knows (its own, pulled, from review
// files), which of its own the server has acknowledged (the outbox is the rest), and the pull
// cursor. Append-only JSON lines, each made durable (fdatasync) before the call returns; a pulled
// batch and the cursor after it are one line, so a crash takes both or neither. A torn last line
// (the desk died while writing) is dropped on open; the server gives that batch again.

import { closeSync, fdatasyncSync, mkdirSync, openSync, readFileSync, writeSync, existsSync, ftruncateSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ChangeIndex, fromFile, fromServer, makeLocalChange, mergeChanges, type Change, type MergeContext, type MergeResult, type ServerChange } from '../../core/changes.js';
import type { RoundInfo, SyncStore } from './sync.js';
import './kinds.js';

type Line = { k: 'c'; c: Change[]; cur?: number; aside?: Change[] } | { k: 'p'; ids: string[] };

export interface JournalFault {
  line: number;
  what: string;
}

export class ChangeJournal implements SyncStore {
  readonly index = new ChangeIndex();
  private readonly pushed = new Set<string>();
  /** This desk's changes the server has not acknowledged, in the order they were made. */
  private readonly pending = new Map<string, Change>();
  private readonly asideList: Change[] = [];
  private cur = 0;
  private fd = -1;
  /** The folder cannot be written: the journal is read, nothing is added. */
  readOnly = false;
  private roundInfo: RoundInfo | null = null;
  readonly faults: JournalFault[] = [];
  /** Called after pulled or imported changes were taken (the desk updates what it shows). */
  onMerged: ((r: MergeResult, source: 'server' | 'file') => void) | null = null;
  onRound: ((r: RoundInfo) => void) | null = null;

  constructor(
    readonly path: string,
    private readonly ctx: MergeContext,
  ) {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch {
      /* read-only below */
    }
    let size = 0;
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      size = Buffer.byteLength(text);
      let good = 0;
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const raw = lines[i]!;
        const last = i === lines.length - 1;
        if (!raw) {
          if (!last) good += 1;
          continue;
        }
        let l: Line;
        try {
          l = JSON.parse(raw) as Line;
        } catch {
          // Only the last line can be torn (appends are sequential); elsewhere it is damage.
          if (last) break;
          this.faults.push({ line: i + 1, what: '无法读取的一行（已跳过）' });
          good += Buffer.byteLength(raw) + 1;
          continue;
        }
        if (last) break; // a line without its newline was not finished
        this.replay(l);
        good += Buffer.byteLength(raw) + 1;
      }
      if (good < size) {
        try {
          const fd = openSync(path, 'r+');
          ftruncateSync(fd, good);
          fdatasyncSync(fd);
          closeSync(fd);
        } catch {
          /* read-only below */
        }
      }
    }
    try {
      this.fd = openSync(path, 'a');
    } catch {
      this.readOnly = true;
    }
  }

  private replay(l: Line): void {
    if (l.k === 'p') {
      for (const id of l.ids) {
        this.pushed.add(id);
        this.pending.delete(id);
      }
      return;
    }
    for (const c of l.c) {
      if (this.index.has(c.id)) continue;
      this.index.add(c);
      if (c.origin === 'local' && !this.pushed.has(c.id)) this.pending.set(c.id, c);
    }
    if (l.aside) this.asideList.push(...l.aside);
    if (typeof l.cur === 'number' && l.cur > this.cur) this.cur = l.cur;
  }

  private append(l: Line): void {
    if (this.readOnly) throw new Error(`团队修改记录 ${this.path} 不能写入（只读位置）：这项修改没有保存`);
    const buf = Buffer.from(JSON.stringify(l) + '\n');
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off);
    fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  // ---- this desk's own changes --------------------------------------------------------------

  /** A change made on this desk (an edit or a person's resolution of a conflict). */
  addLocal(record: string, body: unknown, by: string, at = new Date().toISOString()): Change {
    const c = makeLocalChange(this.index, record, body, { id: randomUUID(), by, at });
    this.append({ k: 'c', c: [c] });
    this.index.add(c);
    this.pending.set(c.id, c);
    return c;
  }

  /** Several local changes in one durable step (a bulk decision, a merge's automatic reopenings). */
  addLocalMany(items: { record: string; body: unknown; claim?: Change['claim'] }[], by: string, at = new Date().toISOString()): Change[] {
    const out: Change[] = [];
    for (const it of items) {
      const c = makeLocalChange(this.index, it.record, it.body, { id: randomUUID(), by, at });
      if (it.claim) c.claim = it.claim;
      this.index.add(c);
      out.push(c);
    }
    if (!out.length) return out;
    try {
      this.append({ k: 'c', c: out });
    } catch (e) {
      this.index.remove(out.map((c) => c.id));
      throw e;
    }
    for (const c of out) this.pending.set(c.id, c);
    return out;
  }

  // ---- SyncStore ------------------------------------------------------------------------------

  outbox(): Change[] {
    return [...this.pending.values()];
  }

  markPushed(ids: string[]): void {
    const fresh = ids.filter((id) => !this.pushed.has(id));
    if (!fresh.length) return;
    this.append({ k: 'p', ids: fresh });
    for (const id of fresh) {
      this.pushed.add(id);
      this.pending.delete(id);
    }
  }

  cursor(): number {
    return this.cur;
  }

  /** Merge into the index, then write; when the write fails the merge is taken back. */
  private durably<T extends MergeResult>(merge: () => T, cursor?: number): T {
    const r = merge();
    try {
      if (r.added.length || r.aside.length || cursor !== undefined) this.append({ k: 'c', c: r.added, ...(cursor !== undefined ? { cur: cursor } : {}), ...(r.aside.length ? { aside: r.aside } : {}) });
    } catch (e) {
      this.index.remove(r.added.map((c) => c.id));
      throw e;
    }
    // Work this desk had before it kept changes (genesis) goes to the server like any of its own.
    for (const c of r.added) if (c.origin === 'local') this.pending.set(c.id, c);
    return r;
  }

  applyPulled(rows: ServerChange[], cursor: number): void {
    const r = this.durably(() => mergeChanges(this.index, fromServer(rows), this.ctx), cursor);
    this.asideList.push(...r.aside);
    this.cur = Math.max(this.cur, cursor);
    this.onMerged?.(r, 'server');
  }

  setRound(info: RoundInfo): void {
    this.roundInfo = info;
    this.onRound?.(info);
  }

  round(): RoundInfo | null {
    return this.roundInfo;
  }

  // ---- review files ---------------------------------------------------------------------------

  /**
   * A colleague's review file through the same merge: differing records become conflicts. In a team
   * round (`asLocal`), the records taken become this desk's own changes, on top of the file's, with
   * the file's author kept as a claim: they go to the server like any edit made here.
   */
  importFile(
    file: { name: string; auditor: string; exportedAt: string },
    records: { kind: string; key: string; value: Record<string, unknown> }[],
    asLocal?: { by: string },
  ): MergeResult & { same: number; relayed: Change[] } {
    let same = 0;
    const r = this.durably(() => {
      const f = fromFile(this.index, file, records, this.ctx);
      same = f.same;
      return mergeChanges(this.index, f.changes, this.ctx);
    });
    this.asideList.push(...r.aside);
    this.onMerged?.(r, 'file');
    let relayed: Change[] = [];
    if (asLocal) {
      const taken = r.added.filter((c) => {
        if (c.origin !== 'file') return false;
        const st = this.index.state(c.record);
        return !st.conflict && st.from?.id === c.id;
      });
      relayed = this.addLocalMany(
        taken.map((c) => ({ record: c.record, body: c.body, claim: { by: c.claim?.by || file.auditor.slice(0, 200), at: c.at, file: file.name.slice(0, 200) } })),
        asLocal.by,
      );
    }
    return { ...r, same, relayed };
  }

  /** Records of reports not in the round, kept aside. */
  aside(): readonly Change[] {
    return this.asideList;
  }
}
