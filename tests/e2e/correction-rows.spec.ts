// "This row belongs to another label", in the browser desk on the real test host. A PDF (printed by
// Chromium at test time) whose table 三 labels its first result row "（一）予以公开（含部分公开）": the
// reader takes that row for （二）部分公开 and loses the real （二） row, so the results no longer add
// up. The auditor opens a cell of the row, says the row is （一）予以公开; the report is re-read, the
// R-SUM-RESULTS findings go, 修改记录 shows it, undo restores the reading, redo the correction.
// Then a DOCX (LibreOffice, at test time) whose （一） row is printed "（一）同意公开": the reader matches
// it to no row; the desk lists it above the tables and the auditor says which row it is.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { startHost, ROOT, type Host } from './host';
import { chromiumPdf, soffice } from '../helpers/docs';
import { buildReport, consistentRequests } from '../helpers/reportgen';

let seed = 5;
const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const req = consistentRequests(rand, 40);
const PRINTED = '（一）予以公开（含部分公开）';
const html = buildReport({ layout: 'html', requests: req, agency: '测试市水利局', year: 2023 }).replace('（一）予以公开', PRINTED);
const COLS = ['natural', 'business', 'research', 'nonprofit', 'legal', 'other_org', 'total'];
const shown = (v: number | string) => String(v);

const docx = soffice({ name: 'row-unmatched-2023.html', content: html.replace(PRINTED, '（一）同意公开').replaceAll('测试市水利局', '测试市林业局') }, 'docx');

let host: Host;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  host = await startHost([chromiumPdf('row-misread-2023', html), docx]);
});
test.afterAll(async () => host?.stop());

test('a row read under the wrong label: the auditor names its row, the report is re-read; 修改记录; undo', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  await page.locator('.queue-row', { hasText: '测试市水利局' }).click();
  const cell = (row: string, col: string) => page.locator(`td[data-cell="requests:${row}:${col}"]`);
  // The misreading: （一）'s values stand under （二）部分公开, （一） is missing, the results do not add up.
  await expect(cell('partial', 'total')).toHaveText(shown(req.granted![6]!), { timeout: 60_000 });
  await expect(cell('granted', 'total')).toHaveAttribute('data-status', 'missing');
  const results = page.locator('[data-rule="R-SUM-RESULTS"]:not([data-settled])');
  await expect(results.first()).toBeVisible();
  const before = await results.count();
  expect(before).toBeGreaterThan(0);

  // Open a cell of the row (keyboard: focus, Enter) and say which row it is.
  await cell('partial', 'natural').focus();
  await page.keyboard.press('Enter');
  const box = page.getByTestId('row-point-box');
  // The label as the reader took it (the merged group cell's words come with it), and its reading.
  await expect(box).toContainText(new RegExp(`本行原文标签“[^”]*${PRINTED.replace(/[（）]/g, '.')}”，读作“（二）部分公开`));
  await page.screenshot({ path: join(ROOT, '.tmp/playwright/correction-row-editor.png') });
  await page.getByTestId('row-point').selectOption('granted');

  // Re-read: both rows as printed, the findings of the misreading gone.
  for (const [i, c] of COLS.entries()) {
    await expect(cell('granted', c)).toHaveText(req.granted![i] === '' ? '' : shown(req.granted![i]!));
    await expect(cell('partial', c)).toHaveText(req.partial![i] === '' ? '' : shown(req.partial![i]!));
  }
  await expect(results).toHaveCount(0);
  // The list says they went with a correction, not with the agency.
  await expect(page.locator('[data-settled^="R-SUM-RESULTS:"]')).toHaveCount(before);
  await page.screenshot({ path: join(ROOT, '.tmp/playwright/correction-row.png') });
  await page.locator('.tab', { hasText: '修改记录' }).click();
  await expect(page.locator('.history')).toContainText(/更正 表三 “[^”]*（含部分公开）”一行：这一行是“（一）予以公开”（读作“（二）部分公开/);

  // Undo restores the reading and its findings; redo brings the correction back.
  await page.getByRole('button', { name: '撤销' }).click();
  await expect(cell('partial', 'total')).toHaveText(shown(req.granted![6]!));
  await expect(results).toHaveCount(before);
  await page.getByRole('button', { name: '重做' }).click();
  await expect(cell('granted', 'total')).toHaveText(shown(req.granted![6]!));
  await expect(results).toHaveCount(0);
});

test('a row whose label matched no row: listed above the tables, the auditor says which row it is; undo', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  await page.locator('.queue-row', { hasText: '测试市林业局' }).click();
  const cell = (row: string, col: string) => page.locator(`td[data-cell="requests:${row}:${col}"]`);
  await expect(cell('granted', 'total')).toHaveAttribute('data-status', 'missing', { timeout: 60_000 });
  const results = page.locator('[data-rule="R-SUM-RESULTS"]:not([data-settled])');
  await expect(results.first()).toBeVisible();
  const before = await results.count();
  const fixes = page.getByTestId('row-fixes');
  await expect(fixes).toContainText('1 行未能对上表格中的行');
  await expect(fixes.locator('li')).toContainText('同意公开');
  await page.screenshot({ path: join(ROOT, '.tmp/playwright/correction-row-unmatched.png') });
  await fixes.getByTestId('row-fix').selectOption('granted');
  for (const [i, c] of COLS.entries()) await expect(cell('granted', c)).toHaveText(req.granted![i] === '' ? '' : shown(req.granted![i]!));
  await expect(results).toHaveCount(0);
  await expect(fixes).toHaveCount(0);
  await page.locator('.tab', { hasText: '修改记录' }).click();
  await expect(page.locator('.history')).toContainText(/同意公开”一行：这一行是“（一）予以公开”/);
  await page.getByRole('button', { name: '撤销' }).click();
  await expect(fixes).toContainText('同意公开');
  await expect(cell('granted', 'total')).toHaveAttribute('data-status', 'missing');
  await expect(results).toHaveCount(before);
});
