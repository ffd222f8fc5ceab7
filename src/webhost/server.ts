// The browser desk (and the test host): serves the built renderer and the real app services over
// HTTP on 127.0.0.1, with the same IPC contract as Electron (POST ipc/<channel>, events over
// Server-Sent Events, dropped files as POST upload). The renderer code is identical; it finds no
// Electron preload and talks HTTP instead.
//
// Every request carries the random token of this start in its path (/t/<token>/...): the page is
// loaded from there and all its requests are relative, so fetch and EventSource carry it too. The
// Host header must be the loopback address and port (no DNS rebinding), a foreign Origin or a
// cross-site fetch is refused, and the page cannot be framed.
//
//   node out/cli/testhost.mjs [--port 4567] [--store FILE] [FILE...]

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppService } from '../services/app/index.js';
import { CallError, dispatch } from '../services/dispatch.js';
import { EVENT_NAMES } from '../ipc/contract.js';
import { CSP } from '../services/csp.js';
import { appDataDir, storeFixedReason, storeLocation } from '../services/location.js';
import { TeamSecrets } from '../services/team/secrets.js';

function rendererDir(): string {
  if (process.env.NIANBAO_RENDERER) return process.env.NIANBAO_RENDERER;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const c = join(dir, 'out', 'renderer');
    if (existsSync(join(c, 'index.html'))) return c;
    const d = join(dir, 'renderer');
    if (existsSync(join(d, 'index.html'))) return d;
    dir = dirname(dir);
  }
  throw new Error('找不到构建好的界面（out/renderer），请先运行 npm run build');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** A request the desk refuses, with its HTTP status and a message for the page. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 10 * 1024 * 1024) throw new HttpError(413, '请求内容过大（上限 10 MB）');
    chunks.push(c as Buffer);
  }
  const s = Buffer.concat(chunks).toString('utf8');
  try {
    return s ? JSON.parse(s) : {};
  } catch {
    throw new HttpError(400, '请求内容不是有效的 JSON');
  }
}

/** The HTTP status for an error a call ended in: the caller's mistakes are 4xx, only the desk's own 5xx. */
export function statusOf(e: unknown): number {
  if (e instanceof HttpError) return e.status;
  if (e instanceof CallError) {
    if (e.code === 'BAD_CHANNEL') return 404;
    if (e.code === 'BAD_ARGS') return 400;
    if (e.code === 'NOT_GRANTED') return 403;
    const cause = e.failure as { status?: unknown; code?: unknown } | undefined;
    if (typeof cause?.status === 'number' && cause.status >= 400 && cause.status < 600) return cause.status;
    switch (cause?.code) {
      case 'ENOENT':
      case 'NOT_FOUND':
        return 404;
      case 'EACCES':
      case 'EPERM':
        return 403;
      case 'ENOTDIR':
      case 'EISDIR':
      case 'BAD_REVIEW_FILE':
      case 'BAD_INPUT':
        return 400;
      case 'LOCKED':
      case 'EXISTS':
        return 409;
      case 'READ_ONLY':
        return 423;
    }
  }
  return 500;
}

/** Start-up failures in words that say what to do (never a stack trace). */
export function startupMessage(e: unknown, storePath?: string): string {
  const err = e as NodeJS.ErrnoException;
  const path = err.path ?? storePath ?? '';
  const what = (() => {
    switch (err.code) {
      case 'EISDIR':
        return `${path} 是一个文件夹，但这里应是审核数据文件：请把这个文件夹改名或移走，或用 --store 指定另一个位置，然后重新启动。`;
      case 'ENOTDIR':
        return `${path} 所在的路径中有一段是文件而不是文件夹：请检查审核数据的位置（--store），然后重新启动。`;
      case 'EACCES':
      case 'EPERM':
        return `没有权限读写 ${path}：请检查这个位置的权限，或用 --store 指定另一个位置，然后重新启动。`;
      case 'ENOSPC':
        return `磁盘已满，无法写入 ${path}：请腾出空间后重新启动。`;
      case 'EADDRINUSE':
        return '端口已被占用：请用 --port 指定另一个端口，然后重新启动。';
    }
    if (e instanceof RangeError) return '审核数据文件的结构嵌套过深，无法读取：请换用备份（review.json.bak1…3），或用 --store 指定另一个位置，然后重新启动。';
    const m = (e as Error)?.message ?? String(e);
    // Messages of the app's own errors are already in Chinese and say what to do.
    return /[\u4e00-\u9fff]/.test(m) ? m : `${m}${path ? `（${path}）` : ''}：请检查审核数据的位置，然后重新启动。`;
  })();
  return `年报审阅台无法启动：${what}`;
}

/** Where a desk keeps the tokens of its last starts (readable by this user only), so a page left open
 * from an earlier start — it proves itself with that start's token — learns the new address. */
const SESSION_FILE = 'desk-session.json';

