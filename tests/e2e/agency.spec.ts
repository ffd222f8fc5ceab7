// Report header: the auditor sets an agency's type (政府 / 部门) and merges two names of one agency;
// both are kept in the review store and used by the date rule, cross-year checks and the export.
import { expect, test, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { buildReport, zeroRequests } from '../helpers/reportgen';
import { startHost, ROOT, type Host } from './host';

const dir = mkdtempSync(join(tmpdir(), 'nianbao-agency-'));
const req = (receivedIn: number, carriedIn: number, carriedOut: number) => {
  const t = zeroRequests();
  const total = receivedIn + carriedIn - carriedOut;
  const row = (n: number) => [n, 0, 0, 0, 0, 0, n];
  Object.assign(t, { received: row(receivedIn), carried_in: row(carriedIn), granted: row(total), total: row(total), carried_out: row(carriedOut) });
  return t;
};
const files = {
  zone: join(dir, 'zone.txt'),
  y2022: join(dir, 'y2022.txt'),
  y2023: join(dir, 'y2023.txt'),
};
writeFileSync(files.zone, buildReport({ agency: '测试经济技术开发区管委会', date: '2024年2月15日' }));
writeFileSync(files.y2022, buildReport({ agency: '测试县统计局', year: 2022, date: '2023年1月10日', requests: req(10, 0, 3), overview: '二〇二二年工作概述。' }));
writeFileSync(files.y2023, buildReport({ agency: '测试县统计调查中心', year: 2023, date: '2024年1月10日', requests: req(10, 2, 0), overview: '另一年的工作概述。' }));

let host: Host;
test.beforeAll(async () => {
  host = await startHost(Object.values(files));
});
test.afterAll(async () => {
  await host.stop();
});

async function open(page: Page, agency: string) {
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  await page.locator('.queue-row', { hasText: agency }).first().click();
  await expect(page.locator('.doc-title')).toContainText(agency);
}

test('setting an agency to 政府 removes the between-deadlines warning, and survives a restart', async ({ page }) => {
  await open(page, '测试经济技术开发区管委会');
  const late = page.locator('[data-rule="R-DATE-LATE"]');
  await expect(late).toHaveCount(1);
  await expect(late).toContainText('请确认单位类型');
  const select = page.getByLabel('单位类型');
  await expect(select).toHaveValue('auto');
  await expect(select.locator('option[value="auto"]')).toHaveText('自动：政府部门（推断）');
  await page.screenshot({ path: join(ROOT, '.tmp/playwright/agency-type-before.png') });
  await select.selectOption('government');
  await expect(late).toHaveCount(0);
  await expect(select).toHaveValue('government');
  // Kept in the review store (its journal, until the next snapshot).
  const journal = readFileSync(`${host.storePath}.journal`, 'utf8').split('\n').filter((l) => l.includes('agencyTypes'));
  expect(journal.pop()).toContain('"测试经济技术开发区管委会":"government"');
  await page.screenshot({ path: join(ROOT, '.tmp/playwright/agency-type-after.png') });

  await host.stop();
  host = await startHost([], { store: host.storePath });
  await open(page, '测试经济技术开发区管委会');
  await expect(page.getByLabel('单位类型')).toHaveValue('government');
  await expect(page.locator('[data-rule="R-DATE-LATE"]')).toHaveCount(0);
  await page.getByLabel('单位类型').selectOption('auto');
  await expect(page.locator('[data-rule="R-DATE-LATE"]')).toHaveCount(1);
});

test('merging two names pairs their years (R-XYEAR-CARRY) and the export uses the merged name', async ({ page }) => {
  await open(page, '测试县统计调查中心');
  await expect(page.locator('[data-rule="R-XYEAR-CARRY"]')).toHaveCount(0);
  await page.getByRole('button', { name: '合并单位…' }).click();
  await page.getByLabel('与哪个单位是同一单位').fill('测试县统计局');
  await page.screenshot({ path: join(ROOT, '.tmp/playwright/agency-merge-form.png') });
  await page.getByRole('button', { name: '合并', exact: true }).click();
  await expect(page.locator('.agency-merged')).toContainText('已合并到“测试县统计局”');
  await expect(page.locator('[data-rule="R-XYEAR-CARRY"]').first()).toBeVisible();
  await expect(page.locator('[data-rule="R-XYEAR-CARRY"]').first()).toContainText('2022');
  await page.screenshot({ path: join(ROOT, '.tmp/playwright/agency-merged.png') });

  // Export through the desk's own chooser (paths are granted, never sent).
  const out = join(dir, 'export.xlsx');
  await page.getByRole('button', { name: '导出评审表' }).click();
  const chooser = page.getByTestId('chooser');
  await chooser.getByLabel('位置', { exact: true }).fill(dir);
  await chooser.getByRole('button', { name: '前往' }).click();
  await expect(chooser.getByLabel('位置', { exact: true })).toHaveValue(dir);
  await chooser.getByLabel('文件名', { exact: true }).fill('export.xlsx');
  await chooser.getByRole('button', { name: '保存', exact: true }).click();
  await expect.poll(() => existsSync(out), { timeout: 30_000 }).toBe(true);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const names = new Set<string>();
  wb.getWorksheet('评分汇总')!.eachRow((row, i) => {
    if (i > 1) names.add(String(row.getCell(1).value));
  });
  expect(names.has('测试县统计局')).toBe(true);
  expect(names.has('测试县统计调查中心')).toBe(false);

  // Undoing the merge unpairs the years again.
  await page.getByRole('button', { name: '取消合并' }).click();
  await expect(page.locator('[data-rule="R-XYEAR-CARRY"]')).toHaveCount(0);
});
