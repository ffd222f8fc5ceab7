// Every file button works in the browser desk, through the host's own chooser (no test backdoor):
// open a folder, export the workbook (and confirm replacing it), export and import review data and
// the rubric, move the store, and drop files (uploaded, then imported).
import { expect, test, type Page } from '@playwright/test';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startHost, ROOT, type Host } from './host';

const SEEDS = join(ROOT, '..', 'shared', 'fixtures', 'seeds');
const SHOTS = join(ROOT, '.tmp/playwright');
let host: Host;
let home: string;

test.beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'nianbao-home-'));
  mkdirSync(join(home, '年报'));
  mkdirSync(join(home, '.hidden'));
  copyFileSync(join(SEEDS, '002_f5d5ef7bb5443bb4.txt'), join(home, '年报', '德惠.txt'));
  copyFileSync(join(SEEDS, '000_8e8a9cd29e07aedf.txt'), join(home, '年报', '海东.txt'));
  host = await startHost([], { env: { ...process.env, HOME: home } });
});
test.afterAll(async () => {
  await host.stop();
});
test.describe.configure({ mode: 'serial' });

const chooser = (page: Page) => page.getByTestId('chooser');
async function goHome(page: Page) {
  await chooser(page).getByLabel('位置', { exact: true }).fill(home);
  await chooser(page).getByRole('button', { name: '前往' }).click();
  await expect(chooser(page).getByLabel('位置', { exact: true })).toHaveValue(home);
}
async function saveAs(page: Page, name: string) {
  await goHome(page);
  await chooser(page).getByLabel('文件名', { exact: true }).fill(name);
  await chooser(page).getByRole('button', { name: '保存', exact: true }).click();
}

test('open a folder through the chooser', async ({ page }) => {
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  await expect(page.locator('.banner')).toBeVisible(); // samples until real files are opened
  await page.getByRole('button', { name: '打开文件夹' }).click();
  await expect(chooser(page)).toBeVisible();
  await expect(chooser(page).getByLabel('位置', { exact: true })).toHaveValue(home); // starts at the user's home
  await expect(chooser(page).locator('.chooser-entry.folder', { hasText: '年报' })).toBeVisible();
  await expect(chooser(page).locator('.chooser-entry', { hasText: '.hidden' })).toHaveCount(0);
  await chooser(page).locator('.chooser-entry.folder', { hasText: '年报' }).click();
  await expect(chooser(page).getByLabel('位置', { exact: true })).toHaveValue(join(home, '年报'));
  // Its reports are shown, not choosable: the folder is what is opened.
  await expect(chooser(page).locator('.chooser-entry.file')).toHaveCount(2);
  await expect(chooser(page).locator('.chooser-entry.file').first()).toBeDisabled();
  await page.screenshot({ path: join(SHOTS, 'chooser-folder.png') });
  await chooser(page).getByRole('button', { name: '打开此文件夹' }).click();
  await expect(chooser(page)).toHaveCount(0);
  await expect(page.locator('.queue-row', { hasText: '德惠市机关事务管理局' })).toHaveCount(1);
  await expect(page.locator('.queue-row', { hasText: '海东市市直机关事务管理局' })).toHaveCount(1);
  await expect(page.locator('.queue-row')).toHaveCount(2);
  await expect(page.locator('.banner')).toHaveCount(0);
  // Every import ends in its result dialog (issue 22).
  const summary = page.getByTestId('import-summary');
  await expect(summary).toContainText('已加入 2 个文件');
  await summary.getByRole('button', { name: '关闭' }).click();
  await expect(summary).toHaveCount(0);
  // The next chooser offers the folder already opened.
  await page.getByRole('button', { name: '打开文件', exact: true }).click();
  await expect(chooser(page).getByLabel('位置', { exact: true })).toHaveValue(join(home, '年报'));
  await expect(chooser(page).locator('.chooser-places button', { hasText: '年报' })).toBeVisible();
  await chooser(page).locator('.chooser-entry.file', { hasText: '德惠.txt' }).click();
  await expect(chooser(page).getByRole('button', { name: '打开所选（1）' })).toBeEnabled();
  await page.screenshot({ path: join(SHOTS, 'chooser-files.png') });
  await chooser(page).getByRole('button', { name: '取消' }).click();
  await expect(chooser(page)).toHaveCount(0);
  // Escape closes it too, and keys meant for the chooser never act on the report behind it.
  await page.getByRole('button', { name: '打开文件', exact: true }).click();
  await chooser(page).locator('.chooser-entry.file').first().focus();
  await page.keyboard.press('n');
  await page.keyboard.press('Escape');
  await expect(chooser(page)).toHaveCount(0);
  await expect(page.locator('.queue-row.selected')).toHaveCount(0);
});

