// An auditor's round (issue 14) in Chromium against the real test host: triage, bulk decisions,
// the import summary, scores that cannot go wrong, keyboard, honest banners and layout.
import { expect, test, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { startHost, ROOT, type Host } from './host';

const FIX = join(ROOT, '..', 'shared', 'fixtures');
const SEED = (n: string) => join(FIX, 'seeds', n);
const SHOTS = join(ROOT, '.tmp/screens/workflow'); // outside Playwright's outputDir, which each run empties
const DEHUI = SEED('002_f5d5ef7bb5443bb4.txt');

// A round folder: real reports, two different files both named 年报.txt (same agency and year),
// an identical copy, a short text that is not a report, an empty PDF and an old Word file.
const dir = mkdtempSync(join(tmpdir(), 'nianbao-round-'));
for (const d of ['a', 'b', 'c']) mkdirSync(join(dir, d));
copyFileSync(SEED('004_6174489a5f7162cb.txt'), join(dir, '聊城.txt'));
copyFileSync(SEED('000_8e8a9cd29e07aedf.txt'), join(dir, '海东.txt'));
copyFileSync(join(FIX, 'real', 'shanghai-office-2019.html'), join(dir, '上海.html'));
copyFileSync(DEHUI, join(dir, 'a', '年报.txt'));
writeFileSync(join(dir, 'b', '年报.txt'), readFileSync(DEHUI, 'utf8') + '\n（修订稿）\n');
copyFileSync(DEHUI, join(dir, 'c', '副本.txt'));
writeFileSync(join(dir, '说明.txt'), '请见附件。\n');
writeFileSync(join(dir, '空.pdf'), '');
writeFileSync(join(dir, '旧版.doc'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));

let host: Host;
test.beforeAll(async () => {
  host = await startHost([dir]);
});
test.afterAll(async () => {
  await host.stop();
});

async function ready(page: Page) {
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
}
async function open(page: Page, agency: string, year?: number) {
  const row = page.locator('.queue-row', { hasText: agency }).filter({ hasText: year ? String(year) : '' }).first();
  await row.click();
  await expect(page.locator('[data-testid="original"]')).toHaveAttribute('data-ready', /.+/);
}
const row = (page: Page, agency: string, year?: number) => page.locator('.queue-row', { hasText: agency }).filter({ hasText: year ? String(year) : '' }).first();

test('1 triage: filters, sort by year, 已判定/全部, round counter, an empty filter says which, 完成并下一份', async ({ page }) => {
  await ready(page);
  const rows = page.locator('.queue-row');
  await expect(rows).toHaveCount(9); // 聊城 ×5, 海东, 上海, 德惠 ×2 (the identical copy once)
  const counter = page.getByTestId('round');
  await expect(counter).toContainText('已完成 0/9 份');
  const total = Number((await counter.textContent())!.match(/未判定问题 (\d+) 个/)![1]);
  expect(total).toBeGreaterThan(20);
  // 已判定 / 全部 for the Shanghai report.
  const sh = row(page, '上海市人民政府办公厅');
  const n = Number((await sh.getByTestId('decided').textContent())!.split('/')[1]);
  await expect(sh.getByTestId('decided')).toHaveText(`0/${n}`);

  // Filters: by rule, with warnings, by year, by format, by status.
  await page.getByLabel('规则', { exact: true }).selectOption('R-SUM-ROW');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('上海市人民政府办公厅');
  await page.getByLabel('规则', { exact: true }).selectOption('');
  await page.getByLabel('年度', { exact: true }).selectOption('2019');
  const y2019 = await rows.count();
  expect(y2019).toBeGreaterThanOrEqual(2);
  for (let i = 0; i < y2019; i++) await expect(rows.nth(i).locator('.num').first()).toHaveText('2019');
  await page.getByLabel('格式', { exact: true }).selectOption('2021');
  // No 2019 report uses the 2021 format: the empty list names both filters.
  await expect(page.getByTestId('queue-empty')).toContainText('没有符合筛选条件的年报（格式 2021 版、2019 年度）');
  await page.screenshot({ path: join(SHOTS, 'wf-empty-filter.png') });
  await page.getByTestId('queue-empty').getByRole('button', { name: '清除筛选' }).click();
  await expect(rows).toHaveCount(9);
  await page.getByRole('button', { name: '有警告' }).click();
  const warned = await rows.count();
  for (let i = 0; i < warned; i++) expect(Number(await rows.nth(i).locator('.num').nth(3).textContent())).toBeGreaterThan(0);
  await page.getByRole('button', { name: '有警告' }).click();

  // Sort by year: newest first.
  await page.getByLabel('排序').selectOption('year');
  const years = (await rows.locator('.num:first-of-type').allTextContents()).map(Number);
  const yearsShown = await rows.evaluateAll((els) => els.map((e) => Number(e.querySelectorAll('.num')[0]!.textContent)));
  void years;
  expect(yearsShown).toEqual([...yearsShown].sort((a, b) => b - a));
  await page.getByLabel('排序').selectOption('agency');

  // 完成并下一份 (button, then the F key): done, and the next report not done opens.
  await open(page, '聊城市机关事务管理局', 2023);
  await page.getByTestId('finish-next').click();
  await expect(row(page, '聊城市机关事务管理局', 2023).locator('.status')).toHaveText('已完成');
  // Done with findings undecided is allowed, and said.
  await expect(page.locator('.toast')).toContainText(/已将 聊城市机关事务管理局 2023 标为已完成，但还有 \d+ 个问题未判定/);
  await expect(page.locator('.doc-title')).toContainText('2022');
  await page.keyboard.press('f');
  await expect(row(page, '聊城市机关事务管理局', 2022).locator('.status')).toHaveText('已完成');
  await expect(page.locator('.doc-title')).toContainText('2021');
  await expect(counter).toContainText('已完成 2/9 份');
  await page.getByLabel('状态', { exact: true }).selectOption('done');
  await expect(rows).toHaveCount(2);
  await expect(counter).toContainText('（列表中 2 份）');
  await page.getByLabel('状态', { exact: true }).selectOption('');
  await page.getByRole('button', { name: '有未判定' }).click();
  // Only reports with findings left to decide (a report without findings has nothing to decide).
  const open_ = await rows.evaluateAll((els) => els.map((e) => e.querySelector('[data-testid=decided]')!.textContent!.split('/').map(Number)));
  expect(open_.length).toBeGreaterThan(0);
  for (const [d, all] of open_) expect(d!).toBeLessThan(all!);
  await page.screenshot({ path: join(SHOTS, 'wf-triage.png') });
});

test('1 triage: same-named and identical files are told apart; sibling chips show file names where years repeat', async ({ page }) => {
  await ready(page);
  const dehui = page.locator('.queue-row', { hasText: '德惠市机关事务管理局' });
  await expect(dehui).toHaveCount(2);
  // Same name 年报.txt in folders a and b: the folder is shown, the path is in the tooltip.
  await expect(dehui.nth(0).locator('.folder-hint')).toHaveText(/^…\/(a|b)\/$/);
  const tips = await dehui.evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
  expect(tips.some((t) => t.startsWith(join(dir, 'a', '年报.txt')) && t.includes(join(dir, 'c', '副本.txt')))).toBe(true);
  expect(tips.some((t) => t.startsWith(join(dir, 'b', '年报.txt')))).toBe(true);
  await expect(dehui.locator('.tag', { hasText: '另有 1 个相同文件' })).toHaveCount(1);
  // The folder column on demand.
  await page.getByLabel('显示文件夹').check();
  await expect(dehui.first().getByTestId('folder')).toContainText('/a');
  await page.screenshot({ path: join(SHOTS, 'wf-folders.png') });
  // Chips of the other years: the repeated year carries the file names.
  await dehui.first().click();
  const chips = page.getByTestId('sibling');
  await expect(chips).toHaveCount(2);
  const chipText = (await chips.allTextContents()).sort();
  expect(chipText).toEqual(['2020 · …/a/年报.txt', '2020 · …/b/年报.txt']);
  const chipTips = await chips.evaluateAll((els) => els.map((e) => e.getAttribute('title')));
  expect(new Set(chipTips).size).toBe(2);
  await page.locator('.siblings').screenshot({ path: join(SHOTS, 'wf-siblings.png') });
});

test('2 bulk: all eleven row totals of one rule in a report at once, one history line each, one undo step (status too)', async ({ page }) => {
  await ready(page);
  await open(page, '上海市人民政府办公厅');
  await page.locator('[data-rule="R-SUM-ROW"]').first().click();
  const same = page.getByTestId('same-rule');
  await expect(same).toContainText('本报告 R-SUM-ROW 共 11 个');
  await same.getByRole('button', { name: '全部不是问题' }).click();
  await expect(page.locator('[data-rule="R-SUM-ROW"].v-dismissed')).toHaveCount(11);
  const sh = row(page, '上海市人民政府办公厅');
  await expect(sh.locator('.status')).toHaveText('审核中');
  const n = Number((await sh.getByTestId('decided').textContent())!.split('/')[1]);
  await expect(sh.getByTestId('decided')).toHaveText(`11/${n}`);
  await page.locator('.tab', { hasText: '修改记录' }).click();
  await expect(page.locator('.history li', { hasText: 'R-SUM-ROW 判定为“不是问题”' })).toHaveCount(11);
  await page.screenshot({ path: join(SHOTS, 'wf-bulk-report.png') });
  await page.locator('.toolbar button', { hasText: '撤销' }).click();
  await expect(sh.getByTestId('decided')).toHaveText(`0/${n}`);
  await expect(sh.locator('.status')).toHaveText('未审');
  await page.locator('.tab', { hasText: '问题' }).first().click();
  await expect(page.locator('[data-rule="R-SUM-ROW"].v-dismissed')).toHaveCount(0);
});

test('2 bulk: one rule across the reports selected in the queue', async ({ page }) => {
  await ready(page);
  const lc = page.locator('.queue-row', { hasText: '聊城市机关事务管理局' });
  // The first, then Shift+click the third: the range is selected.
  await lc.nth(0).locator('input[type=checkbox]').check();
  await lc.nth(2).locator('input[type=checkbox]').click({ modifiers: ['Shift'] });
  await expect(lc.nth(1).locator('input[type=checkbox]')).toBeChecked();
  const bar = page.getByRole('group', { name: '批量判定' });
  await expect(bar).toContainText('已选 3 份');
  const rule = await bar.getByLabel('要判定的规则').inputValue();
  expect(rule).toMatch(/^R-/);
  await page.screenshot({ path: join(SHOTS, 'wf-bulk-queue.png') });
  await bar.getByRole('button', { name: '全部确认问题' }).click();
  await expect(page.locator('.toast')).toContainText('可一步撤销');
  // Every selected report that has the rule now has those findings decided.
  const decided = await lc.evaluateAll((els) => els.slice(0, 3).map((e) => e.querySelector('[data-testid=decided]')!.textContent!));
  expect(decided.some((d) => !d.startsWith('0/'))).toBe(true);
  // Open a selected report that has the rule (not every one of them does).
  await lc.nth(decided.findIndex((d) => !d.startsWith('0/'))).click();
  await expect(page.locator(`[data-rule="${rule}"]`).first()).toHaveClass(/v-confirmed/);
  await page.keyboard.press('Control+z');
  await expect(page.locator(`[data-rule="${rule}"].v-confirmed`)).toHaveCount(0);
  const after = await lc.evaluateAll((els) => els.slice(0, 3).map((e) => e.querySelector('.status')!.textContent));
  expect(after.filter((s) => s === '审核中')).toHaveLength(0);
});

test('3 import summary: reports added, not reports, unreadable files with what to do; reopened later', async ({ page }) => {
  await ready(page);
  // Reopen the summary of the import at start.
  await page.getByTestId('summary-open').click();
  const dlg = page.getByTestId('import-summary');
  await expect(dlg.getByTestId('summary-added')).toContainText('已加入 5 个文件，共 9 份年报');
  await expect(dlg.getByTestId('summary-duplicates')).toContainText(join(dir, 'c', '副本.txt'));
  await expect(dlg.getByTestId('summary-not-reports')).toContainText('说明.txt');
  await expect(dlg.getByTestId('summary-not-reports')).toContainText('这是一个纯文本文件，只有 5 个字，不是年报');
  await expect(dlg.getByTestId('summary-not-reports')).not.toContainText('扫描');
  const bad = dlg.getByTestId('summary-unreadable');
  await expect(bad).toContainText('旧版.doc');
  await expect(bad).toContainText('怎么办：用 Word 或 WPS 另存为 DOCX 或 PDF 后再导入');
  await expect(bad).toContainText('空.pdf');
  await dlg.screenshot({ path: join(SHOTS, 'wf-import-summary.png') });
  await dlg.getByRole('button', { name: '关闭' }).click();
  await expect(dlg).toHaveCount(0);
  // A new import opens the dialog when it ends.
  const more = mkdtempSync(join(tmpdir(), 'nianbao-more-'));
  copyFileSync(SEED('001_30467e87f80f2712.txt'), join(more, '卫辉.txt'));
  // A damaged Word file: a zip signature, then nothing a zip reader can use (plain text named .docx is read as text).
  writeFileSync(join(more, '坏.docx'), Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 0x37)]));
  // Through the desk's own chooser: 打开文件夹 → the folder's path → 打开此文件夹.
  await page.getByRole('button', { name: '打开文件夹' }).click();
  const chooser = page.getByTestId('chooser');
  await chooser.getByLabel('位置', { exact: true }).fill(more);
  await chooser.getByRole('button', { name: '前往' }).click();
  await expect(chooser.getByLabel('位置', { exact: true })).toHaveValue(more);
  await chooser.getByRole('button', { name: '打开此文件夹' }).click();
  await expect(dlg).toBeVisible({ timeout: 30_000 });
  await expect(dlg.getByTestId('summary-added')).toContainText('卫辉.txt');
  await expect(dlg.getByTestId('summary-unreadable')).toContainText('坏.docx');
  await dlg.getByRole('button', { name: '关闭' }).click();
  // A clean import ends in the dialog too (as the README says), with what to do next; it is in the status bar after.
  const clean = mkdtempSync(join(tmpdir(), 'nianbao-clean-'));
  writeFileSync(join(clean, '干净.txt'), readFileSync(DEHUI, 'utf8') + '\n（第三稿）\n');
  await page.getByRole('button', { name: '打开文件夹' }).click();
  await chooser.getByLabel('位置', { exact: true }).fill(clean);
  await chooser.getByRole('button', { name: '前往' }).click();
  await expect(chooser.getByLabel('位置', { exact: true })).toHaveValue(clean);
  await chooser.getByRole('button', { name: '打开此文件夹' }).click();
  await expect(dlg).toBeVisible({ timeout: 30_000 });
  await expect(dlg.getByTestId('summary-added')).toContainText('干净.txt');
  await expect(dlg.getByTestId('summary-next')).toContainText('所有文件都已加入');
  await dlg.getByRole('button', { name: '关闭' }).click();
  await expect(dlg).toHaveCount(0);
  await page.getByTestId('summary-open').click();
  await expect(dlg.getByTestId('summary-added')).toContainText('干净.txt');
});

