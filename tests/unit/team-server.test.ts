// The team server's rules, in SQL against a real PostgreSQL: who may write what is enforced by the
// database, whatever a (modified) desk sends.
import { describe, expect, it, beforeAll } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addAuditor, addFiles, assign, initRound, teamStatus, type AuditorCreated } from '../../src/services/team/admin.js';
import { asRole, freshDb, pgSkipReason } from '../helpers/pg.js';

const ins = `INSERT INTO nianbao.changes (id, record, base, body) VALUES ($1, $2, $3, $4) RETURNING seq, author, at`;

describe.skipIf(!!pgSkipReason)('team server (PostgreSQL)', () => {
  let url = '';
  let a: AuditorCreated;
  let b: AuditorCreated;
  let lead: AuditorCreated;
  beforeAll(async () => {
    url = await freshDb('nb_srv');
    await initRound(url, '测试轮次');
    a = await addAuditor(url, '张三');
    b = await addAuditor(url, '李四');
    lead = await addAuditor(url, '王组长', { lead: true });
  });

  it('init is idempotent: a second run upgrades nothing and keeps the round', async () => {
    const again = await initRound(url);
    expect(again).toMatchObject({ from: 2, to: 2, created: false, round: '测试轮次' });
    const s = await teamStatus(url);
    expect(s.round).toBe('测试轮次');
    expect(s.auditors.map((x) => x.display)).toEqual(['张三', '李四', '王组长']);
    // Roles still work after grants were re-applied.
    const r = await asRole(a.line, ins, ['idem-000001', 'decision:k|f', [], { verdict: 'confirmed' }]);
    expect(r.code).toBeUndefined();
  });

  it('an auditor appends changes as itself; the server sets who, when and the order', async () => {
    const r = await asRole<{ seq: string; author: string; at: Date }>(a.line, ins, ['a-change-0001', 'decision:k|f1', [], { verdict: 'dismissed' }]);
    expect(r.rows?.[0]?.author).toBe(a.role);
    expect(Math.abs(r.rows![0]!.at.getTime() - Date.now())).toBeLessThan(60_000);
    const r2 = await asRole<{ seq: string }>(b.line, ins, ['b-change-0001', 'decision:k|f1', [], { verdict: 'confirmed' }]);
    expect(Number(r2.rows![0]!.seq)).toBeGreaterThan(Number(r.rows![0]!.seq));
  });

  it('B cannot insert a change as A', async () => {
    const r = await asRole(b.line, `INSERT INTO nianbao.changes (id, record, base, author, body) VALUES ('forged-00001', 'decision:k|f', '{}', $1, '{}')`, [a.role]);
    expect(r.code).toBe('42501');
    const seen = await asRole(a.line, `SELECT count(*)::int AS n FROM nianbao.changes WHERE id = 'forged-00001'`);
    expect(seen.rows).toEqual([{ n: 0 }]);
  });

  it('B cannot set the order or the time of a change', async () => {
    expect((await asRole(b.line, `INSERT INTO nianbao.changes (seq, id, record, body) VALUES (1, 'seq-forged-1', 'x', '{}')`)).code).toBe('42501');
    expect((await asRole(b.line, `INSERT INTO nianbao.changes (at, id, record, body) VALUES ('2000-01-01', 'at-forged-01', 'x', '{}')`)).code).toBe('42501');
  });

  it('nobody can update or delete a change: not B, not A, not the lead, not the owner', async () => {
    for (const who of [b.line, a.line, lead.line]) {
      expect((await asRole(who, `UPDATE nianbao.changes SET body = '{"verdict":"confirmed"}' WHERE id = 'a-change-0001'`)).code).toBe('42501');
      expect((await asRole(who, `DELETE FROM nianbao.changes WHERE id = 'a-change-0001'`)).code).toBe('42501');
      expect((await asRole(who, `TRUNCATE nianbao.changes`)).code).toBe('42501');
    }
    expect((await asRole(url, `UPDATE nianbao.changes SET body = '{}' WHERE id = 'a-change-0001'`)).code).toBe('42501');
    expect((await asRole(url, `DELETE FROM nianbao.changes`)).code).toBe('42501');
    const still = await asRole<{ body: unknown; author: string }>(b.line, `SELECT body, author FROM nianbao.changes WHERE id = 'a-change-0001'`);
    expect(still.rows).toEqual([{ body: { verdict: "dismissed" }, author: a.role }]);
  });

  it('a push retried with the same id is taken once', async () => {
    const q = `INSERT INTO nianbao.changes (id, record, body) VALUES ('retry-000001', 'r', '{}') ON CONFLICT (id) DO NOTHING RETURNING seq`;
    expect((await asRole(a.line, q)).rows).toHaveLength(1);
    expect((await asRole(a.line, q)).rows).toHaveLength(0);
    expect((await asRole(a.line, `SELECT count(*)::int AS n FROM nianbao.changes WHERE id = 'retry-000001'`)).rows).toEqual([{ n: 1 }]);
  });

  it('only the lead assigns work and adds files', async () => {
    expect((await asRole(a.line, `INSERT INTO nianbao.assignments (target, role) VALUES ('agency:某局', $1)`, [a.role])).code).toBe('42501');
    expect((await asRole(lead.line, `INSERT INTO nianbao.assignments (target, role) VALUES ('agency:某局', $1)`, [a.role])).code).toBeUndefined();
    expect((await asRole(b.line, `UPDATE nianbao.assignments SET role = $1`, [b.role])).code).toBe('42501');
    expect((await asRole(b.line, `DELETE FROM nianbao.assignments`)).code).toBe('42501');
    const bytes = Buffer.from('一份年报');
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect((await asRole(a.line, `INSERT INTO nianbao.files (sha256, name, size, bytes) VALUES ($1, 'x.txt', $2, $3)`, [sha, bytes.length, bytes])).code).toBe('42501');
    expect((await asRole(lead.line, `INSERT INTO nianbao.files (sha256, name, size, bytes) VALUES ($1, 'x.txt', $2, $3)`, [sha, bytes.length, bytes])).code).toBeUndefined();
    // Everyone reads the round.
    expect((await asRole(b.line, `SELECT target FROM nianbao.assignments`)).rows).toEqual([{ target: 'agency:某局' }]);
  });

  it('files are stored once by SHA-256, checked by the server, within the size limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-files-'));
    writeFileSync(join(dir, 'a.txt'), '年报甲');
    writeFileSync(join(dir, 'a-copy.txt'), '年报甲');
    const r = await addFiles(url, [join(dir, 'a.txt'), join(dir, 'a-copy.txt'), join(dir, 'missing.txt')]);
    expect(r.map((x) => x.result)).toEqual(['added', 'present', 'unreadable']);
    // A file whose bytes do not have the hash it claims is refused by the database.
    const lie = await asRole(lead.line, `INSERT INTO nianbao.files (sha256, name, size, bytes) VALUES ($1, 'lie.txt', 3, 'abc')`, ['0'.repeat(64)]);
    expect(lie.code).toBeDefined();
    await asRole(url, `UPDATE nianbao.round SET file_limit = 4`);
    writeFileSync(join(dir, 'big.txt'), '12345');
    expect((await addFiles(url, [join(dir, 'big.txt')]))[0]!.result).toBe('too_big');
    const five = Buffer.from('12345');
    const direct = await asRole(lead.line, `INSERT INTO nianbao.files (sha256, name, size, bytes) VALUES ($1, 'big.txt', 5, $2)`, [createHash('sha256').update(five).digest('hex'), five]);
    expect(direct.code && direct.message).toMatch(/over the round's limit/);
    await asRole(url, `UPDATE nianbao.round SET file_limit = 67108864`);
  });

  it('assign takes a name or a role and refuses someone who is not an auditor', async () => {
    expect(await assign(url, { report: 'abc:某局:2024:0' }, '李四')).toEqual({ target: 'report:abc:某局:2024:0', role: b.role });
    await expect(assign(url, { agency: '某局' }, '赵六')).rejects.toThrow(/没有审核人“赵六”/);
  });

  it("an auditor of one round cannot open another round's database", async () => {
    const other = await freshDb('nb_other');
    await initRound(other);
    const line = new URL(a.line);
    line.pathname = new URL(other).pathname;
    const r = await asRole(line.href, 'SELECT 1').catch((e: { code?: string }) => ({ code: e.code ?? 'x' }));
    expect(r.code).toBe('42501');
  });
});
