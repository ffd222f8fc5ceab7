// Two browser desks (two test hosts, two database roles) on one team server (PostgreSQL):
// a decision on A shows on B within 2 s; divergent offline decisions become one conflict on both.
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import pg from 'pg';
import { addAuditor, initRound } from '../../src/services/team/admin';
import { startHost, ROOT, type Host } from './host';

const PG = process.env.NIANBAO_TEST_PG ?? '';
const required = !!(process.env.CI || process.env.NIANBAO_REQUIRE_PG);
const FILE = join(ROOT, '..', 'shared', 'fixtures', 'seeds', '004_6174489a5f7162cb.txt');
let a: Host;
let b: Host;
let url = '';
const line = { a: '', b: '' };

test.skip(!PG && !required, 'NIANBAO_TEST_PG is not set (scripts/pg-test-cluster.sh start)');

test.beforeAll(async () => {
  const c = new pg.Client({ connectionString: PG });
  await c.connect();
  const db = `nb_e2e_${Date.now().toString(36)}`;
  await c.query(`CREATE DATABASE ${db}`);
  await c.end();
  const u = new URL(PG);
  u.pathname = `/${db}`;
  url = u.href;
  await initRound(url, 'e2e 轮次');
  const la = await addAuditor(url, '张三');
  const lb = await addAuditor(url, '李四');
  line.a = la.line;
  line.b = lb.line;
  a = await startHost([FILE], { env: { ...process.env, NIANBAO_TEAM_URL: la.line } });
  b = await startHost([FILE], { env: { ...process.env, NIANBAO_TEAM_URL: lb.line } });
});
test.afterAll(async () => {
  await a?.stop();
  await b?.stop();
});

async function open(page: Page, host: Host) {
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  await page.locator('.queue-row').first().click();
  await expect(page.locator('[data-testid="original"]')).toHaveAttribute('data-ready', /.+/);
  await expect(page.locator('[data-testid="team-chip"]')).toHaveText('已同步', { timeout: 15_000 });
}

test('a decision on desk A shows on desk B within 2 s', async ({ browser }) => {
  const pa = await (await browser.newContext()).newPage();
  const pb = await (await browser.newContext()).newPage();
  await open(pa, a);
  await open(pb, b);
  const fp = await pa.locator('.finding').first().getAttribute('data-fingerprint');
  await pa.locator(`[data-fingerprint="${fp}"]`).click();
  await pb.locator(`[data-fingerprint="${fp}"]`).click();
  await expect(pb.locator(`[data-fingerprint="${fp}"] .verdict.confirmed.on`)).toHaveCount(0);
  await pa.keyboard.press('c');
  await expect(pa.locator(`[data-fingerprint="${fp}"] .verdict.confirmed.on`)).toBeVisible();
  await expect(pb.locator(`[data-fingerprint="${fp}"] .verdict.confirmed.on`)).toBeVisible({ timeout: 2000 });
  await pb.screenshot({ path: join(ROOT, '.tmp/playwright/team-b.png') });
});

test('divergent decisions made offline: one conflict on both desks with both sides, nothing overwritten', async ({ browser }) => {
  const pa = await (await browser.newContext()).newPage();
  const pb = await (await browser.newContext()).newPage();
  await open(pa, a);
  await open(pb, b);
  const fp = await pa.locator('.finding').nth(1).getAttribute('data-fingerprint');
  // Both desks offline: the team line switched off, decisions made, then reconnected.
  await a.call('setTeam', { line: null });
  await b.call('setTeam', { line: null });
  await pa.locator(`[data-fingerprint="${fp}"]`).click();
  await pa.keyboard.press('c');
  await pb.locator(`[data-fingerprint="${fp}"]`).click();
  await pb.keyboard.press('x');
  await expect(pa.locator('[data-testid="team-chip"]')).toHaveText('未连接团队');
  await a.call('setTeam', { line: line.a });
  await b.call('setTeam', { line: line.b });
  for (const [p, mine] of [
    [pa, 'confirmed'],
    [pb, 'dismissed'],
  ] as const) {
    await expect(p.locator('[data-testid="team-chip"]')).toHaveText('1 个冲突', { timeout: 10_000 });
    await expect(p.locator(`[data-fingerprint="${fp}"] .verdict.${mine}.on`)).toBeVisible();
    await p.locator('[data-testid="team-chip"]').click();
    await expect(p.locator('[data-testid="team-side"]')).toHaveCount(2);
    // The colleague's side carries the colleague's name (the server's role, shown by display name).
    await expect(p.locator('[data-testid="team-conflicts"]')).toContainText(p === pa ? '李四' : '张三');
  }
  await pa.screenshot({ path: join(ROOT, '.tmp/playwright/team-conflict.png') });
});

