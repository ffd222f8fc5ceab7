// Team round benchmark (issue 20): 3,000 reports, 20 auditors, 100,000 changes on a PostgreSQL
// server (a throwaway cluster started here). A new desk joining pulls everything; a change made on
// one desk reaches the 19 others (LISTEN/NOTIFY), measured per change per desk.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { addAuditor, initRound, type AuditorCreated } from '../../src/services/team/admin.js';
import { ChangeJournal } from '../../src/services/team/journal.js';
import { TeamDesk } from '../../src/services/team/desk.js';
import { ReviewStore } from '../../src/services/store/index.js';
import { TeamSync } from '../../src/services/team/sync.js';
import type { MergeContext } from '../../src/core/changes.js';
import { fmt, row, stats } from './util.js';

const REPORTS = 3000;
const AUDITORS = 20;
const CHANGES = 100_000;
const env = { ...process.env, NIANBAO_PG_PORT: process.env.NIANBAO_PG_BENCH_PORT ?? '55433', NIANBAO_PG_STATE: '.tmp/pg-bench' };
const cluster = (cmd: string) => execFileSync('bash', ['scripts/pg-test-cluster.sh', cmd], { env, encoding: 'utf8' }).trim();
const ctx: MergeContext = { inRound: () => true, currentValue: () => undefined };
const rk = (r: number) => `${r.toString(16).padStart(16, '0')}:第${r}号单位:2024:0`;

function body(i: number): { record: string; body: Record<string, unknown> } {
  const r = i % REPORTS;
  const k = Math.floor(i / REPORTS) % 30;
  if (k === 29) return { record: `status:${rk(r)}`, body: { reportKey: rk(r), status: i % 2 ? 'done' : 'in_progress' } };
  if (k === 28) return { record: `score:${rk(r)}`, body: { reportKey: rk(r), rubricId: 'default', rubricVersion: 1, criteria: [{ id: 'timely', points: 8, comment: '' }], total: 80 + (i % 20) } };
  const fp = `R-SUM-ROW:requests:row${k}:total`;
  return { record: `decision:${rk(r)}|${fp}`, body: { id: `${rk(r)}|${fp}`, reportKey: rk(r), fingerprint: fp, rule: 'R-SUM-ROW', verdict: ['confirmed', 'dismissed', 'pending'][i % 3], comment: i % 4 ? '' : '合计数与分项之和不一致，已核对原文。' } };
}

