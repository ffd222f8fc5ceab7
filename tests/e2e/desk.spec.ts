// The browser desk is a product surface: a token on every request, loopback Host only, no foreign
// Origin, no framing, no path that was not granted; a busy port picks another; the work is kept in
// the app's place across restarts.
import { expect, test } from '@playwright/test';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost, ROOT, type Host } from './host';

const SEED = join(ROOT, '..', 'shared', 'fixtures', 'seeds', '002_f5d5ef7bb5443bb4.txt');
let host: Host;
test.beforeAll(async () => {
  host = await startHost([SEED]);
});
test.afterAll(async () => {
  await host.stop();
});

/** A raw request (any Host/Origin header), as another program or a rebinding page would send it. */
function raw(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = httpRequest({ host: '127.0.0.1', port: u.port, path: u.pathname + u.search, method: opts.method ?? 'GET', headers: { Host: u.host, ...opts.headers } }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
        // An event stream never ends: the first bytes are enough.
        if (String(res.headers['content-type']).includes('event-stream')) res.destroy();
      });
      res.on('close', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
const post = (url: string, data: unknown, headers: Record<string, string> = {}) => raw(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(data) });

test('the address carries a token; without it (or with another) nothing is served, not even the event stream', async () => {
  expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/t\/[A-Za-z0-9_-]{20,}\/$/);
  const wrong = `${host.origin}/t/${'x'.repeat(32)}/`;
  for (const base of [`${host.origin}/`, wrong]) {
    expect((await raw(base)).status).toBe(403);
    expect((await raw(`${base}assets/`)).status).toBe(403);
    expect((await raw(`${base}events`)).status).toBe(403);
    expect((await post(`${base}ipc/getWorkspace`, {})).status).toBe(403);
    expect((await raw(`${base}upload?name=a.txt`, { method: 'POST', body: 'x' })).status).toBe(403);
  }
  expect((await raw(`${host.origin}/`)).body).toContain('完整地址');
  // With the token: the page, the calls and the event stream.
  expect((await raw(host.url)).status).toBe(200);
  expect((await post(`${host.url}ipc/getWorkspace`, {})).status).toBe(200);
  const ev = await raw(`${host.url}events`);
  expect(ev.status).toBe(200);
  expect(ev.body).toContain('importProgress');
});