test('4 scores: saved as typed, refused over a maximum, marked when the rubric changes, undo takes back the status', async ({ page }) => {
  await ready(page);
  await open(page, '海东市市直机关事务管理局');
  await expect(row(page, '海东市市直机关事务管理局').locator('.status')).toHaveText('未审');
  await page.locator('.tab', { hasText: '评分' }).click();
  const tables = page.getByLabel('统计表完整、数据准确', { exact: true });
  await tables.fill('20');
  await expect(page.getByTestId('score-state')).toContainText('已自动保存');
  await expect(row(page, '海东市市直机关事务管理局').locator('.status')).toHaveText('审核中');
  // Undo (with the focus outside the inputs) takes back the score and the automatic status together.
  await page.locator('.doc-title').click();
  await page.keyboard.press('Control+z');
  await expect(row(page, '海东市市直机关事务管理局').locator('.status')).toHaveText('未审');
  await expect(tables).toHaveValue('');
  // Over the maximum: said at once, never saved.
  await tables.fill('30');
  await expect(page.locator('[data-criterion="tables"]')).toContainText('最多 25 分');
  await expect(page.getByTestId('score-total')).toHaveText('—');
  await page.waitForTimeout(900);
  await expect(page.getByTestId('score-state')).toHaveText('评分无效');
  // Leaving the report with that edit asks first; staying keeps it.
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await row(page, '上海市人民政府办公厅').click();
  await expect.poll(() => asked).toContain('“统计表完整、数据准确”最多 25 分，填写的是 30 分');
  await expect(page.locator('.doc-title')).toContainText('海东市市直机关事务管理局');
  await expect(tables).toHaveValue('30');
  // A full valid score; leaving the report right after typing still saves it.
  await page.locator('.score button', { hasText: '采用建议分' }).click();
  await page.getByLabel('统计表完整、数据准确评分说明').fill('两张表空白，扣分');
  await open(page, '上海市人民政府办公厅');
  await open(page, '海东市市直机关事务管理局');
  await page.locator('.tab', { hasText: '评分' }).click();
  await expect(page.getByLabel('统计表完整、数据准确评分说明')).toHaveValue('两张表空白，扣分');
  const total = await page.getByTestId('score-total').textContent();
  expect(Number(total)).toBeGreaterThan(50);
  await expect(row(page, '海东市市直机关事务管理局').getByTestId('queue-score')).toHaveText(total!);
  // The rubric changes: 统计表 now at most 10 (below the given points). The old score is marked.
  await page.locator('.rubric-tools button', { hasText: '编辑评分表' }).click();
  const modal = page.locator('.modal.wide');
  const tr = modal.locator('tbody tr').filter({ has: page.locator('input[value="统计表完整、数据准确"]') });
  await tr.locator('input[type=number]').first().fill('10');
  await modal.locator('button.primary').click();
  await expect(page.getByTestId('score-warning')).toContainText('按第 1 版评分表评定，现为第 2 版');
  await expect(page.getByTestId('score-warning')).toContainText('1 项超出新满分');
  await expect(page.locator('[data-criterion="tables"]')).toContainText('超出新满分 10');
  await expect(page.getByTestId('score-total')).toHaveText('—');
  await expect(row(page, '海东市市直机关事务管理局').getByTestId('queue-score')).toHaveText('⚠');
  await page.screenshot({ path: join(SHOTS, 'wf-score-stale.png') });
  // The workbook exported now (through the desk's chooser) says so: version, problem, no total, comments.
  const out = mkdtempSync(join(tmpdir(), 'nianbao-xlsx-'));
  await page.getByRole('button', { name: '导出评审表' }).click();
  const chooser = page.getByTestId('chooser');
  await chooser.getByLabel('位置', { exact: true }).fill(out);
  await chooser.getByRole('button', { name: '前往' }).click();
  await expect(chooser.getByLabel('位置', { exact: true })).toHaveValue(out);
  await chooser.getByLabel('文件名', { exact: true }).fill('改版后.xlsx');
  await chooser.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.locator('.toast')).toContainText('已导出', { timeout: 30_000 }); // charts are drawn with the shipped font: seconds under load
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(out, '改版后.xlsx'));
  const ws = wb.getWorksheet('评分汇总')!;
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const hd = ws.getRows(2, ws.rowCount - 1)!.map((r) => Object.fromEntries(header.map((h, i) => [h, (r.values as unknown[])[i + 1] ?? null]))).find((r) => r['单位'] === '海东市市直机关事务管理局')!;
  expect(hd['总分']).toBeNull();
  expect(hd['评分表版本']).toBe('第 1 版');
  expect(String(hd['评分问题'])).toContain('超出新满分：“统计表完整、数据准确”');
  expect(hd['统计表完整、数据准确（10）']).toBe(25);
  expect(hd['统计表完整、数据准确说明']).toBe('两张表空白，扣分');
  // Re-scored under the new version: valid again.
  await tables.fill('8');
  await expect(page.getByTestId('score-state')).toContainText('已自动保存');
  await expect(page.getByTestId('score-warning')).toHaveCount(0);
  await expect(row(page, '海东市市直机关事务管理局').getByTestId('queue-score')).not.toHaveText('⚠');
});