test('export the workbook where the auditor chooses; replacing a file is confirmed first', async ({ page }) => {
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  await page.getByRole('button', { name: '导出评审表' }).click();
  await expect(chooser(page).getByLabel('文件名', { exact: true })).toHaveValue(/^年报评审表-\d{4}-\d\d-\d\d\.xlsx$/);
  await saveAs(page, '第一轮');
  await expect(page.locator('.toast')).toContainText(`已导出：${join(home, '第一轮.xlsx')}`);
  const file = join(home, '第一轮.xlsx');
  expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
  const before = statSync(file).ino; // written by rename: a new file each time
  // Again, same name: the chooser asks; cancel keeps the file, replace writes it.
  await page.getByRole('button', { name: '导出评审表' }).click();
  await saveAs(page, '第一轮.xlsx');
  await expect(chooser(page).getByRole('alertdialog')).toContainText('已存在');
  await page.screenshot({ path: join(SHOTS, 'chooser-replace.png') });
  await chooser(page).getByRole('alertdialog').getByRole('button', { name: '取消' }).click();
  expect(statSync(file).ino).toBe(before);
  await chooser(page).getByRole('button', { name: '保存', exact: true }).click();
  await chooser(page).getByRole('button', { name: '替换' }).click();
  await expect.poll(() => statSync(file).ino).not.toBe(before);
  await expect(page.locator('.toast')).toContainText('已导出');
});

test('export review data, then import it back; a wrong file is explained', async ({ page }) => {
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  await page.locator('.queue-row', { hasText: '海东市市直机关事务管理局' }).click();
  await page.locator('[data-rule]').first().click();
  await page.keyboard.press('c');
  await expect(page.locator('.toast')).toContainText('已保存');
  await page.getByRole('button', { name: '导出审核数据' }).click();
  await saveAs(page, '审核数据-甲.json');
  await expect(page.locator('.toast')).toContainText('已导出');
  const data = JSON.parse(readFileSync(join(home, '审核数据-甲.json'), 'utf8'));
  expect(Object.keys(data.decisions)).toHaveLength(1);

  await page.getByRole('button', { name: '导入审核数据' }).click();
  // It starts where the last file was chosen.
  await expect(chooser(page).getByLabel('位置', { exact: true })).toHaveValue(home);
  // Only .json files are offered; the xlsx is not.
  await expect(chooser(page).locator('.chooser-entry.file')).toHaveText([/审核数据-甲\.json/]);
  await chooser(page).locator('.chooser-entry.file').first().click();
  await page.screenshot({ path: join(SHOTS, 'chooser-import.png') });
  await chooser(page).getByRole('button', { name: '打开', exact: true }).click();
  await expect(page.locator('.toast')).toContainText('合并');

  // A typed path to a file that is not there: said in the chooser, nothing imported.
  await page.getByRole('button', { name: '导入审核数据' }).click();
  await chooser(page).getByLabel('位置', { exact: true }).fill(join(home, '没有这个文件夹'));
  await chooser(page).getByRole('button', { name: '前往' }).click();
  await expect(chooser(page).getByRole('alert')).toContainText('文件夹不存在');
  await chooser(page).getByRole('button', { name: '取消' }).click();
});

test('export and import the rubric from the score tab', async ({ page }) => {
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  await page.locator('.queue-row', { hasText: '德惠' }).click();
  await page.locator('.tab', { hasText: '评分' }).click();
  const version = await page.locator('.rubric-tools .muted').textContent();
  await page.getByRole('button', { name: '导出评分表' }).click();
  await saveAs(page, '本轮评分表');
  await expect(page.getByTestId('rubric-msg')).toContainText(`已导出：${join(home, '本轮评分表.json')}`);
  const rubric = JSON.parse(readFileSync(join(home, '本轮评分表.json'), 'utf8'));
  expect(rubric.criteria.length).toBeGreaterThan(0);
  await page.getByRole('button', { name: '导入评分表' }).click();
  await goHome(page);
  await chooser(page).locator('.chooser-entry.file', { hasText: '本轮评分表.json' }).click();
  await chooser(page).getByRole('button', { name: '打开', exact: true }).click();
  await expect(page.locator('.rubric-tools .muted')).not.toHaveText(version!);
  await page.screenshot({ path: join(SHOTS, 'chooser-rubric.png') });
});

test('dropped files are uploaded to the workspace folder and imported', async ({ page }) => {
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  const text = readFileSync(join(SEEDS, '004_6174489a5f7162cb.txt'), 'utf8');
  const dt = await page.evaluateHandle((t) => {
    const d = new DataTransfer();
    d.items.add(new File([t], '聊城.txt', { type: 'text/plain' }));
    return d;
  }, text);
  await page.dispatchEvent('.app', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('.app', 'drop', { dataTransfer: dt });
  await expect(page.locator('.queue-row', { hasText: '聊城市机关事务管理局' })).toHaveCount(5, { timeout: 20_000 });
  const uploads = join(dirname(host.storePath), 'uploads');
  const stored = readdirSync(uploads).flatMap((d) => readdirSync(join(uploads, d)));
  expect(stored).toContain('聊城.txt');
});

test('move the store through the chooser', async ({ page }) => {
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  await page.getByTestId('settings-open').click();
  await page.getByRole('button', { name: '更改位置…' }).click();
  await saveAs(page, '移动后的审核数据');
  await expect(page.getByTestId('store-path')).toHaveText(join(home, '移动后的审核数据.json'));
  expect(existsSync(join(home, '移动后的审核数据.json'))).toBe(true);
});
