// The auditor's daily loop (issue 22), each item in Chromium against the real test host: the finding
// list opens at the top on the first undecided finding; Esc leaves a field; A and F say what is
// wrong; the 评分 tab shows only this report's save time; a stopped desk is said plainly.
import { expect, test, type Page } from '@playwright/test';
import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import mammoth from 'mammoth';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost, ROOT, type Host } from './host';

const FIX = join(ROOT, '..', 'shared', 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'nianbao-daily-'));
copyFileSync(join(FIX, 'real', 'shanghai-office-2019.html'), join(dir, '上海.html'));
copyFileSync(join(FIX, 'seeds', '000_8e8a9cd29e07aedf.txt'), join(dir, '海东.txt'));
copyFileSync(join(FIX, 'seeds', '001_30467e87f80f2712.txt'), join(dir, '卫辉.txt'));

let host: Host;
test.beforeAll(async () => {
  host = await startHost([dir]);
});
test.afterAll(async () => {
  await host?.stop();
});

async function ready(page: Page) {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
}
async function open(page: Page, agency: string) {
  await page.locator('.queue-row', { hasText: agency }).first().click();
  await expect(page.locator('[data-testid="original"]')).toHaveAttribute('data-ready', /.+/);
  await expect(page.locator('.doc-title')).toContainText(agency.slice(0, 3));
}
/** The finding list is at its top: scrolled at most by the sticky tab bar, and the first finding in view. */
async function atTop(page: Page) {
  await expect.poll(() => page.getByTestId('findings-pane').evaluate((el) => el.scrollTop)).toBeLessThan(40);
  const pane = (await page.getByTestId('findings-pane').boundingBox())!;
  const first = (await page.locator('ol.findings > li.finding').first().boundingBox())!;
  expect(first.y).toBeGreaterThanOrEqual(pane.y);
  expect(first.y).toBeLessThan(pane.y + pane.height);
}
const toast = (page: Page) => page.locator('.toast');

test('each finding list opens at the top with the first undecided finding active', async ({ page }) => {
  await ready(page);
  await open(page, '上海市人民政府办公厅');
  const items = page.locator('ol.findings > li.finding');
  expect(await items.count()).toBeGreaterThan(5);
  // Decide the first finding; scroll the list down.
  await items.first().click();
  await page.keyboard.press('x');
  await expect(items.first()).toHaveClass(/v-dismissed/);
  await page.getByTestId('findings-pane').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await open(page, '海东市');
  await atTop(page);
  await expect(items.first()).toHaveClass(/active/);
  await page.getByTestId('findings-pane').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await open(page, '上海市人民政府办公厅');
  await atTop(page);
  // The first one is decided: the second (the first undecided) is the active one.
  await expect(items.nth(1)).toHaveClass(/active/);
  await expect(items.first()).not.toHaveClass(/active/);
});

test('Esc leaves a text field: the next key is a desk key, not a letter in the field', async ({ page }) => {
  await ready(page);
  await open(page, '卫辉市');
  await page.getByRole('tab', { name: '评分' }).click();
  const note = page.getByTestId('overall-comment');
  await note.click();
  await page.keyboard.type('总体');
  await page.keyboard.press('Escape');
  await expect(note).not.toBeFocused();
  await page.keyboard.press('j');
  await expect(note).toHaveValue('总体');
});

test('A with nothing selected says what to select', async ({ page }) => {
  await ready(page);
  await open(page, '卫辉市');
  await page.keyboard.press('a');
  await expect(toast(page)).toContainText('请先在原文中选中文字');
});

test('F with 待定 findings warns that they are still 待定', async ({ page }) => {
  await ready(page);
  await open(page, '海东市');
  const items = page.locator('ol.findings > li.finding');
  const n = await items.count();
  for (let i = 0; i < n; i++) {
    await items.nth(i).click();
    await page.keyboard.press(i === 0 ? 'd' : 'x');
  }
  await expect(page.locator('ol.findings > li.finding.v-pending')).toHaveCount(1);
  await page.keyboard.press('f');
  await expect(toast(page)).toContainText('待定');
  await page.keyboard.press('Control+z');
});

