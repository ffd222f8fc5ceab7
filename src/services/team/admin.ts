// The lead's side of a team round: create/upgrade the schema, auditors (one database role each),
// assignments, report files. The database enforces who may write what (see migrations.ts).

import { createHash, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type pg from 'pg';
import { MIGRATIONS } from './migrations.js';
import { TeamError, parseTeamUrl, withClient } from './db.js';

/** Group roles of a round: cluster-wide names derived from the database's name. */
export function groupRoles(db: string): { auditors: string; leads: string } {
  const slug = db.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 24);
  const h = createHash('sha256').update(db).digest('hex').slice(0, 6);
  return { auditors: `nb_${slug}_${h}_auditors`, leads: `nb_${slug}_${h}_leads` };
}

const q = (c: pg.Client, id: string) => c.escapeIdentifier(id);

async function migrate(c: pg.Client): Promise<{ from: number; to: number }> {
  await c.query('BEGIN');
  try {
    // One init at a time (two leads running it at once).
    await c.query('SELECT pg_advisory_xact_lock(72401100)');
    await c.query('CREATE SCHEMA IF NOT EXISTS nianbao');
    await c.query('CREATE TABLE IF NOT EXISTS nianbao.migrations (version int PRIMARY KEY, title text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await c.query<{ v: number | null }>('SELECT max(version) AS v FROM nianbao.migrations');
    const from = rows[0]?.v ?? 0;
    for (const m of MIGRATIONS) {
      if (m.version <= from) continue;
      await c.query(m.sql);
      await c.query('INSERT INTO nianbao.migrations (version, title) VALUES ($1, $2)', [m.version, m.title]);
    }
    await c.query('COMMIT');
    return { from, to: Math.max(from, ...MIGRATIONS.map((m) => m.version)) };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

async function ensureRole(c: pg.Client, role: string): Promise<void> {
  const { rowCount } = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (!rowCount) await c.query(`CREATE ROLE ${q(c, role)} NOLOGIN`);
}

/** Privileges, re-applied on every init (idempotent). */
async function grant(c: pg.Client, db: string): Promise<void> {
  const g = groupRoles(db);
  await ensureRole(c, g.auditors);
  await ensureRole(c, g.leads);
  const A = q(c, g.auditors);
  const L = q(c, g.leads);
  const sqls = [
    `GRANT ${A} TO ${L}`,
    `REVOKE ALL ON DATABASE ${q(c, db)} FROM PUBLIC`,
    `GRANT CONNECT ON DATABASE ${q(c, db)} TO ${A}`,
    'REVOKE ALL ON SCHEMA nianbao FROM PUBLIC',
    'REVOKE ALL ON ALL TABLES IN SCHEMA nianbao FROM PUBLIC',
    `REVOKE ALL ON ALL TABLES IN SCHEMA nianbao FROM ${A}`,
    `GRANT USAGE ON SCHEMA nianbao TO ${A}`,
    `GRANT SELECT ON nianbao.round, nianbao.auditors, nianbao.changes, nianbao.assignments, nianbao.files, nianbao.migrations TO ${A}`,
    // Columns a desk may give; seq and at are the server's (the trigger sets them).
    `GRANT INSERT (id, record, base, author, client_at, body, claim) ON nianbao.changes TO ${A}`,
    `GRANT USAGE ON SEQUENCE nianbao.change_seq TO ${A}`,
    `GRANT INSERT, UPDATE, DELETE ON nianbao.assignments TO ${L}`,
    `GRANT INSERT ON nianbao.files TO ${L}`,
  ];
  for (const s of sqls) await c.query(s);
}

export interface InitResult {
  from: number;
  to: number;
  round: string;
  created: boolean;
}

export async function initRound(url: string, name?: string): Promise<InitResult> {
  const db = decodeURIComponent(parseTeamUrl(url).pathname.slice(1));
  return withClient(url, async (c) => {
    const m = await migrate(c);
    await grant(c, db);
    const r = await c.query<{ name: string }>('SELECT name FROM nianbao.round');
    if (!r.rows.length) {
      const roundName = name?.trim() || db;
      await c.query('INSERT INTO nianbao.round (name) VALUES ($1) ON CONFLICT (id) DO NOTHING', [roundName]);
      return { ...m, round: roundName, created: true };
    }
    if (name?.trim() && name.trim() !== r.rows[0]!.name) await c.query('UPDATE nianbao.round SET name = $1', [name.trim()]);
    return { ...m, round: name?.trim() || r.rows[0]!.name, created: false };
  });
}

/** A role name for an auditor: ASCII letters of the name when it has some, else a number. */
async function roleFor(c: pg.Client, db: string, display: string, wanted?: string): Promise<string> {
  if (wanted) {
    if (!/^[a-z][a-z0-9_]{1,40}$/.test(wanted)) throw new TeamError('BAD_INPUT', `角色名“${wanted}”不合要求：小写字母开头，只含小写字母、数字和下划线，2–41 个字符`);
    return wanted;
  }
  const slug = db.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 20);
  const ascii = display.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 20);
  for (let n = 1; n < 10_000; n++) {
    const role = `${slug}_${ascii || 'auditor'}${ascii && n === 1 ? '' : n}`;
    const { rowCount } = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (!rowCount) return role;
  }
  throw new TeamError('BAD_INPUT', '无法为审核人生成角色名');
}

export interface AuditorCreated {
  role: string;
  display: string;
  lead: boolean;
  /** What the auditor pastes into the desk (settings → 团队). */
  line: string;
}

export async function addAuditor(url: string, display: string, opts: { lead?: boolean; role?: string; host?: string } = {}): Promise<AuditorCreated> {
  const u = parseTeamUrl(url);
  const db = decodeURIComponent(u.pathname.slice(1));
  const name = display.trim();
  if (!name || name.length > 100) throw new TeamError('BAD_INPUT', '审核人姓名应为 1 到 100 个字符');
  return withClient(url, async (c) => {
    const have = await c.query('SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2', ['nianbao', 'auditors']);
    if (!have.rowCount) throw new TeamError('SCHEMA', '这个数据库还没有审核轮次：请先运行 nianbao team init --db …');
    const dup = await c.query<{ role: string }>('SELECT role FROM nianbao.auditors WHERE display = $1', [name]);
    if (dup.rowCount) throw new TeamError('BAD_INPUT', `审核人“${name}”已存在（角色 ${dup.rows[0]!.role}）；同名的两个人请用不同写法区分，例如“张伟（市局）”`);
    const role = await roleFor(c, db, name, opts.role);
    const exists = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (exists.rowCount) throw new TeamError('BAD_INPUT', `数据库角色 ${role} 已存在：请用 --role 另选一个`);
    const password = randomBytes(18).toString('base64url');
    const g = groupRoles(db);
    await c.query('BEGIN');
    try {
      await c.query(`CREATE ROLE ${q(c, role)} LOGIN PASSWORD ${c.escapeLiteral(password)} IN ROLE ${q(c, opts.lead ? g.leads : g.auditors)}`);
      await c.query('INSERT INTO nianbao.auditors (role, display, lead) VALUES ($1, $2, $3)', [role, name, !!opts.lead]);
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
    const line = new URL(u.href);
    line.username = encodeURIComponent(role);
    line.password = password;
    if (opts.host) line.host = opts.host;
    return { role, display: name, lead: !!opts.lead, line: line.href };
  });
}

export async function assign(url: string, target: { agency?: string; report?: string }, roleOrName: string | null): Promise<{ target: string; role: string | null }> {
  const t = target.agency ? `agency:${target.agency.trim()}` : target.report ? `report:${target.report.trim()}` : '';
  if (!t || t.endsWith(':')) throw new TeamError('BAD_INPUT', '请用 --agency 单位名 或 --report 年报编号 指定要分配的对象');
  return withClient(url, async (c) => {
    if (roleOrName === null) {
      await c.query('DELETE FROM nianbao.assignments WHERE target = $1', [t]);
      return { target: t, role: null };
    }
    const r = await c.query<{ role: string }>('SELECT role FROM nianbao.auditors WHERE role = $1 OR display = $1', [roleOrName]);
    if (!r.rowCount) throw new TeamError('BAD_INPUT', `没有审核人“${roleOrName}”：请先用 nianbao team add-auditor 添加`);
    const role = r.rows[0]!.role;
    await c.query(
      'INSERT INTO nianbao.assignments (target, role) VALUES ($1, $2) ON CONFLICT (target) DO UPDATE SET role = EXCLUDED.role, author = current_user, at = now()',
      [t, role],
    );
    return { target: t, role };
  });
}

export interface FileAdded {
  path: string;
  sha256: string;
  size: number;
  result: 'added' | 'present' | 'too_big' | 'unreadable';
  message?: string;
}

export async function addFiles(url: string, paths: string[]): Promise<FileAdded[]> {
  return withClient(url, async (c) => {
    const lim = await c.query<{ file_limit: string }>('SELECT file_limit FROM nianbao.round');
    const limit = Number(lim.rows[0]?.file_limit ?? 67108864);
    const out: FileAdded[] = [];
    for (const p of paths) {
      let bytes: Buffer;
      try {
        const s = await stat(p);
        if (s.size > limit) {
          out.push({ path: p, sha256: '', size: s.size, result: 'too_big', message: `${basename(p)} 有 ${(s.size / 1048576).toFixed(1)} MB，超过本轮上限 ${(limit / 1048576).toFixed(0)} MB，未上传` });
          continue;
        }
        bytes = await readFile(p);
      } catch (e) {
        out.push({ path: p, sha256: '', size: 0, result: 'unreadable', message: `无法读取 ${p}：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
        continue;
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const r = await c.query('INSERT INTO nianbao.files (sha256, name, size, bytes) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING', [sha256, basename(p), bytes.length, bytes]);
      out.push({ path: p, sha256, size: bytes.length, result: r.rowCount ? 'added' : 'present' });
    }
    return out;
  });
}

export interface TeamStatus {
  round: string;
  schemaVersion: number;
  auditors: { role: string; display: string; lead: boolean; changes: number; assigned: number; lastAt: string | null }[];
  changes: number;
  conflicts: number;
  files: { count: number; bytes: number };
  assignments: { target: string; role: string }[];
}

/** Records with more than one head (changes nobody has built on): conflicts waiting for a person. */
export const CONFLICTS_SQL = `
  SELECT record, count(*) AS heads FROM nianbao.changes c
  WHERE NOT EXISTS (SELECT 1 FROM nianbao.changes d WHERE d.record = c.record AND c.id = ANY (d.base))
  GROUP BY record HAVING count(*) > 1`;

export async function teamStatus(url: string): Promise<TeamStatus> {
  return withClient(url, async (c) => {
    const round = await c.query<{ name: string }>('SELECT name FROM nianbao.round');
    if (!round.rowCount) throw new TeamError('SCHEMA', '这个数据库还没有审核轮次：请先运行 nianbao team init --db …');
    const v = await c.query<{ v: number }>('SELECT max(version) AS v FROM nianbao.migrations');
    const aud = await c.query<{ role: string; display: string; lead: boolean; changes: string; assigned: string; last_at: Date | null }>(`
      SELECT a.role, a.display, a.lead,
        (SELECT count(*) FROM nianbao.changes ch WHERE ch.author = a.role) AS changes,
        (SELECT count(*) FROM nianbao.assignments s WHERE s.role = a.role) AS assigned,
        (SELECT max(at) FROM nianbao.changes ch WHERE ch.author = a.role) AS last_at
      FROM nianbao.auditors a ORDER BY a.added_at, a.role`);
    const n = await c.query<{ n: string }>('SELECT count(*) AS n FROM nianbao.changes');
    const conf = await c.query<{ n: string }>(`SELECT count(*) AS n FROM (${CONFLICTS_SQL}) x`);
    const files = await c.query<{ n: string; b: string | null }>('SELECT count(*) AS n, sum(size) AS b FROM nianbao.files');
    const asg = await c.query<{ target: string; role: string }>('SELECT target, role FROM nianbao.assignments ORDER BY target');
    return {
      round: round.rows[0]!.name,
      schemaVersion: v.rows[0]!.v,
      auditors: aud.rows.map((r) => ({ role: r.role, display: r.display, lead: r.lead, changes: Number(r.changes), assigned: Number(r.assigned), lastAt: r.last_at?.toISOString() ?? null })),
      changes: Number(n.rows[0]!.n),
      conflicts: Number(conf.rows[0]!.n),
      files: { count: Number(files.rows[0]!.n), bytes: Number(files.rows[0]!.b ?? 0) },
      assignments: asg.rows,
    };
  });
}
