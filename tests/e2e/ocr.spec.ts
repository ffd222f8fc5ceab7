// A scanned report in the review desk: read by OCR on import, labelled in the queue, low-confidence
// cells marked in the tables, and a cell's box drawn over the scanned page image.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { startHost, ROOT, type Host } from './host';
import { scannedPdfOf } from '../helpers/scan';
import { genReport } from '../bench/ocr';

let host: Host;
test.beforeAll(async () => {
  const scan = scannedPdfOf(genReport().pdf, { dpi: 200, skew: 1.5, noise: 0.35, quality: 70, seal: true });
  host = await startHost([scan]);
});
test.afterAll(async () => host.stop());

test('a scan is read by OCR: queue label, low-confidence cells, the cell box on the page image', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  const row = page.locator('.queue-row').first();
  await expect(row).toBeVisible({ timeout: 240_000 });
  await expect(row.locator('[data-ocr-low]')).toContainText('OCR');
  await row.click();
  await expect(page.locator('.pdf-page canvas[data-rendered="1"]').first()).toBeAttached({ timeout: 30_000 });
  // Every OCR finding carries its tag; low-confidence cells have their own status in the tables.
  await expect(page.locator('[data-ocr]').first()).toBeAttached();
  const low = page.locator('td[data-ocr="low"]');
  expect(await low.count()).toBeGreaterThanOrEqual(1);
  // A cell flagged for its row (the generated table has a blank cell, so that row's sum is off) says why.
  await expect(page.locator('td[data-cell="requests:denied.state_secret:natural"]')).toHaveAttribute('data-ocr', 'low');
  await expect(page.locator('td[data-cell="requests:denied.state_secret:natural"]')).toHaveAttribute('title', /合计与各列之和不符/);
  await low.first().click();
  const hl = page.locator('.pdf-text .hl-cell');
  await expect(hl.first()).toBeInViewport();
  await page.screenshot({ path: join(ROOT, '.tmp/playwright/ocr-low-cell.png') });
  // A confidently read cell is boxed on the image too.
  await page.locator('[data-cell="requests:received:total"]').click();
  await expect(page.locator('.pdf-text .hl-cell')).toHaveText('6833');
  await expect(page.locator('.pdf-text .hl-cell')).toBeInViewport();
  await page.screenshot({ path: join(ROOT, '.tmp/playwright/ocr-cell.png') });
  // Findings on the low-confidence reading say so.
  const tag = page.locator('.f-head [data-ocr="low"]').first();
  await tag.scrollIntoViewIfNeeded();
  await expect(tag).toHaveText('OCR 低置信度');
  await page.screenshot({ path: join(ROOT, '.tmp/playwright/ocr-findings.png') });
});