test('the 评分 tab shows the save time of this report only', async ({ page }) => {
  await ready(page);
  await open(page, '卫辉市');
  await page.getByRole('tab', { name: '评分' }).click();
  await page.getByLabel('按时发布', { exact: true }).fill('10');
  await expect(page.getByTestId('score-state')).toContainText('已自动保存');
  await open(page, '海东市');
  await page.getByRole('tab', { name: '评分' }).click();
  await expect(page.getByTestId('score-state')).not.toContainText('已自动保存');
});

test('a stopped desk is said plainly; a typed score stays and the message is Chinese', async ({ page }) => {
  const own = await startHost([join(dir, '卫辉.txt')]);
  let stopped = false;
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(own.url);
    await page.waitForSelector('body[data-ready="1"]');
    await page.locator('.queue-row').first().click();
    await page.getByRole('tab', { name: '评分' }).click();
    await own.stop();
    stopped = true;
    await expect(page.getByTestId('desk-gone')).toContainText('年报审阅台已停止', { timeout: 15_000 });
    await page.getByLabel('按时发布', { exact: true }).fill('9');
    await expect(page.getByLabel('按时发布', { exact: true })).toHaveValue('9');
    await expect(toast(page)).toContainText('年报审阅台已停止', { timeout: 10_000 });
    await expect(page.locator('body')).not.toContainText('Failed to fetch');
  } finally {
    if (!stopped) await own.stop();
  }
});

test('letters for a round with reviewed and unreviewed reports: previewed one by one, the unreviewed only when included and said so, no rule id', async ({ page }) => {
  test.setTimeout(180_000);
  const out = mkdtempSync(join(tmpdir(), 'nianbao-letters-daily-'));
  await ready(page);
  // 上海 reviewed: its first finding confirmed, then 完成并下一份.
  await open(page, '上海市人民政府办公厅');
  await page.locator('ol.findings > li.finding').first().click();
  await page.keyboard.press('c');
  await expect(page.locator('ol.findings > li.finding').first()).toHaveClass(/v-confirmed/);
  await page.keyboard.press('f');
  await page.getByTestId('letters-open').click();
  const dlg = page.getByRole('dialog', { name: '导出反馈意见书' });
  await dlg.getByLabel(/本轮全部年报/).check();
  await expect(dlg.getByTestId('letters-count')).toContainText('将写出 1 份意见书；另有 2 份年报尚未审核完成');
  await dlg.getByTestId('letters-preview').locator('summary').click();
  await expect(dlg.getByTestId('letters-preview-text')).toContainText('关于上海市人民政府办公厅2019年');
  await dlg.getByTestId('letters-include').check();
  await expect(dlg.getByTestId('letters-count')).toContainText('将写出 3 份意见书');
  const pick = dlg.getByTestId('letters-preview-pick');
  await pick.selectOption({ label: await pick.locator('option', { hasText: '海东' }).first().innerText() });
  const hd = dlg.getByTestId('letters-preview-text');
  await expect(hd).toContainText('本报告尚未经审核人审阅');
  await expect(hd).toContainText('表三整表未填写');
  await expect(hd).not.toContainText('未发现需要整改的问题');
  await page.screenshot({ path: join(ROOT, '.tmp', 'letters-preview.png') });
  await dlg.getByTestId('letters-run').click();
  const chooser = page.getByTestId('chooser');
  await chooser.getByLabel('位置', { exact: true }).fill(out);
  await chooser.getByRole('button', { name: '前往' }).click();
  await chooser.getByRole('button', { name: '保存到这个文件夹' }).click();
  await expect(page.getByRole('status')).toContainText('已写出 3 份反馈意见书', { timeout: 60_000 });
  const files = readdirSync(out).filter((f) => f.endsWith('.docx'));
  expect(files).toHaveLength(3);
  for (const f of files) {
    const text = (await mammoth.extractRawText({ path: join(out, f) })).value;
    expect(text).not.toMatch(/R-[A-Z]+/);
    if (f.startsWith('海东')) {
      expect(text).toContain('本报告尚未经审核人审阅');
      expect(text).not.toMatch(/未发现[^。]*问题/);
    }
    if (f.startsWith('上海')) expect(text).not.toContain('尚未经审核人审阅');
  }
});
