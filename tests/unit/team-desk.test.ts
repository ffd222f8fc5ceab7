// The desk (AppService on a real report and a real store) sharing work with a colleague: by review
// file and through the team server, the same merge tests for both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { AppService } from '../../src/services/app/index.js';
import { ReviewStore } from '../../src/services/store/index.js';
import { addAuditor, addFiles, initRound, type AuditorCreated } from '../../src/services/team/admin.js';
import { saveTeamFile } from '../../src/services/team/files.js';
import { TeamSecrets } from '../../src/services/team/secrets.js';
import { SEEDS } from '../helpers/engine.js';
import { freshDb, pgSkipReason } from '../helpers/pg.js';
import pg from 'pg';

const tmp = () => mkdtempSync(join(tmpdir(), 'nianbao-team-desk-'));
// Each desk keeps its team password in its own folder, not in the user's (shared by every test run).
const secretsIn = (dir: string) => new TeamSecrets(join(dir, 'team-secrets.json'));

async function desk(auditor: string, teamUrl?: string, file = SEEDS.weihui) {
  const dir = tmp();
  const app = new AppService({ storePath: join(dir, 'review.json'), auditor, files: [file], teamSecrets: secretsIn(dir), ...(teamUrl ? { teamUrl } : {}) });
  await app.init();
  const key = app.getWorkspace().items[0]!.key;
  const findings = app.getReport({ key }).findings;
  return { app, key, f: findings };
}