export async function benchTeam() {
  console.log('\n### Team round on PostgreSQL (3,000 reports, 20 auditors, 100,000 changes)\n');
  const admin = cluster('start');
  try {
    const c0 = new pg.Client({ connectionString: admin });
    await c0.connect();
    const ver = (await c0.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
    await c0.query('DROP DATABASE IF EXISTS bench_round');
    await c0.query('CREATE DATABASE bench_round');
    await c0.end();
    const url = admin.replace(/\/postgres$/, '/bench_round');
    await initRound(url, '基准轮次');
    const people: AuditorCreated[] = [];
    for (let i = 0; i < AUDITORS; i++) people.push(await addAuditor(url, `审核人${i + 1}`));

    // Seed: each auditor pushes its share through the same statement the desk uses.
    const t0 = performance.now();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const per = CHANGES / AUDITORS;
    for (let a = 0; a < AUDITORS; a++) {
      await c.query(`SET ROLE ${c.escapeIdentifier(people[a]!.role)}`);
      for (let off = 0; off < per; off += 2000) {
        const rows = [];
        for (let i = a * per + off; i < a * per + Math.min(per, off + 2000); i++) {
          const b = body(i);
          rows.push({ id: randomUUID(), record: b.record, base: [], client_at: new Date().toISOString(), body: b.body });
        }
        await c.query(
          `INSERT INTO nianbao.changes (id, record, base, client_at, body)
           SELECT x.id, x.record, x.base, x.client_at, x.body FROM jsonb_to_recordset($1::jsonb) AS x(id text, record text, base text[], client_at timestamptz, body jsonb)`,
          [JSON.stringify(rows)],
        );
      }
      await c.query('RESET ROLE');
    }
    const seedMs = performance.now() - t0;
    const top = Number((await c.query<{ s: string }>('SELECT max(seq) AS s FROM nianbao.changes')).rows[0]!.s);
    const dbSize = (await c.query<{ s: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS s')).rows[0]!.s;
    await c.end();

    // Join: a new desk pulls everything into its journal and applies it to its review store (the
    // desk's lowdb store: every record's value and a history line each), as the desk does.
    const dir = mkdtempSync(join(tmpdir(), 'nb-bench-team-'));
    const storePath = join(dir, 'review.json');
    const joinPath = `${storePath}.changes.jsonl`;
    const { store } = await ReviewStore.open(storePath, { auditor: '新加入的审核人' });
    const desk = new TeamDesk(store, joinPath, () => true);
    const t1 = performance.now();
    // The desk's own background sync does the join (as when an auditor pastes the line).
    desk.connect(people[0]!.line);
    const j = desk.journal;
    // Each pulled batch is merged and applied to the store before the cursor moves past it.
    while (j.cursor() < top) await new Promise((r) => setTimeout(r, 5));
    const joinMs = performance.now() - t1;
    const applied = Object.keys(store.data.decisions).length + Object.keys(store.data.scores).length + Object.keys(store.data.statuses).length;
    const t2 = performance.now();
    const conflicts = j.index.conflicts().length;
    const conflictsMs = performance.now() - t2;
    const t2s = performance.now();
    await desk.close();
    await store.close();
    const closeMs = performance.now() - t2s;
    const storeMb = statSync(storePath).size / 1048576;
    const t3 = performance.now();
    const reopened = new ChangeJournal(joinPath, ctx);
    const reopenMs = performance.now() - t3;
    const journalMb = statSync(joinPath).size / 1048576;
    reopened.close();

    // Propagation: desk 1 (joined) makes changes; desks 2–20, online, wait for each.
    const cursor = j.cursor();
    const desks: { j: ChangeJournal; s: TeamSync }[] = [];
    for (let a = 1; a < AUDITORS; a++) {
      const p = join(dir, `desk${a}.jsonl`);
      writeFileSync(p, JSON.stringify({ k: 'c', c: [], cur: cursor }) + '\n');
      const dj = new ChangeJournal(p, ctx);
      const s = new TeamSync(people[a]!.line, dj, { pollMs: 60_000 });
      s.start();
      desks.push({ j: dj, s });
    }
    const writer = new ChangeJournal(join(dir, 'writer.jsonl'), ctx);
    const ws = new TeamSync(people[0]!.line, writer, { pollMs: 60_000 });
    ws.start();
    const until = async (f: () => boolean) => {
      while (!f()) await new Promise((r) => setTimeout(r, 5));
    };
    await until(() => [ws, ...desks.map((d) => d.s)].every((s) => s.status().state === 'synced'));
    const lat: number[] = [];
    const ROUNDS = 100;
    for (let i = 0; i < ROUNDS; i++) {
      const b = body(i * 7919);
      const t = performance.now();
      const ch = writer.addLocal(b.record, b.body, '审核人1');
      ws.poke();
      await Promise.all(
        desks.map(async (d) => {
          await until(() => d.j.index.has(ch.id));
          lat.push(performance.now() - t);
        }),
      );
      await new Promise((r) => setTimeout(r, 20 + (i % 5) * 20));
    }
    await ws.stop();
    for (const d of desks) await d.s.stop();
    const st = stats(lat);

    console.log(`PostgreSQL ${ver}; server database ${dbSize} after seeding.\n`);
    row(['measure', 'value']);
    row(['---', '---']);
    row([`seed: 20 auditors push ${CHANGES.toLocaleString('en')} changes (2,000 per transaction)`, fmt(seedMs)]);
    row([`join: a new desk pulls ${CHANGES.toLocaleString('en')} changes (5,000 per query) into its journal and applies them to its review store (${applied.toLocaleString('en')} records, a history line per change)`, fmt(joinMs)]);
    row([`then the joined desk closes (store snapshot, ${storeMb.toFixed(1)} MB)`, fmt(closeMs)]);
    row([`conflicts over the joined round (${conflicts} records)`, fmt(conflictsMs)]);
    row([`reopen the joined desk's journal (${journalMb.toFixed(1)} MB)`, fmt(reopenMs)]);
    row([`propagation desk 1 → 19 online desks, ${st.n} arrivals: median`, fmt(st.median)]);
    row(['propagation p95', fmt(st.p95)]);
    row(['propagation max', fmt(st.max)]);
  } finally {
    cluster('stop');
  }
}
