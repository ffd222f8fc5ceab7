// The throwaway PostgreSQL cluster of the team tests (scripts/pg-test-cluster.sh, started by .ci/run).
// NIANBAO_TEST_PG is its superuser URL. In CI (CI or NIANBAO_REQUIRE_PG set) the team tests never skip: without a
// server they fail. Locally, without one, they skip and say why.

import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_PG = process.env.NIANBAO_TEST_PG ?? '';

async function reachable(): Promise<string> {
  if (!TEST_PG) return 'NIANBAO_TEST_PG is not set (start a cluster: scripts/pg-test-cluster.sh start)';
  const c = new pg.Client({ connectionString: TEST_PG, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return '';
  } catch (e) {
    return `PostgreSQL at NIANBAO_TEST_PG is not reachable: ${(e as Error).message}`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

const why = await reachable();
export const pgSkipReason = why && !process.env.CI && !process.env.NIANBAO_REQUIRE_PG ? why : '';
if (pgSkipReason) console.warn(`team tests skipped: ${pgSkipReason}`);

/** A URL for `db` on the test cluster, as `user:password` (or the superuser). */
export function urlFor(db: string, user?: { role: string; password: string }): string {
  const u = new URL(TEST_PG);
  u.pathname = `/${db}`;
  if (user) {
    u.username = user.role;
    u.password = user.password;
  }
  return u.href;
}

/** A new empty database on the test cluster; returns the superuser URL to it. */
export async function freshDb(prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: TEST_PG });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`);
  } finally {
    await c.end();
  }
  return urlFor(name);
}

/** Run one statement as the role in a line from `team add-auditor`; resolves to the error code or rows. */
export async function asRole<T = Record<string, unknown>>(line: string, sql: string, params: unknown[] = []): Promise<{ rows: T[]; code?: undefined } | { rows?: undefined; code: string; message: string }> {
  const c = new pg.Client({ connectionString: line });
  await c.connect();
  try {
    const r = await c.query(sql, params);
    return { rows: r.rows as T[] };
  } catch (e) {
    return { code: (e as { code?: string }).code ?? 'unknown', message: (e as Error).message };
  } finally {
    await c.end();
  }
}