test('a foreign Host (DNS rebinding), a foreign Origin or a cross-site fetch is refused', async () => {
  const port = new URL(host.url).port;
  for (const h of [`evil.example:${port}`, `127.0.0.1.nip.io:${port}`, '127.0.0.1', `127.0.0.1:${Number(port) + 1}`]) {
    expect((await raw(host.url, { headers: { Host: h } })).status, h).toBe(421);
    expect((await raw(`${host.url}events`, { headers: { Host: h } })).status, h).toBe(421);
    expect((await post(`${host.url}ipc/getWorkspace`, {}, { Host: h })).status, h).toBe(421);
  }
  for (const o of ['http://evil.example', `http://127.0.0.1:${Number(port) + 1}`, 'null']) {
    expect((await post(`${host.url}ipc/getWorkspace`, {}, { Origin: o })).status, o).toBe(403);
    expect((await raw(`${host.url}events`, { headers: { Origin: o } })).status, o).toBe(403);
  }
  expect((await post(`${host.url}ipc/getWorkspace`, {}, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
  expect((await post(`${host.url}ipc/getWorkspace`, {}, { Origin: host.origin, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
});

test('every file channel refuses a path that was not granted, over HTTP', async () => {
  const victim = join(mkdtempSync(join(tmpdir(), 'nianbao-victim-')), 'x.json');
  const channels = ['openGranted', 'exportWorkbook', 'exportReview', 'importReview', 'exportRubric', 'importRubric', 'relocateStore'];
  for (const c of channels) {
    expect((await post(`${host.url}ipc/${c}`, { path: victim })).status, c).toBe(400);
    expect((await post(`${host.url}ipc/${c}`, { paths: [victim] })).status, c).toBe(400);
    const made = c === 'openGranted' ? { grants: ['g_' + 'B'.repeat(24)] } : { grant: 'g_' + 'B'.repeat(24) };
    const r = await post(`${host.url}ipc/${c}`, made);
    expect(r.status, c).toBe(403);
    expect(JSON.parse(r.body).code).toBe('NOT_GRANTED');
  }
  // No such channel: refused as unknown (404, with a Chinese message), never run.
  expect((await post(`${host.url}ipc/openExternal`, { url: 'https://example.com' })).status).toBe(404);
  expect(existsSync(victim)).toBe(false);
});

test('the desk cannot be framed by a page on another origin', async ({ page }) => {
  // Another local site frames the desk (with its token) and tries to call it.
  const evil: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><h1>evil</h1><iframe id="f" src="${host.url}" width="800" height="500"></iframe>`);
  });
  await new Promise<void>((ok) => evil.listen(0, '127.0.0.1', ok));
  // Same site (127.0.0.1, another port): the hardest case, where only the no-framing headers stop it.
  const evilUrl = `http://127.0.0.1:${(evil.address() as { port: number }).port}/`;
  try {
    await page.goto(evilUrl);
    await page.waitForTimeout(1500);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame).toBeTruthy();
    // Blocked: the frame holds Chromium's error page, never the desk.
    expect(await frame!.locator('.toolbar').count()).toBe(0);
    expect(await frame!.evaluate(() => document.body?.dataset.ready ?? null).catch(() => null)).toBeNull();
    const called = await page.evaluate(async (u) => {
      try {
        const x = await fetch(`${u}ipc/getWorkspace`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
        return `status ${x.status}: ${await x.text()}`;
      } catch (e) {
        return `blocked: ${(e as Error).message}`;
      }
    }, host.url);
    expect(called).toMatch(/^blocked/);
    await page.screenshot({ path: join(ROOT, '.tmp/playwright/desk-framed.png') });
  } finally {
    evil.close();
  }
  const r = await raw(host.url);
  expect(r.headers['x-frame-options']).toBe('DENY');
  expect(String(r.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
});

test('a busy port picks another and says so; the first address line carries the token', async () => {
  const port = Number(new URL(host.url).port);
  const second = await startHost([SEED], { port });
  try {
    expect(second.output()).toContain(`端口 ${port} 已被占用`);
    expect(new URL(second.url).port).not.toBe(String(port));
    const first = second.output().split('\n').find((l) => l.includes('http://127.0.0.1:'));
    expect(first?.trim()).toBe(second.url);
    expect(second.url).not.toBe(host.url);
  } finally {
    await second.stop();
  }
});

test('without --store the desk keeps the work where the app does (data dir, NIANBAO_STORE) and survives restarts', async ({ page }) => {
  const home = mkdtempSync(join(tmpdir(), 'nianbao-home-'));
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), NIANBAO_STORE: '' };
  const first = await startHost([SEED], { store: null, env });
  const key = (await first.call<{ items: { key: string }[] }>('getWorkspace')).items[0]!.key;
  await first.call('setStatus', { key, status: 'done' });
  await first.stop();
  expect(first.storePath).toBe(join(home, '.config', 'nianbao', 'review.json'));
  expect(existsSync(first.storePath)).toBe(true);
  // Restart with no files: the same reports and the work on them.
  const again = await startHost([], { store: null, env });
  try {
    expect(again.storePath).toBe(first.storePath);
    const ws = await again.call<{ sample: boolean; items: { key: string; status: string }[] }>('getWorkspace');
    expect(ws.sample).toBe(false);
    expect(ws.items.map((i) => [i.key, i.status])).toEqual([[key, 'done']]);
    await page.goto(again.url);
    await page.waitForSelector('body[data-ready="1"]');
    await expect(page.locator('.queue-row')).toHaveCount(1);
  } finally {
    await again.stop();
  }
  // NIANBAO_STORE wins.
  const elsewhere = join(mkdtempSync(join(tmpdir(), 'nianbao-env-')), 'mine.json');
  mkdirSync(join(elsewhere, '..'), { recursive: true });
  const third = await startHost([SEED], { store: null, env: { ...env, NIANBAO_STORE: elsewhere } });
  // Moving it in the app would not last (the variable wins on the next start): the button says so.
  const g = await third.call<{ grants: { id: string }[] }>('grantChosen', { purpose: 'moveStore', paths: [join(home, 'moved.json')] });
  await expect(third.call('relocateStore', { grant: g.grants[0]!.id })).rejects.toThrow(/NIANBAO_STORE/);
  await third.stop();
  expect(third.storePath).toBe(elsewhere);
  expect(JSON.parse(readFileSync(elsewhere, 'utf8'))).toHaveProperty('workspace');
});

test('the desk stops at once while a page is open, a request is half sent and the event stream would reconnect', async ({ page }) => {
  const h = await startHost([SEED]);
  await page.goto(h.url);
  await page.waitForSelector('body[data-ready="1"]');
  // A client that sent half a request: the server must not wait for the rest before exiting.
  const { port } = new URL(h.url);
  const sock = connect(Number(port), '127.0.0.1');
  await new Promise<void>((r) => sock.once('connect', () => r()));
  sock.write(`GET ${new URL(h.url).pathname} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
  sock.on('error', () => {});
  const t0 = Date.now();
  await Promise.race([h.stop(), new Promise((_, reject) => setTimeout(() => reject(new Error('the host did not exit within 10 s')), 10_000))]);
  expect(Date.now() - t0).toBeLessThan(10_000);
  expect(h.proc.exitCode).toBe(0);
  sock.destroy();
});

test('the desk loads without a refused request or a console error (its icon is served under the token)', async ({ page }) => {
  const bad: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) bad.push(`${r.status()} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') bad.push(`console: ${m.text()}`);
  });
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  await page.locator('.queue-row').first().click();
  await expect(page.locator('[data-testid="original"]')).toHaveAttribute('data-ready', /.+/);
  const icon = await page.locator('link[rel="icon"]').getAttribute('href');
  expect((await page.request.get(new URL(icon!, host.url).href)).status()).toBe(200);
  expect(bad).toEqual([]);
});
