// The review desk in Chromium against the real services: open → queue → review → finding → the
// original scrolls and highlights; decisions, annotations and scores persist.
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { startHost, ROOT, type Host } from './host';

const FIX = join(ROOT, '..', 'shared', 'fixtures');
const files = [join(FIX, 'real', 'shanghai-office-2019.html'), join(FIX, 'seeds', '004_6174489a5f7162cb.txt'), join(FIX, 'seeds', '000_8e8a9cd29e07aedf.txt')];
let host: Host;

test.beforeAll(async () => {
  host = await startHost(files);
});
test.afterAll(async () => {
  await host.stop();
});

async function open(page: Page, agency: string, year?: number) {
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  const row = page.locator('.queue-row', { hasText: agency }).filter({ hasText: year ? String(year) : '' }).first();
  await row.click();
  await expect(page.locator('[data-testid="original"]')).toHaveAttribute('data-ready', /.+/);
}

test('the queue lists every report of the files, in Chinese', async ({ page }) => {
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  await expect(page.locator('.queue-row')).toHaveCount(7);
  await expect(page.locator('.queue-row', { hasText: '聊城市机关事务管理局' })).toHaveCount(5);
  await expect(page.locator('.statusbar')).toContainText('7 份年报');
  await page.locator('.search').fill('上海');
  await expect(page.locator('.queue-row')).toHaveCount(1);
  await page.locator('.search').fill('');
  await page.locator('.chip', { hasText: '有错误' }).click();
  await expect(page.locator('.queue-row')).toHaveCount(1); // 海东: two blank tables
  await page.screenshot({ path: join(ROOT, '.tmp/playwright/queue.png') });
});

test('tables carry canonical cell keys and statuses', async ({ page }) => {
  await open(page, '上海市人民政府办公厅');
  await expect(page.locator('[data-cell="requests:received:natural"]')).toHaveText('821');
  await expect(page.locator('[data-cell="requests:received:natural"]')).toHaveAttribute('data-status', 'ok');
  await expect(page.locator('[data-cell="requests:received:research"]')).toHaveAttribute('data-status', 'blank');
  await expect(page.locator('[data-cell="reviews:review:total"]')).toHaveText('7');
  await expect(page.locator('[data-cell="proactive:procurement:amount"]')).toHaveText('251000元');
  // A failed total and the parts it was compared with look different.
  await expect(page.locator('[data-cell="requests:total:total"]')).toHaveAttribute('data-status', 'fail');
  await expect(page.locator('[data-cell="requests:granted:natural"]')).toHaveAttribute('data-role', 'part');
  await expect(page.locator('[data-rule="R-TEXT-TABLE"]')).toHaveCount(3);
  await expect(page.locator('[data-rule="R-SUM-ROW"]').first()).toBeVisible();
});

test('clicking a finding scrolls the original to it and highlights it', async ({ page }) => {
  await open(page, '上海市人民政府办公厅');
  const f = page.locator('[data-rule="R-TEXT-TABLE"]', { hasText: '无法提供265件' });
  await f.click();
  const hl = page.locator('[data-testid="original"] .hl-text');
  await expect(hl.first()).toBeVisible();
  await expect(hl.first()).toBeInViewport();
  const text = (await hl.allTextContents()).join('');
  expect(text.replace(/\s/g, '')).toContain('无法提供265件');
  // Its table cells are marked as the parts compared.
  await expect(page.locator('[data-testid="original"] .hl-part').first()).toBeAttached();
  await page.screenshot({ path: join(ROOT, '.tmp/playwright/finding.png') });

  // A cell click scrolls to the cell.
  await page.locator('[data-cell="requests:carried_out:total"]').click();
  const cell = page.locator('[data-testid="original"] .hl-cell');
  await expect(cell).toHaveText('72');
  await expect(cell).toBeInViewport();
});

test('keyboard: j/k findings, c confirms, n next report; the decision survives a reload and can be undone', async ({ page }) => {
  await open(page, '聊城市机关事务管理局', 2023);
  await page.keyboard.press('j');
  const active = page.locator('.finding.active');
  await expect(active).toHaveAttribute('data-rule', 'R-TEXT-TABLE');
  await page.keyboard.press('c');
  await expect(active.locator('.verdict.confirmed.on')).toBeVisible();
  await page.reload();
  await page.waitForSelector('body[data-ready="1"]');
  await page.locator('.queue-row', { hasText: '2023' }).click();
  await expect(page.locator('[data-rule="R-TEXT-TABLE"] .verdict-badge')).toHaveText('确认问题');
  await expect(page.locator('.queue-row.selected .status')).toHaveText('审核中');
  await page.keyboard.press('Control+z');
  await expect(page.locator('[data-rule="R-TEXT-TABLE"] .verdict-badge')).toHaveCount(0);
  await page.keyboard.press('n');
  await expect(page.locator('.doc-title')).toContainText('2022');
});