test('5 keyboard: D for 待定; keys act only on visible findings; a typed comment is kept when focus leaves', async ({ page }) => {
  await ready(page);
  await open(page, '聊城市机关事务管理局', 2020);
  await expect(page.locator('.finding').first()).toBeVisible();
  await page.keyboard.press('j');
  const active = page.locator('.finding.active');
  await expect(active).toHaveCount(1, { timeout: 3000 });
  const fp = await active.getAttribute('data-fingerprint');
  await page.keyboard.press('d');
  await expect(page.locator(`[data-fingerprint="${fp}"] .verdict.pending.on`)).toBeVisible();
  // On the 评分 tab the findings are hidden: C does nothing.
  await page.keyboard.press('j');
  const fp2 = await page.locator('.finding.active').getAttribute('data-fingerprint');
  await page.locator('.tab', { hasText: '评分' }).click();
  await page.locator('.doc-title').click();
  await page.keyboard.press('c');
  await page.waitForTimeout(500);
  await page.locator('.tab', { hasText: '问题' }).first().click();
  await expect(page.locator(`[data-fingerprint="${fp2}"]`)).not.toHaveClass(/v-confirmed/);
  // A comment typed on an undecided finding survives focus leaving, another finding, another tab.
  await page.locator(`[data-fingerprint="${fp2}"]`).click();
  await page.locator('.finding.active .comment').fill('表内数字与正文一致，系排版问题');
  await page.locator('.doc-title').click();
  await expect(page.locator('.finding.active')).toContainText('说明已保留');
  await page.keyboard.press('k');
  await page.locator('.tab', { hasText: '评分' }).click();
  await page.locator('.tab', { hasText: '问题' }).first().click();
  await page.locator(`[data-fingerprint="${fp2}"]`).click();
  await expect(page.locator('.finding.active .comment')).toHaveValue('表内数字与正文一致，系排版问题');
  await page.locator('.doc-title').click();
  await page.keyboard.press('x');
  await expect(page.locator(`[data-fingerprint="${fp2}"] .verdict.dismissed.on`)).toBeVisible();
  await page.keyboard.press('j');
  await expect(page.locator(`[data-fingerprint="${fp2}"]`)).toHaveClass(/v-dismissed/);
  await page.locator('.tab', { hasText: '修改记录' }).click();
  await expect(page.locator('.history')).toContainText('判定为“不是问题”：表内数字与正文一致，系排版问题');
  await page.screenshot({ path: join(SHOTS, 'wf-keyboard.png') });
});

