// 总览 on a generated round of 300 reports with a real store: figures agree with the store, charts are
// drawn, clicking a chart filters the queue; screenshots for a look.
import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import mammoth from 'mammoth';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost, ROOT, type Host } from './host';
import { makeRound, seedRound } from '../helpers/round';

let host: Host;
let dir: string;
let storePath: string;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  dir = join(ROOT, '.tmp', 'round-300');
  const files = makeRound(dir, 300);
  storePath = join(mkdtempSync(join(tmpdir(), 'nianbao-round-e2e-')), 'review.json');
  await seedRound(storePath, files);
  host = await startHost([dir], { store: storePath });
});
test.afterAll(async () => host?.stop());

function storeFacts() {
  const data = JSON.parse(readFileSync(storePath, 'utf8')) as { statuses: Record<string, { status: string }>; scores: Record<string, { total: number }> };
  const statuses = Object.values(data.statuses).map((s) => s.status);
  return { done: statuses.filter((s) => s === 'done').length, inProgress: statuses.filter((s) => s === 'in_progress').length, scores: Object.values(data.scores).map((s) => s.total) };
}

test('the overview shows the round: figures from the store, charts drawn, a click filters the queue', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  await expect(page.locator('.statusbar')).toContainText('300 份年报', { timeout: 120_000 });
  await page.getByTestId('overview-toggle').click();
  const ov = page.getByTestId('overview');
  await expect(ov).toBeVisible();
  await expect(page.locator('[data-chart][data-drawn="1"]')).toHaveCount(5, { timeout: 20_000 });
  const facts = storeFacts();
  expect(facts.done).toBeGreaterThan(30);
  await expect(page.locator('[data-kpi="done"] b')).toHaveText(String(facts.done));
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  await page.screenshot({ path: join(ROOT, '.tmp', 'overview-300.png') });

  // Click the tallest score band: the queue shows exactly those reports.
  const bands = [
    { label: '60 分以下', n: facts.scores.filter((t) => t < 60).length },
    { label: '60–69', n: facts.scores.filter((t) => t >= 60 && t < 70).length },
    { label: '70–79', n: facts.scores.filter((t) => t >= 70 && t < 80).length },
    { label: '80–89', n: facts.scores.filter((t) => t >= 80 && t < 90).length },
    { label: '90 分及以上', n: facts.scores.filter((t) => t >= 90).length },
  ];
  const best = bands.reduce((a, b, i) => (b.n > bands[a]!.n ? i : a), 0);
  const chart = page.locator('[data-chart="scores"]');
  const box = (await chart.boundingBox())!;
  // grid: left 48, right 24, bottom 36 (core/charts.ts); click just above the axis in the band's column.
  const x = box.x + 48 + ((box.width - 72) * (best + 0.5)) / 5;
  await page.mouse.click(x, box.y + box.height - 40);
  await expect(page.getByTestId('key-filter')).toContainText(`得分 ${bands[best]!.label}（${bands[best]!.n} 份）`);
  // Every report the queue now shows is in that band (the queue is virtualised: check the rows drawn).
  const lo = [0, 60, 70, 80, 90][best]!;
  const hi = [60, 70, 80, 90, 1000][best]!;
  await expect.poll(async () => {
    const scores = await page.locator('.queue-row [data-testid="queue-score"]').allTextContents();
    return scores.length > 0 && scores.every((t) => Number(t) >= lo && Number(t) < hi);
  }).toBe(true);
  await page.screenshot({ path: join(ROOT, '.tmp', 'overview-filtered.png') });

  // The KPI “已完成” filters too; choosing a report returns to the review desk.
  await page.locator('[data-kpi="done"]').click();
  await expect(page.getByTestId('key-filter')).toContainText(`（${facts.done} 份）`);
  await page.locator('.queue-row').first().click();
  await expect(ov).toBeHidden();
  await expect(page.locator('.doc-title')).toBeVisible();
  await page.getByTestId('key-filter').getByRole('button').click();
  await expect(page.getByTestId('key-filter')).toHaveCount(0);
});

test('反馈意见书 from the desk: the whole round into a folder chosen in the desk’s chooser, asked before replacing', async ({ page }) => {
  test.setTimeout(240_000);
  const out = mkdtempSync(join(tmpdir(), 'nianbao-letters-e2e-'));
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  await expect(page.locator('.statusbar')).toContainText('300 份年报', { timeout: 120_000 });
  await page.getByTestId('letters-open').click();
  const dlg = page.getByRole('dialog', { name: '导出反馈意见书' });
  await dlg.getByLabel(/本轮全部年报/).check();
  // Most of the round is not reviewed: written only when included (their letters say so).
  await dlg.getByTestId('letters-include').check();
  await page.screenshot({ path: join(ROOT, '.tmp', 'letters-dialog.png') });
  await dlg.getByTestId('letters-run').click();
  const chooser = page.getByTestId('chooser');
  await chooser.getByLabel('位置', { exact: true }).fill(out);
  await chooser.getByRole('button', { name: '前往' }).click();
  await expect(chooser.getByRole('button', { name: '保存到这个文件夹' })).toBeEnabled();
  await chooser.getByRole('button', { name: '保存到这个文件夹' }).click();
  await expect(page.getByRole('status')).toContainText('已写出 300 份反馈意见书', { timeout: 180_000 });
  expect(readdirSync(out).filter((f) => f.endsWith('.docx'))).toHaveLength(300);
  const first = readdirSync(out).find((f) => f.endsWith('.docx'))!;
  const text = (await mammoth.extractRawText({ path: join(out, first) })).value;
  expect(text).toContain('反馈意见');
  const before = statSync(join(out, first)).mtimeMs;

  // Again into the same folder: the desk asks; declining writes nothing.
  page.once('dialog', (d) => void d.dismiss());
  await page.getByTestId('letters-open').click();
  await dlg.getByLabel(/本轮全部年报/).check();
  await dlg.getByTestId('letters-include').check();
  await dlg.getByTestId('letters-run').click();
  await chooser.getByLabel('位置', { exact: true }).fill(out);
  await chooser.getByRole('button', { name: '前往' }).click();
  await chooser.getByRole('button', { name: '保存到这个文件夹' }).click();
  await expect(dlg.getByTestId('letters-run')).toBeEnabled();
  expect(statSync(join(out, first)).mtimeMs).toBe(before);
});
