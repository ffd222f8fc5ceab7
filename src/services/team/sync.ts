// The desk's side of a team round: push this desk's changes (an outbox kept by the local store),
// pull everyone's by cursor, wake on LISTEN/NOTIFY. The local store stays the desk's own truth:
// offline, changes wait in the outbox; nothing is lost or applied twice when the server, the
// network or the desk dies mid-sync:
// - a push is one transaction of INSERT … ON CONFLICT (id) DO NOTHING: a retry after a crash
//   before the acknowledgement was recorded stores nothing twice;
// - a pulled batch and the cursor after it are written by the store in one durable step, and a
//   change already known (its id) is not taken again.

import type pg from 'pg';
import type { Change, ServerChange } from '../../core/changes.js';
import { connect, teamError, TeamError } from './db.js';

/** What the sync needs from the local store. Every call that writes must be durable on return. */
export interface SyncStore {
  /** Local changes not yet acknowledged by the server, oldest first. */
  outbox(): Change[];
  /** The server acknowledged these (committed): take them out of the outbox. */
  markPushed(ids: string[]): void;
  /** The server's seq of the last change taken. */
  cursor(): number;
  /** Take pulled changes and move the cursor, in one durable step. */
  applyPulled(rows: ServerChange[], cursor: number): void;
  /** The round's people and assignments, as the server has them. */
  setRound?(info: RoundInfo): void;
}

export interface RoundInfo {
  round: string;
  me: string;
  auditors: { role: string; display: string; lead: boolean }[];
  assignments: { target: string; role: string }[];
  files: { sha256: string; name: string; size: number }[];
  /** The round's size limit of a report file (bytes). */
  fileLimit: number;
  /** The server's schema version (older servers lack newer columns). */
  schema: number;
}

export type SyncState = 'off' | 'connecting' | 'synced' | 'syncing' | 'offline';

export interface SyncStatus {
  state: SyncState;
  /** Changes waiting to be pushed. */
  pending: number;
  /** Why the desk is offline (Chinese). */
  error?: string;
  lastSyncAt?: string;
  me?: string;
}

export interface SyncOptions {
  /** Changes per push transaction. */
  batch?: number;
  /** Rows per pull query. */
  pullBatch?: number;
  /** Safety poll when no notification arrives (ms). */
  pollMs?: number;
  /** First retry delay after a failure (ms); doubles up to 30 s. */
  retryMs?: number;
  onStatus?: (s: SyncStatus) => void;
  /** After every acknowledged push batch (tests). */
  onAck?: (ids: string[]) => void;
}

const PULL_SQL = (schema: number) => `SELECT seq, id, record, base, author, at, body${schema >= 2 ? ', claim' : ''} FROM nianbao.changes WHERE seq > $1 ORDER BY seq LIMIT $2`;

export class TeamSync {
  private client: pg.Client | null = null;
  private listener: pg.Client | null = null;
  private running = false;
  private wake: (() => void) | null = null;
  private dirty = true;
  private loop: Promise<void> | null = null;
  /** The server's schema version (read with the round). */
  private schema = 1;
  private statusNow: SyncStatus = { state: 'off', pending: 0 };
  private readonly o: Required<Omit<SyncOptions, 'onStatus' | 'onAck'>> & Pick<SyncOptions, 'onStatus' | 'onAck'>;

  constructor(
    private readonly url: string,
    private readonly store: SyncStore,
    opts: SyncOptions = {},
  ) {
    this.o = { batch: 500, pullBatch: 5000, pollMs: 15_000, retryMs: 500, ...opts };
  }

  status(): SyncStatus {
    return { ...this.statusNow, pending: this.store.outbox().length };
  }

  private set(s: Partial<SyncStatus>): void {
    this.statusNow = { ...this.statusNow, ...s, pending: this.store.outbox().length };
    if (s.state !== 'offline' && s.state !== undefined) delete this.statusNow.error;
    this.o.onStatus?.(this.status());
  }

  /** Start syncing in the background (returns at once). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Something changed locally: push soon. */
  poke(): void {
    this.dirty = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop?.catch(() => undefined);
    await this.drop();
    this.set({ state: 'off' });
  }

  private async drop(): Promise<void> {
    const c = this.client;
    const l = this.listener;
    this.client = null;
    this.listener = null;
    await Promise.all([c?.end().catch(() => undefined), l?.end().catch(() => undefined)]);
  }

  private sleep(ms: number): Promise<void> {
    // Stopped while a sync was under way: no sleep (stop() waits for the loop to end).
    if (!this.running) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.wake = null;
        resolve();
      };
      const t = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async ensureConnected(): Promise<pg.Client> {
    if (this.client) return this.client;
    this.set({ state: 'connecting' });
    const c = await connect(this.url);
    const l = await connect(this.url).catch(async (e: unknown) => {
      await c.end().catch(() => undefined);
      throw e;
    });
    const lost = () => {
      if (this.client === c) {
        this.client = null;
        void this.drop();
        this.wake?.();
      }
    };
    c.on('error', lost);
    c.on('end', lost);
    l.on('error', lost);
    l.on('end', lost);
    l.on('notification', () => {
      this.dirty = true;
      this.wake?.();
    });
    await l.query('LISTEN nianbao_changes');
    this.client = c;
    this.listener = l;
    await this.readRound(c);
    return c;
  }

