// Test host: serves the built renderer and the real app services over HTTP on 127.0.0.1, with the
// same IPC contract as Electron (POST /ipc/<channel>, events over Server-Sent Events). The renderer
// code is identical; it finds no Electron preload and talks HTTP instead.
//
//   npm run web -- --port 4567 [--store FILE] [FILE...]

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppService } from './services/app.js';
import { CallError, dispatch } from './dispatch.js';
import { EVENT_NAMES } from '../ipc/contract.js';
import { CSP } from './csp.js';

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

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 10 * 1024 * 1024) throw new CallError('BAD_ARGS', 'request too large');
    chunks.push(c as Buffer);
  }
  const s = Buffer.concat(chunks).toString('utf8');
  return s ? JSON.parse(s) : {};
}

export async function startTestHost(opts: { port: number; files: string[]; store?: string }) {
  const storePath = opts.store ?? join(mkdtempSync(join(tmpdir(), 'nianbao-web-')), 'review.json');
  const app = new AppService({ storePath, auditor: '测试审核人', files: opts.files.length ? opts.files.map((f) => resolve(f)) : undefined });
  await app.init();
  const root = rendererDir();
  const clients = new Set<ServerResponse>();
  app.on((event, payload) => {
    const data = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const c of clients) c.write(data);
  });

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    try {
      if (req.method === 'POST' && url.pathname.startsWith('/ipc/')) {
        // Only our own page may call (no cross-origin use of the local services).
        const origin = req.headers.origin;
        if (origin && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
          res.writeHead(403).end();
          return;
        }
        const channel = url.pathname.slice(5);
        const result = await dispatch(app, channel, await body(req));
        if (result instanceof Uint8Array) {
          res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(Buffer.from(result));
        } else {
          res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(result ?? null));
        }
        return;
      }
      if (req.method === 'GET' && url.pathname === '/events') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
        res.write(`: ${EVENT_NAMES.join(' ')}\n\n`);
        clients.add(res);
        req.on('close', () => clients.delete(res));
        return;
      }
      if (req.method === 'GET') {
        const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
        const file = join(root, rel || 'index.html');
        if (!file.startsWith(root)) {
          res.writeHead(403).end();
          return;
        }
        const data = await readFile(existsSync(file) && extname(file) ? file : join(root, 'index.html'));
        res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? (extname(file) ? 'application/octet-stream' : TYPES['.html']!) }).end(data);
        return;
      }
      res.writeHead(405).end();
    } catch (e) {
      const status = e instanceof CallError ? (e.code === 'FAILED' ? 500 : 400) : 500;
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: (e as Error).message }));
    }
  });
  let port = opts.port;
  await new Promise<void>((r) => server.listen(opts.port, '127.0.0.1', r));
  const addr = server.address();
  if (addr && typeof addr === 'object') port = addr.port;
  return {
    url: `http://127.0.0.1:${port}/`,
    app,
    close: async () => {
      for (const c of clients) c.end();
      await new Promise<void>((r) => server.close(() => r()));
      await app.close();
    },
  };
}

async function main() {
  const { values, positionals } = parseArgs({
    options: { port: { type: 'string', default: '4567' }, store: { type: 'string' } },
    allowPositionals: true,
  });
  const host = await startTestHost({ port: Number(values.port), files: positionals, store: values.store });
  process.stdout.write(`NIANBAO_TESTHOST_READY ${host.url}\n`);
  const stop = async () => {
    await host.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) void main();
