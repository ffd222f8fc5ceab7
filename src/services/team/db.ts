// Connecting to the team server (PostgreSQL through `pg`), with errors a person can act on.

import pg from 'pg';

export class TeamError extends Error {
  constructor(
    readonly code: 'CONNECT' | 'AUTH' | 'PRIVILEGE' | 'SCHEMA' | 'BAD_URL' | 'BAD_INPUT' | 'CONFLICT_ID',
    message: string,
  ) {
    super(message);
  }
}

/** Where a URL points, without its password (for messages). */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '（无效的连接地址）';
  }
}

export function parseTeamUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new TeamError('BAD_URL', '团队服务器连接地址格式不对：应为 postgres://用户名:密码@主机:端口/数据库');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new TeamError('BAD_URL', `团队服务器连接地址应以 postgres:// 开头（现为 ${u.protocol}）`);
  if (!u.pathname || u.pathname === '/') throw new TeamError('BAD_URL', '团队服务器连接地址缺少数据库名（…/数据库名）');
  return u;
}

/** Turn a pg / network error into a TeamError with Chinese words. */
export function teamError(e: unknown, url: string): TeamError {
  if (e instanceof TeamError) return e;
  const err = e as { code?: string; message?: string };
  const where = describeUrl(url);
  switch (err.code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
    case 'ECONNRESET':
      return new TeamError('CONNECT', `无法连接团队服务器 ${where}（${err.code}）：请检查网络和服务器是否在运行`);
    case '28P01':
    case '28000':
      return new TeamError('AUTH', `团队服务器 ${where} 拒绝登录：用户名或密码不对，请向组长要新的连接地址`);
    case '3D000':
      return new TeamError('CONNECT', `团队服务器 ${where} 上没有这个数据库：请检查连接地址`);
    case '42501':
      return new TeamError('PRIVILEGE', `团队服务器拒绝了这项操作（权限不足）：${err.message ?? ''}`);
    case '42P01':
    case '3F000':
      return new TeamError('SCHEMA', `团队服务器 ${where} 上还没有审核轮次：请组长先运行 nianbao team init`);
  }
  if (/timeout/i.test(err.message ?? '')) return new TeamError('CONNECT', `连接团队服务器 ${where} 超时：请检查网络`);
  return new TeamError('CONNECT', `团队服务器 ${where} 出错：${err.message ?? String(e)}`);
}

export async function connect(url: string, opts: { timeoutMs?: number } = {}): Promise<pg.Client> {
  parseTeamUrl(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: opts.timeoutMs ?? 8000, application_name: 'nianbao' });
  // An idle connection that dies (server restart) must not crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw teamError(e, url);
  }
  return client;
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = await connect(url);
  try {
    return await fn(c);
  } catch (e) {
    throw teamError(e, url);
  } finally {
    await c.end().catch(() => undefined);
  }
}