function previousTokens(dataDir: string): string[] {
  try {
    const t = (JSON.parse(readFileSync(join(dataDir, SESSION_FILE), 'utf8')) as { tokens?: unknown }).tokens;
    return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string' && /^[\w-]{20,64}$/.test(x)).slice(0, 5) : [];
  } catch {
    return [];
  }
}

function rememberToken(dataDir: string, token: string, previous: string[]): void {
  const path = join(dataDir, SESSION_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(tmp, JSON.stringify({ tokens: [token, ...previous].slice(0, 5) }), { mode: 0o600 });
    renameSync(tmp, path);
  } catch {
    // Only a convenience for pages left open: the desk runs without it.
  }
}

export interface DeskOptions {
  port: number;
  files: string[];
  /** The store file (tests); default: where the app keeps it (NIANBAO_STORE, chosen place, data dir). */
  store?: string;
  auditor?: string;
  /** The team server line (`nianbao team add-auditor` prints it); default NIANBAO_TEAM_URL. */
  team?: string;
  /** Called when the asked port was busy and another was taken. */
  onPortBusy?: (asked: number, got: number) => void;
}

const DENIED_PAGE = `<!doctype html><meta charset="utf-8"><title>年报审阅台</title><p style="font:16px sans-serif;margin:3em">
请使用启动时终端中显示的完整地址（含访问令牌 /t/…/）打开年报审阅台。每次启动的地址都不同。</p>`;

