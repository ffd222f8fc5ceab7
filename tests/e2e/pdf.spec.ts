// A PDF report in the review desk: pages rendered by pdf.js, highlights on the page, text layer.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHost, ROOT, type Host } from './host';
import { chromiumPdf } from '../helpers/docs';

let host: Host;
test.beforeAll(async () => {
  const html = readFileSync(join(ROOT, '..', 'shared', 'fixtures', 'real', 'shanghai-office-2019.html'), 'utf8');
  host = await startHost([chromiumPdf('shanghai', html)]);
});
test.afterAll(async () => host.stop());

test('a PDF opens with its pages; a finding is highlighted on its page', async ({ page }) => {
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  await page.locator('.queue-row').first().click();
  await expect(page.locator('.pdf-page canvas[data-rendered="1"]').first()).toBeAttached({ timeout: 15_000 });
  await expect(page.locator('.pdf-page').first()).toBeVisible();
  await page.locator('[data-rule="R-TEXT-TABLE"]', { hasText: '无法提供265件' }).click();
  const hl = page.locator('.pdf-text .hl-text');
  await expect(hl.filter({ hasText: '265' }).first()).toBeInViewport();
  expect((await hl.allTextContents()).join('').replace(/\s/g, '')).toContain('无法提供265件');
  // Cells of the table on the PDF page.
  await page.locator('[data-cell="requests:total:total"]').click();
  await expect(page.locator('.pdf-text .hl-cell')).toHaveText('805');
  await expect(page.locator('.pdf-text .hl-cell')).toBeInViewport();
  await page.screenshot({ path: join(ROOT, '.tmp/playwright/pdf.png') });
});