test('annotate a text selection; it is drawn in the original and listed', async ({ page }) => {
  await open(page, '海东市市直机关事务管理局');
  // Select "无。" of section 六 in the original.
  await page.evaluate(() => {
    const spans = [...document.querySelectorAll<HTMLElement>('[data-testid="original"] [data-off]')];
    const el = spans.find((s) => s.textContent === '无。')!;
    const r = document.createRange();
    r.selectNodeContents(el);
    const sel = window.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(r);
    el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  });
  await page.keyboard.press('a');
  await expect(page.locator('.modal blockquote')).toHaveText('无。');
  await page.locator('.modal select').first().selectOption('missing');
  await page.locator('.modal textarea').fill('第六部分未说明信息处理费');
  await page.locator('.modal button.primary').click();
  await expect(page.locator('[data-testid="original"] .hl-note')).toHaveText('无。');
  await page.locator('.tab', { hasText: '批注' }).click();
  await expect(page.locator('.note')).toContainText('第六部分未说明信息处理费');
  await expect(page.locator('.note .tag').first()).toHaveText('缺项');
  await page.locator('.tab', { hasText: '修改记录' }).click();
  await expect(page.locator('.history')).toContainText('添加批注');
  await page.screenshot({ path: join(ROOT, '.tmp/playwright/annotation.png') });
});

test('score with suggested deductions; the queue shows the score', async ({ page }) => {
  await open(page, '海东市市直机关事务管理局');
  await page.locator('[data-rule="R-TBL-BLANK"]').first().click();
  await page.keyboard.press('c');
  await page.locator('.tab', { hasText: '评分' }).click();
  await expect(page.locator('[data-testid="score"]')).toContainText('建议 22');
  await page.locator('.score button', { hasText: '采用建议分' }).click();
  await page.locator('.score button.primary').click();
  await expect(page.locator('[data-testid="score-total"]')).toHaveText('97');
  await expect(page.locator('.queue-row.selected [data-testid="queue-score"]')).toHaveText('97');
  await page.screenshot({ path: join(ROOT, '.tmp/playwright/score.png') });
});

test('the test host validates every call against the contract', async ({ request }) => {
  const bad = await request.post(`${host.url}ipc/setStatus`, { data: { key: 'x', status: 'hacked' } });
  expect(bad.status()).toBe(400);
  // No such channel: refused as unknown (404, with a Chinese message), never run.
  const unknown = await request.post(`${host.url}ipc/readFile`, { data: { path: '/etc/passwd' } });
  expect(unknown.status()).toBe(404);
  expect(await unknown.text()).toContain('没有这个操作');
  const extra = await request.post(`${host.url}ipc/getWorkspace`, { data: { evil: 1 } });
  expect(extra.status()).toBe(400);
});

test('settings show the auditor and where the work is stored; the rubric can be edited in the app', async ({ page }) => {
  await open(page, '海东市市直机关事务管理局');
  await page.getByTestId('settings-open').click();
  await expect(page.getByTestId('store-path')).toHaveText(host.storePath);
  await page.locator('.modal input').first().fill('王审核');
  await page.locator('.modal button', { hasText: '保存' }).click();
  await page.locator('.modal button', { hasText: '关闭' }).click();
  await expect(page.getByTestId('settings-open')).toContainText('王审核');
  await page.locator('.tab', { hasText: '评分' }).click();
  await page.locator('.rubric-tools button', { hasText: '编辑评分表' }).click();
  await page.locator('.modal.wide input').first().fill('第二轮评分表');
  await page.locator('.modal.wide button.primary').click();
  await expect(page.locator('.rubric-tools')).toContainText('第二轮评分表 · 第 2 版');
  await page.screenshot({ path: join(ROOT, '.tmp/playwright/rubric.png') });
});

test('two quick verdicts reach the store in the order given, even when the first request is slow', async ({ page }) => {
  await open(page, '聊城市机关事务管理局', 2021);
  await page.keyboard.press('j');
  const fp = await page.locator('.finding.active').getAttribute('data-fingerprint');
  // The first change is held back on the way; the second would overtake it if both were sent at once.
  let first = true;
  await page.route('**/ipc/setDecision', async (route) => {
    if (first) {
      first = false;
      await new Promise((r) => setTimeout(r, 800));
    }
    await route.continue();
  });
  await page.keyboard.press('c');
  await page.keyboard.press('x');
  await expect(page.locator('.finding.active .verdict.dismissed.on')).toBeVisible();
  await page.waitForTimeout(1200);
  await page.unroute('**/ipc/setDecision');
  await open(page, '聊城市机关事务管理局', 2021);
  await expect(page.locator(`[data-fingerprint="${fp}"] .verdict-badge`)).toHaveText('不是问题');
});