/** Listen on 127.0.0.1: the asked port, else the next free ones, else any free port. */
async function listen(server: Server, asked: number): Promise<number> {
  const tryPort = (p: number) =>
    new Promise<number | null>((ok, fail) => {
      const onError = (e: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        if (e.code === 'EADDRINUSE' || e.code === 'EACCES') ok(null);
        else fail(e);
      };
      const onListening = () => {
        server.off('error', onError);
        const a = server.address();
        ok(a && typeof a === 'object' ? a.port : p);
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(p, '127.0.0.1');
    });
  const candidates = asked ? [...Array.from({ length: 20 }, (_, i) => asked + i).filter((p) => p < 65536), 0] : [0];
  for (const p of candidates) {
    const got = await tryPort(p);
    if (got !== null) return got;
  }
  throw new Error('没有可用的端口');
}

export async function startTestHost(opts: DeskOptions) {
  const dataDir = opts.store ? dirname(resolve(opts.store)) : appDataDir();
  const location = storeLocation(dataDir, opts.store ? {} : process.env);
  const storePath = opts.store ? resolve(opts.store) : location.storePath;
  const app = new AppService({
    storePath,
    auditor: opts.auditor ?? (opts.store ? '测试审核人' : undefined),
    files: opts.files.length ? opts.files.map((f) => resolve(f)) : undefined,
    uploadsDir: join(dataDir, 'uploads'),
    storeFixed: opts.store ? undefined : storeFixedReason(),
    onStoreMoved: (p) => location.remember(p),
    teamUrl: opts.team ?? (process.env.NIANBAO_TEAM_URL || undefined),
    // Beside the store's data folder: a desk given its own store keeps its team password there too.
    teamSecrets: new TeamSecrets(join(dataDir, 'team-secrets.json')),
  });
  await app.init();
  const root = rendererDir();
  const token = randomBytes(24).toString('base64url');
  const prefix = `/t/${token}/`;
  const earlier = previousTokens(dataDir);
  rememberToken(dataDir, token, earlier);
  const clients = new Set<ServerResponse>();
  let closing = false;
  app.on((event, payload) => {
    const data = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const c of clients) c.write(data);
  });
  let port = opts.port;
  const hosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const same = (a: string, t: string) => {
    const x = Buffer.from(a);
    const y = Buffer.from(t);
    return x.length === y.length && timingSafeEqual(x, y);
  };
  const tokenIn = (path: string) => /^\/t\/([^/]+)(\/|$)/.exec(path)?.[1] ?? null;
  const tokenOk = (path: string) => {
    const t = tokenIn(path);
    return t !== null && same(t, token);
  };
  /** A token of an earlier start of this desk (a page left open across a restart). */
  const tokenEarlier = (path: string) => {
    const t = tokenIn(path);
    return t !== null && earlier.some((e) => same(t, e));
  };

  const server = createServer(async (req, res) => {
    res.setHeader('Content-Security-Policy', `${CSP}; frame-ancestors 'none'`);
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    const DENIED: Record<string, string> = {
      host: '只接受本机地址 127.0.0.1 的请求',
      origin: '不接受其他网页发来的请求',
      site: '不接受其他网站发来的请求',
      path: '不能访问界面文件夹以外的文件',
    };
    const deny = (status: number, why: string) => {
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(why === 'token' ? DENIED_PAGE : `<!doctype html><meta charset="utf-8"><p>${DENIED[why] ?? '请求被拒绝'}</p>`);
    };
    try {
      // Only this machine's loopback name for this port (a rebinding DNS name is refused).
      if (!hosts().has(String(req.headers.host ?? '').toLowerCase())) return deny(421, 'host');
      const origin = req.headers.origin;
      if (origin !== undefined && !origins().has(origin)) return deny(403, 'origin');
      const site = req.headers['sec-fetch-site'];
      if (site === 'cross-site' || (site === 'same-site' && req.method !== 'GET')) return deny(403, 'site');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!tokenOk(url.pathname) && tokenEarlier(url.pathname)) {
        // A page from an earlier start: pages go to the same place at the new address; calls are told.
        const rest = url.pathname.replace(/^\/t\/[^/]+\/?/, '');
        if (req.method === 'GET' && !rest.startsWith('events')) return void res.writeHead(302, { Location: `${prefix}${rest}${url.search}`, 'Cache-Control': 'no-store' }).end();
        const newUrl = `http://127.0.0.1:${port}${prefix}`;
        return void res
          .writeHead(410, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
          .end(JSON.stringify({ error: `年报审阅台已重新启动，地址已更换：请打开新地址 ${newUrl}（刚才未保存的输入请重新填写）`, code: 'RESTARTED', url: newUrl }));
      }
      if (!tokenOk(url.pathname)) return deny(403, 'token');
      if (url.pathname === prefix.slice(0, -1)) {
        res.writeHead(302, { Location: prefix }).end();
        return;
      }
      const path = url.pathname.slice(prefix.length - 1); // "/..." below the token
      if (req.method === 'POST' && path.startsWith('/ipc/')) {
        const result = await dispatch(app, path.slice(5), await body(req));
        if (result instanceof Uint8Array) {
          res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-store' }).end(Buffer.from(result));
        } else {
          res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(JSON.stringify(result ?? null));
        }
        return;
      }
      if (req.method === 'POST' && path === '/upload') {
        // A dropped file: kept in the uploads folder and granted for import.
        const name = url.searchParams.get('name') ?? '';
        if (!name || name.length > 400) throw new CallError('BAD_ARGS', '上传的文件没有文件名');
        const g = await app.acceptUpload(name, req as AsyncIterable<Buffer>).catch((e) => {
          throw new CallError('FAILED', (e as Error).message, e);
        });
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(JSON.stringify(g));
        return;
      }
      if (req.method === 'GET' && path === '/events') {
        // While closing, a reconnecting page must not hold the server open.
        if (closing) return void res.writeHead(503, { Connection: 'close' }).end();
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
        res.write(`: ${EVENT_NAMES.join(' ')}\n\n`);
        clients.add(res);
        req.on('close', () => clients.delete(res));
        return;
      }
      if (req.method === 'GET') {
        const rel = normalize(decodeURIComponent(path)).replace(/^([/\\])+/, '');
        const file = join(root, rel || 'index.html');
        if (!file.startsWith(root)) return deny(403, 'path');
        const data = await readFile(existsSync(file) && extname(file) ? file : join(root, 'index.html'));
        res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? (extname(file) ? 'application/octet-stream' : TYPES['.html']!) }).end(data);
        return;
      }
      throw new HttpError(405, '不支持这种请求方式');
    } catch (e) {
      const status = statusOf(e);
      const message = status >= 500 && !/[\u4e00-\u9fff]/.test((e as Error).message) ? `年报审阅台内部出错：${(e as Error).message}` : (e as Error).message;
      if (!res.headersSent) res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: message, code: e instanceof CallError || e instanceof HttpError ? e.code : undefined }));
      else res.end();
    }
  });
  port = await listen(server, opts.port);
  if (opts.port && port !== opts.port) opts.onPortBusy?.(opts.port, port);
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    port,
    token,
    storePath,
    app,
    close: async () => {
      closing = true;
      for (const c of clients) c.end();
      // An open page keeps keep-alive sockets (and its event stream reconnects): close them all,
      // or server.close() waits for the tab to go away.
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
      await app.close();
    },
  };
}

async function main() {
  const { values, positionals } = parseArgs({
    options: { port: { type: 'string', default: process.env.PORT ?? '4567' }, store: { type: 'string' }, auditor: { type: 'string' }, team: { type: 'string' } },
    allowPositionals: true,
  });
  let host: Awaited<ReturnType<typeof startTestHost>>;
  try {
    host = await startTestHost({
      port: Number(values.port),
      files: positionals,
      store: values.store,
      auditor: values.auditor,
      team: values.team,
      onPortBusy: (asked, got) => process.stdout.write(`端口 ${asked} 已被占用，改用端口 ${got}。 (port ${asked} is busy; using ${got})\n`),
    });
  } catch (e) {
    process.stderr.write(`${startupMessage(e, values.store)}\n`);
    process.exit(1);
  }
  process.stdout.write(
    `年报审阅台已在浏览器中提供，请打开（地址含本次启动的访问令牌，仅本机可访问；按 Ctrl+C 结束）：\n` +
      `  ${host.url}\n` +
      `审核数据保存在 ${host.storePath}\n`,
  );
  process.stdout.write(`NIANBAO_TESTHOST_READY ${host.url}\n`);
  const stop = async () => {
    await host.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) void main();
