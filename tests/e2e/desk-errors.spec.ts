// The browser desk when things go wrong (issue 22): bad requests are 4xx with a Chinese message (a
// missing folder in the chooser is 404, not 500); a page left open across a restart is told the new
// address; start-up failures are a Chinese message saying what to do, never a stack trace.
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost, ROOT } from './host';

const SEED = join(ROOT, '..', 'shared', 'fixtures', 'seeds', '002_f5d5ef7bb5443bb4.txt');
const CJK = /[\u4e00-\u9fff]/;

async function postRaw(url: string, body: string) {
  const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  return { status: r.status, body: (await r.json().catch(() => ({}))) as { error?: string; code?: string; url?: string } };
}

test('every bad request is a 4xx with a Chinese message', async () => {
  const host = await startHost([SEED]);
  try {
    const cases: [string, string, number][] = [
      ['browse', JSON.stringify({ purpose: 'openFiles', dir: join(tmpdir(), 'nianbao-没有这个文件夹-4711') }), 404],
      ['browse', JSON.stringify({ purpose: 'openFiles', dir: SEED }), 400],
      ['setStatus', JSON.stringify({ key: 'k', status: 'nope' }), 400],
      ['noSuchChannel', '{}', 404],
      ['setStatus', '{not json', 400],
      ['exportWorkbook', JSON.stringify({ grant: 'g-does-not-exist' }), 403],
    ];
    for (const [channel, body, status] of cases) {
      const r = await postRaw(`${host.url}ipc/${channel}`, body);
      expect(r.status, `${channel} ${body}`).toBe(status);
      expect(r.body.error, `${channel} ${body}`).toMatch(CJK);
      expect(r.body.error).not.toMatch(/invalid|unknown|Unexpected token|HTTP/i);
    }
  } finally {
    await host.stop();
  }
});

test('a call from a page left open across a restart is told the new address; the page itself is sent there', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-restart-'));
  const store = join(dir, 'review.json');
  const first = await startHost([SEED], { store });
  const old = first.url;
  await first.stop();
  const second = await startHost([SEED], { store, port: Number(new URL(old).port) });
  try {
    if (new URL(second.url).port !== new URL(old).port) test.skip(true, 'the port was taken by something else meanwhile');
    const r = await postRaw(`${old}ipc/getWorkspace`, '{}');
    expect(r.status).toBe(410);
    expect(r.body.code).toBe('RESTARTED');
    expect(r.body.error).toMatch(/年报审阅台已重新启动/);
    expect(r.body.url).toBe(second.url);
    const page = await fetch(old, { redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(new URL(page.headers.get('location')!, old).href).toBe(second.url);
    // A made-up token learns nothing.
    const guess = await postRaw(`${new URL(old).origin}/t/${'x'.repeat(32)}/ipc/getWorkspace`, '{}');
    expect(guess.status).toBe(403);
    expect(JSON.stringify(guess.body)).not.toContain(new URL(second.url).pathname);
  } finally {
    await second.stop();
  }
});

const startFails = (store: string, extra: string[] = []) =>
  spawnSync(process.execPath, [join(ROOT, 'out/cli/testhost.mjs'), '--port', '0', '--store', store, ...extra], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

function expectMessage(r: ReturnType<typeof startFails>, what: RegExp) {
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^年报审阅台无法启动：/);
  expect(r.stderr).toMatch(what);
  expect(r.stderr).not.toMatch(/\n\s+at |Error:|Maximum call stack/);
}

test('a second desk on a locked store says so in Chinese, without a stack trace', async () => {
  const host = await startHost([SEED]);
  try {
    expectMessage(startFails(host.storePath), /另一个年报审阅台使用/);
  } finally {
    await host.stop();
  }
});

test('a journal path that is a folder, and a deeply nested store, are messages that say what to do', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-startup-'));
  mkdirSync(join(dir, 'review.json.journal'));
  expectMessage(startFails(join(dir, 'review.json')), /是一个文件夹.*改名或移走/);
  const deep = mkdtempSync(join(tmpdir(), 'nianbao-startup-'));
  const n = 100_000;
  writeFileSync(join(deep, 'review.json'), `{"schemaVersion":2,"settings":{"auditor":"甲","x":${'['.repeat(n)}${']'.repeat(n)}}}`);
  // Either it opens (the nesting is set aside) or it says what to do; never the engine's words.
  const opened = await startHost([], { store: join(deep, 'review.json') }).then(
    async (h) => (await h.stop(), ''),
    (e: Error) => e.message,
  );
  expect(opened).not.toMatch(/Maximum call stack|\n\s+at /);
});