  private async readRound(c: pg.Client): Promise<void> {
    if (!this.store.setRound) return;
    const me = await c.query<{ me: string }>('SELECT current_user AS me');
    const round = await c.query<{ name: string; file_limit: string }>('SELECT name, file_limit FROM nianbao.round');
    const ver = await c.query<{ v: number | null }>('SELECT max(version) AS v FROM nianbao.migrations');
    this.schema = ver.rows[0]?.v ?? 1;
    const aud = await c.query<{ role: string; display: string; lead: boolean }>('SELECT role, display, lead FROM nianbao.auditors ORDER BY added_at, role');
    const asg = await c.query<{ target: string; role: string }>('SELECT target, role FROM nianbao.assignments ORDER BY target');
    const files = await c.query<{ sha256: string; name: string; size: string }>('SELECT sha256, name, size FROM nianbao.files ORDER BY name');
    this.statusNow.me = me.rows[0]!.me;
    this.store.setRound({
      round: round.rows[0]?.name ?? '',
      me: me.rows[0]!.me,
      auditors: aud.rows,
      assignments: asg.rows,
      files: files.rows.map((f) => ({ ...f, size: Number(f.size) })),
      fileLimit: Number(round.rows[0]?.file_limit ?? 67108864),
      schema: this.schema,
    });
  }

  private async run(): Promise<void> {
    let delay = this.o.retryMs;
    let lastRound = 0;
    while (this.running) {
      try {
        const c = await this.ensureConnected();
        if (this.dirty || this.store.outbox().length) {
          this.dirty = false;
          this.set({ state: 'syncing' });
          await this.pushAll(c);
          await this.pullAll(c);
          if (Date.now() - lastRound > this.o.pollMs) {
            await this.readRound(c);
            lastRound = Date.now();
          }
        }
        this.set({ state: this.store.outbox().length ? 'syncing' : 'synced', lastSyncAt: new Date().toISOString() });
        delay = this.o.retryMs;
        if (!this.dirty && !this.store.outbox().length) await this.sleep(this.o.pollMs);
        if (!this.dirty) this.dirty = true; // the safety poll pulls too
      } catch (e) {
        const err = teamError(e, this.url);
        await this.drop();
        this.set({ state: 'offline', error: err.message });
        if (!this.running) break;
        await this.sleep(delay);
        delay = Math.min(30_000, delay * 2);
        this.dirty = true;
      }
    }
  }

  /** Push and pull once, now (tests, and the desk's 立即同步). Throws when offline. */
  async syncOnce(): Promise<void> {
    const c = await this.ensureConnected();
    await this.pushAll(c);
    await this.pullAll(c);
    this.set({ state: this.store.outbox().length ? 'syncing' : 'synced', lastSyncAt: new Date().toISOString() });
  }

  private async pushAll(c: pg.Client): Promise<void> {
    for (;;) {
      const out = this.store.outbox().slice(0, this.o.batch);
      if (!out.length) return;
      await c.query('BEGIN');
      try {
        // A server older than schema 2 has no claim column: the change goes without it.
        const claim = this.schema >= 2;
        const r = await c.query<{ id: string }>(
          `INSERT INTO nianbao.changes (id, record, base, client_at, body${claim ? ', claim' : ''})
           SELECT x.id, x.record, x.base, x.client_at, x.body${claim ? ', x.claim' : ''}
           FROM jsonb_to_recordset($1::jsonb) AS x(id text, record text, base text[], client_at timestamptz, body jsonb, claim jsonb)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [JSON.stringify(out.map((ch) => ({ id: ch.id, record: ch.record, base: ch.base, client_at: ch.at, body: ch.body, claim: ch.claim ?? null })))],
        );
        if (r.rows.length < out.length) {
          // Already there: a retry after a lost acknowledgement. Make sure they are ours.
          const taken = new Set(r.rows.map((x) => x.id));
          const rest = out.filter((ch) => !taken.has(ch.id)).map((ch) => ch.id);
          const mine = await c.query<{ id: string }>('SELECT id FROM nianbao.changes WHERE id = ANY($1) AND author = current_user', [rest]);
          if (mine.rows.length < rest.length) throw new TeamError('CONFLICT_ID', '服务器上已有同编号的别人的修改：这份修改没有上传，请联系组长');
        }
        await c.query('COMMIT');
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
      const ids = out.map((ch) => ch.id);
      this.store.markPushed(ids);
      this.o.onAck?.(ids);
    }
  }

  private async pullAll(c: pg.Client): Promise<void> {
    for (;;) {
      const cur = this.store.cursor();
      const r = await c.query<{ seq: string; id: string; record: string; base: string[]; author: string; at: Date; body: unknown; claim?: unknown }>(PULL_SQL(this.schema), [cur, this.o.pullBatch]);
      if (!r.rows.length) return;
      const rows: ServerChange[] = r.rows.map((x) => ({ seq: Number(x.seq), id: x.id, record: x.record, base: x.base, author: x.author, at: x.at.toISOString(), body: x.body, ...(x.claim ? { claim: x.claim } : {}) }));
      this.store.applyPulled(rows, rows[rows.length - 1]!.seq);
      if (r.rows.length < this.o.pullBatch) return;
    }
  }

  /** A report file from the server (by SHA-256), for a desk that lacks it. */
  async fetchFile(sha256: string): Promise<{ name: string; bytes: Buffer } | null> {
    const c = await this.ensureConnected();
    const r = await c.query<{ name: string; bytes: Buffer }>('SELECT name, bytes FROM nianbao.files WHERE sha256 = $1', [sha256]);
    return r.rows[0] ?? null;
  }
}
