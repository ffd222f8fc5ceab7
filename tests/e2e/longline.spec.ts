// One 1 MB line without spaces (issue 11): the original renders it in pieces and the renderer
// stays responsive (a finding click, a scroll and a keypress answer quickly).
import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost, ROOT, type Host } from './host';
import { buildReport } from '../helpers/reportgen';

let host: Host;
test.beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-long-'));
  const file = join(dir, 'long-line.txt');
  // Latin letters, digits and pipes: no break opportunity, and a million would-be table cells.
  const long = 'A1b2|C3d4|'.repeat(Math.ceil(1_048_576 / 10)).slice(0, 1_048_576);
  writeFileSync(file, buildReport({ agency: '长行测试局', overview: `主动公开信息13条。${long}本年度无其他情况。` }));
  host = await startHost([file]);
});
test.afterAll(async () => host.stop());

test('a 1 MB line without spaces does not freeze the renderer', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  const t0 = Date.now();
  await page.locator('.queue-row', { hasText: '长行测试局' }).click();
  await expect(page.locator('[data-testid="original"]')).toHaveAttribute('data-ready', /.+/, { timeout: 30_000 });
  await expect(page.locator('[data-testid="original"] p.long')).toHaveCount(1);
  const opened = Date.now() - t0;
  // Responsive: the main thread answers, scrolling and a cell click paint quickly.
  const ping = Date.now();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(1))));
  const frame = Date.now() - ping;
  const t1 = Date.now();
  await page.locator('[data-testid="original"]').evaluate((e) => (e.scrollTop = e.scrollHeight / 2));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(1))));
  const scrolled = Date.now() - t1;
  const t2 = Date.now();
  await page.locator('[data-cell="requests:received:natural"]').click();
  await expect(page.locator('[data-testid="original"] .hl-cell')).toBeInViewport();
  const located = Date.now() - t2;
  console.log(`1 MB line: open ${opened} ms, next frame ${frame} ms, scroll ${scrolled} ms, cell click → highlight ${located} ms`);
  expect(opened).toBeLessThan(15_000);
  expect(frame).toBeLessThan(1_000);
  expect(scrolled).toBeLessThan(1_000);
  expect(located).toBeLessThan(3_000);
  await page.screenshot({ path: join(ROOT, '.tmp/desk', 'longline.png') });
});