test('7 layout: the status bar stays at the bottom without a banner', async ({ page }) => {
  await ready(page);
  await expect(page.getByTestId('sample-banner')).toHaveCount(0);
  const bar = (await page.locator('.statusbar').boundingBox())!;
  // A one-line bar at the very bottom (not stretched over the free space, not floating above it).
  expect(Math.round(bar.y + bar.height)).toBe(900);
  expect(bar.height).toBeLessThan(40);
  const panes = (await page.locator('.panes').boundingBox())!;
  expect(Math.round(panes.y + panes.height)).toBe(Math.round(bar.y));
});

test('7 honest sample banner, status bar at the bottom with the banner', async ({ page }) => {
  const sample = await startHost([]);
  let stopped = false;
  try {
    await page.goto(sample.url);
    await page.waitForSelector('body[data-ready="1"]');
    const banner = page.getByTestId('sample-banner');
    await expect(banner).toContainText('对示例的判定、批注和评分会保存到审核数据文件');
    await expect(banner).toContainText(sample.storePath);
    const bar = (await page.locator('.statusbar').boundingBox())!;
    expect(Math.round(bar.y + bar.height)).toBe(900);
    expect(bar.height).toBeLessThan(40);
    await page.screenshot({ path: join(SHOTS, 'wf-sample-banner.png') });
    // What the banner says is true: a decision on a sample is in the store after a restart.
    await page.locator('.queue-row:has(.num.err)').first().click();
    await expect(page.locator('[data-testid="original"]')).toHaveAttribute('data-ready', /.+/);
    await page.keyboard.press('j');
    const fp = await page.locator('.finding.active').getAttribute('data-fingerprint');
    await page.keyboard.press('c');
    await expect(page.locator('.finding.active .verdict.confirmed.on')).toBeVisible();
    await sample.stop();
    stopped = true;
    const again = await startHost([], { store: sample.storePath });
    try {
      await page.goto(again.url);
      await page.waitForSelector('body[data-ready="1"]');
      await page.locator('.queue-row:has(.num.err)').first().click();
      await expect(page.locator(`[data-fingerprint="${fp}"] .verdict-badge`)).toHaveText('确认问题');
    } finally {
      await again.stop();
    }
  } finally {
    if (!stopped) await sample.stop();
  }
});