async function until(what: () => boolean, ms: number): Promise<void> {
  const t0 = Date.now();
  while (!what()) {
    if (Date.now() - t0 > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

type Desk = Awaited<ReturnType<typeof desk>>;
/** How colleague B's decisions reach desk A. */
interface Route {
  setup(): Promise<{ a: Desk; b: Desk }>;
  deliver(a: Desk, b: Desk): Promise<void>;
}

const fileRoute: Route = {
  async setup() {
    return { a: await desk('张三'), b: await desk('李四') };
  },
  async deliver(a, b) {
    const file = join(tmp(), 'lisi.json');
    writeFileSync(file, JSON.stringify((b.app as unknown as { s: { store: ReviewStore } }).s.store.exportReview()));
    await a.app.importReview({ path: file });
  },
};

let serverLines: { a: AuditorCreated; b: AuditorCreated } | null = null;
const serverRoute: Route = {
  async setup() {
    const url = await freshDb('nb_desk');
    await initRound(url);
    serverLines = { a: await addAuditor(url, '张三'), b: await addAuditor(url, '李四') };
    return { a: await desk('张三', serverLines.a.line), b: await desk('李四', serverLines.b.line) };
  },
  async deliver(a, b) {
    await b.app.syncTeam({});
    await a.app.syncTeam({});
  },
};

const routes: [string, Route][] = [['review file', fileRoute]];
if (!pgSkipReason) routes.push(['team server', serverRoute]);

describe.each(routes)('desk merge through %s', (_name, route) => {
  let a: Desk;
  let b: Desk;
  beforeAll(async () => {
    ({ a, b } = await route.setup());
  });
  afterAll(async () => {
    await a.app.close();
    await b.app.close();
  });

  it('a colleague deciding my two findings differently: two conflicts, my decisions and note stay, history names the colleague for their new one', async () => {
    const [f1, f2, f3] = a.f;
    a.app.setDecision({ key: a.key, fingerprint: f1!.fingerprint, rule: f1!.rule as never, verdict: 'confirmed', comment: '我的备注' });
    a.app.setDecision({ key: a.key, fingerprint: f2!.fingerprint, rule: f2!.rule as never, verdict: 'pending' });
    b.app.setDecision({ key: b.key, fingerprint: f1!.fingerprint, rule: f1!.rule as never, verdict: 'dismissed' });
    b.app.setDecision({ key: b.key, fingerprint: f2!.fingerprint, rule: f2!.rule as never, verdict: 'confirmed' });
    b.app.setDecision({ key: b.key, fingerprint: f3!.fingerprint, rule: f3!.rule as never, verdict: 'confirmed', comment: '乙发现的' });
    await route.deliver(a, b);
    const r = a.app.getReport({ key: a.key });
    const d = (fp: string) => r.findings.find((x) => x.fingerprint === fp)!.decision!;
    expect(d(f1!.fingerprint)).toMatchObject({ verdict: 'confirmed', comment: '我的备注' });
    expect(d(f2!.fingerprint)).toMatchObject({ verdict: 'pending' });
    expect(d(f3!.fingerprint)).toMatchObject({ verdict: 'confirmed', comment: '乙发现的' });
    const conflicts = a.app.getConflicts({});
    expect(conflicts.map((c) => c.record).sort()).toEqual([`decision:${a.key}|${f1!.fingerprint}`, `decision:${a.key}|${f2!.fingerprint}`].sort());
    for (const c of conflicts) {
      expect(c.sides).toHaveLength(2);
      expect(c.sides.find((s) => s.mine)!.by).toBe('张三');
      expect(c.sides.find((s) => !s.mine)!.by).toMatch(/李四/);
    }
    const hist = a.app.getHistory({ key: a.key });
    expect(hist.find((h) => h.what.includes('乙发现的'))!.by).toMatch(/李四/);
    expect(a.app.getTeam({}).label).toBe('2 个冲突');
  });

  it('a person resolves a conflict by picking the colleague side: a change in the history, the conflict is gone', async () => {
    const c = a.app.getConflicts({})[0]!;
    const theirs = c.sides.find((s) => !s.mine)!;
    a.app.resolveConflict({ record: c.record, pick: theirs.id });
    expect(a.app.getConflicts({}).map((x) => x.record)).not.toContain(c.record);
    expect(a.app.getHistory({ key: a.key })[0]!.what).toMatch(/^解决冲突：采用李四/);
  });
});

describe('forged review file', () => {
  it('a file claiming to be the local auditor with a huge version cannot replace a local decision', async () => {
    const a = await desk('张三');
    const f = a.f[0]!;
    a.app.setDecision({ key: a.key, fingerprint: f.fingerprint, rule: f.rule as never, verdict: 'confirmed', comment: '原判定' });
    const id = `${a.key}|${f.fingerprint}`;
    const forged = {
      kind: 'nianbao-review',
      version: 1,
      exportedAt: '2030-01-01T00:00:00Z',
      auditor: '张三',
      decisions: { [id]: { id, reportKey: a.key, fingerprint: f.fingerprint, rule: f.rule, verdict: 'dismissed', comment: '', by: '张三', at: '2030-01-01T00:00:00Z', version: 1_000_000_000, extra: 'x'.repeat(10_000) } },
      annotations: {},
      scores: {},
      statuses: {},
    };
    const file = join(tmp(), 'forged.json');
    writeFileSync(file, JSON.stringify(forged));
    const r = await a.app.importReview({ path: file });
    expect(r!.taken).toBe(0);
    expect(r!.conflicts).toHaveLength(1);
    expect(a.app.getReport({ key: a.key }).findings[0]!.decision).toMatchObject({ verdict: 'confirmed', comment: '原判定' });
    expect(a.app.getConflicts({})[0]!.sides.find((s) => !s.mine)!.by).toBe('张三（审核数据文件）');
    await a.app.close();
  });

  it('a finished report whose confirmed problems change through a merge goes back to 审核中', async () => {
    const a = await desk('张三');
    const b = await desk('李四');
    const f = a.f[0]!;
    a.app.setStatus({ key: a.key, status: 'done' });
    b.app.setDecision({ key: b.key, fingerprint: f.fingerprint, rule: f.rule as never, verdict: 'confirmed' });
    await fileRoute.deliver(a, b);
    expect(a.app.getReport({ key: a.key }).status!.status).toBe('in_progress');
    await a.app.close();
    await b.app.close();
  });
});

describe.skipIf(!!pgSkipReason)('desks online', () => {
  it('a decision on desk A shows on desk B within 2 s', async () => {
    const url = await freshDb('nb_live');
    await initRound(url);
    const la = await addAuditor(url, '张三');
    const lb = await addAuditor(url, '李四');
    const a = await desk('张三', la.line);
    const b = await desk('李四', lb.line);
    await until(() => a.app.getTeam({}).state === 'synced' && b.app.getTeam({}).state === 'synced', 10_000);
    const f = a.f[0]!;
    const t0 = Date.now();
    a.app.setDecision({ key: a.key, fingerprint: f.fingerprint, rule: f.rule as never, verdict: 'dismissed', comment: '在线' });
    await until(() => b.app.getReport({ key: b.key }).findings[0]!.decision?.comment === '在线', 2000);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(b.app.getReport({ key: b.key }).findings[0]!.decision!.by).toBe('张三');
    await a.app.close();
    await b.app.close();
  });
});

describe.skipIf(!!pgSkipReason)('round files from the team server', () => {
  it('desk B, without the report file, fetches it from the server (SHA-256 checked, kept in its data folder) and opens and checks the report', async () => {
    const url = await freshDb('nb_files');
    await initRound(url);
    const lead = await addAuditor(url, '组长', { lead: true });
    const lb = await addAuditor(url, '李四');
    // A report only the lead has (not one of the desk's samples).
    const own = join(tmp(), '卫辉县2021年报.txt');
    writeFileSync(own, readFileSync(SEEDS.weihui, 'utf8').replaceAll('卫辉市', '卫辉县'));
    const added = await addFiles(lead.line, [own]);
    expect(added[0]!.result).toBe('added');
    const a = await desk('组长', lead.line, own);
    // B has no copy of the file: it opens with nothing of its own (the samples).
    const dirB = tmp();
    const b = new AppService({ storePath: join(dirB, 'review.json'), auditor: '李四', teamUrl: lb.line, teamSecrets: secretsIn(dirB) });
    await b.init();
    await until(() => b.getWorkspace().items.some((x) => x.key === a.key), 15_000);
    const kept = join(dirB, 'team-files', added[0]!.sha256, basename(own));
    expect(createHash('sha256').update(readFileSync(kept)).digest('hex')).toBe(added[0]!.sha256);
    // The samples are replaced by the round's report, shown like any other.
    expect(b.getWorkspace().items.map((x) => x.key)).toEqual([a.key]);
    const rb = b.getReport({ key: a.key });
    expect(rb.findings.map((f) => f.fingerprint)).toEqual(a.f.map((f) => f.fingerprint));
    const f = rb.findings[0]!;
    b.setDecision({ key: a.key, fingerprint: f.fingerprint, rule: f.rule as never, verdict: 'confirmed', comment: '乙看过原文' });
    await b.syncTeam({});
    await a.app.syncTeam({});
    expect(a.app.getReport({ key: a.key }).findings[0]!.decision).toMatchObject({ verdict: 'confirmed', comment: '乙看过原文', by: '李四' });
    await a.app.close();
    await b.close();
    // Reopened: the kept file is part of the workspace, nothing fetched again.
    const b2 = new AppService({ storePath: join(dirB, 'review.json'), auditor: '李四', teamSecrets: secretsIn(dirB) });
    await b2.init();
    expect(b2.getWorkspace().items.map((x) => x.key)).toEqual([a.key]);
    await b2.close();
  });

  it('a fetched file whose bytes do not have the listed SHA-256, or over the limit, is not kept', async () => {
    const dir = tmp();
    const bytes = readFileSync(SEEDS.weihui);
    const sha = createHash('sha256').update(bytes).digest('hex');
    await expect(saveTeamFile(dir, { sha256: sha, name: 'x.txt' }, Buffer.concat([bytes, Buffer.from('!')]))).rejects.toThrow(/SHA-256 不符/);
    await expect(saveTeamFile(dir, { sha256: sha, name: 'x.txt' }, bytes, 100)).rejects.toThrow(/超过本轮上限/);
    expect(existsSync(join(dir, sha))).toBe(false);
    expect(await saveTeamFile(dir, { sha256: sha, name: '../../etc/passwd' }, bytes)).toBe(join(dir, sha, 'passwd'));
  });
});

describe.skipIf(!!pgSkipReason)('cell corrections through the team server', () => {
  const cell = { table: 'requests', row: 'carried_in', col: 'total', kind: 'value' } as const;
  const valueOf = (d: Desk) => d.app.getReport({ key: d.key }).tables.requests.rows.carried_in!.cells.total!;

  it('a correction on desk A shows on desk B, the report re-read with it', async () => {
    const url = await freshDb('nb_corr');
    await initRound(url);
    const la = await addAuditor(url, '张三');
    const lb = await addAuditor(url, '李四');
    const a = await desk('张三', la.line);
    const b = await desk('李四', lb.line);
    const read = valueOf(b).value;
    a.app.setCorrection({ key: a.key, ...cell, raw: '4321' });
    await a.app.syncTeam({});
    await b.app.syncTeam({});
    expect(valueOf(b).value).toBe(4321);
    expect(valueOf(b).correction).toMatchObject({ kind: 'value', by: '张三' });
    expect(b.app.getReport({ key: b.key }).corrections.map((c) => c.id)).toEqual([`${b.key}|cell|requests:carried_in:total`]);
    expect(b.app.getHistory({ key: b.key }).find((h) => h.what.includes('4321'))!.by).toBe('张三');
    // A withdrawal travels too: B reads the machine's value again.
    a.app.removeCorrection({ id: `${a.key}|cell|requests:carried_in:total` });
    await a.app.syncTeam({});
    await b.app.syncTeam({});
    expect(valueOf(b).value).toBe(read);
    expect(b.app.getConflicts({})).toEqual([]);
    await a.app.close();
    await b.app.close();
  });

  it('two desks correcting the same cell differently while offline: one conflict with both sides on each desk, nothing overwritten', async () => {
    const url = await freshDb('nb_corr2');
    await initRound(url);
    const la = await addAuditor(url, '张三');
    const lb = await addAuditor(url, '李四');
    const a = await desk('张三');
    const b = await desk('李四');
    a.app.setCorrection({ key: a.key, ...cell, raw: '111' });
    b.app.setCorrection({ key: b.key, ...cell, raw: '222' });
    await a.app.setTeam({ line: la.line });
    await b.app.setTeam({ line: lb.line });
    for (const d of [a, b, a]) await d.app.syncTeam({});
    const record = `correction:${a.key}|cell|requests:carried_in:total`;
    for (const [d, mine, theirs, other] of [[a, '111', '222', '李四'], [b, '222', '111', '张三']] as const) {
      const cs = d.app.getConflicts({});
      expect(cs.map((c) => c.record)).toEqual([record]);
      expect(cs[0]!.sides.find((s) => s.mine)!.what).toContain(mine);
      expect(cs[0]!.sides.find((s) => !s.mine)).toMatchObject({ by: other });
      expect(cs[0]!.sides.find((s) => !s.mine)!.what).toContain(theirs);
      expect(valueOf(d).value).toBe(Number(mine));
    }
    await a.app.close();
    await b.app.close();
  });
});

describe.skipIf(!!pgSkipReason)('a review file taken in on a desk of a team round', () => {
  it('what it brings goes to the server as the desk’s own changes, the file’s author kept as a claim; a conflicting record stays on the desk', async () => {
    const url = await freshDb('nb_relay');
    await initRound(url);
    const la = await addAuditor(url, '张三');
    const lb = await addAuditor(url, '李四');
    const a = await desk('张三', la.line);
    const b = await desk('李四', lb.line);
    const c = await desk('王五');
    const [f1, f2] = a.f;
    a.app.setDecision({ key: a.key, fingerprint: f2!.fingerprint, rule: f2!.rule as never, verdict: 'pending', comment: '甲待定' });
    c.app.setDecision({ key: c.key, fingerprint: f1!.fingerprint, rule: f1!.rule as never, verdict: 'confirmed', comment: '王五的意见' });
    c.app.setDecision({ key: c.key, fingerprint: f2!.fingerprint, rule: f2!.rule as never, verdict: 'dismissed', comment: '王五不认为' });
    const file = join(tmp(), 'wangwu.json');
    writeFileSync(file, JSON.stringify((c.app as unknown as { s: { store: ReviewStore } }).s.store.exportReview()));
    await c.app.close();
    const r = await a.app.importReview({ path: file });
    expect(r!.conflicts).toHaveLength(1);
    await a.app.syncTeam({});
    await b.app.syncTeam({});
    const d = (fp: string) => b.app.getReport({ key: b.key }).findings.find((x) => x.fingerprint === fp)!.decision;
    expect(d(f1!.fingerprint)).toMatchObject({ verdict: 'confirmed', comment: '王五的意见', by: '张三' });
    expect(b.app.getHistory({ key: b.key }).find((h) => h.what.includes('王五的意见'))!.what).toMatch(/^（转自王五的审核数据文件）/);
    // The conflicting record went nowhere: B has A's own decision, not the file's.
    expect(d(f2!.fingerprint)).toMatchObject({ verdict: 'pending', comment: '甲待定' });
    // On the server: written by A's role (the database's word), the file's author only a claim.
    const pgc = new pg.Client({ connectionString: url });
    await pgc.connect();
    const rows = (await pgc.query<{ author: string; claim: { by: string; file: string } }>("SELECT author, claim FROM nianbao.changes WHERE body->>'comment' LIKE '王五%'")).rows;
    await pgc.end();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ author: la.role, claim: { by: '王五', file: 'wangwu.json' } });
    await a.app.close();
    await b.app.close();
  });
});
