// The review desk, second pass (issue 13): nothing blanks the app, blank cells are evidence, all the
// evidence together, the original's real table structure, the official table layout, notes on
// cells and precise highlights. Screenshots go to .tmp/desk/.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { join } from 'node:path';
import { startHost, ROOT, type Host } from './host';

const FIX = join(ROOT, '..', 'shared', 'fixtures');
const SHANGHAI = join(FIX, 'real', 'shanghai-office-2019.html');
const LIAOCHENG = join(FIX, 'seeds', '004_6174489a5f7162cb.txt');
const SHOT = (n: string) => join(ROOT, '.tmp/desk', `${n}.png`);
let host: Host;

test.beforeAll(async () => {
  host = await startHost([SHANGHAI, LIAOCHENG]);
});

// No inline style is needed (style-src without 'unsafe-inline'): every test fails on a violation.
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
});
test.afterEach(async ({ page }) => {
  if (page.url().startsWith('http')) expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
});

test('the desk is served with a style-src that forbids inline styles', async ({ request }) => {
  const r = await request.get(host.url);
  const csp = r.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("style-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
});
test.afterAll(async () => host.stop());

async function open(page: Page, agency: string, year?: number) {
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  const rows = page.locator('.queue-row', { hasText: agency });
  await (year ? rows.filter({ has: page.locator('.num', { hasText: new RegExp(`^${year}$`) }) }) : rows).first().click();
  await expect(page.locator('[data-testid="original"]')).toHaveAttribute('data-ready', /.+/);
}

/** The element's box lies inside the viewport and inside its scrolling pane. */
async function inView(l: Locator, pane?: Locator) {
  await expect(l).toBeInViewport();
  const b = (await l.boundingBox())!;
  expect(b.width).toBeGreaterThan(4);
  expect(b.height).toBeGreaterThan(4);
  if (pane) {
    const p = (await pane.boundingBox())!;
    expect(b.y).toBeGreaterThanOrEqual(p.y - 1);
    expect(b.y + b.height).toBeLessThanOrEqual(p.y + p.height + 1);
  }
}

test('1 · a rubric edit with every tab open never blanks the app; unsaved input survives', async ({ page, context }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await open(page, '上海市人民政府办公厅');
  // The rubric edited in the 评分 tab itself.
  await page.getByRole('tab', { name: /评分/ }).click();
  await page.locator('.rubric-tools button', { hasText: '编辑评分表' }).click();
  await page.locator('.modal.wide button', { hasText: '添加评分项' }).click();
  await page.locator('.modal.wide button.primary', { hasText: '保存' }).click();
  await expect(page.locator('.modal.wide')).toHaveCount(0);
  const rows = page.locator('[data-testid="score"] tbody tr');
  await expect(rows.last()).toContainText('新评分项');
  // Then edited from a second window while each tab is open here, with unsaved input in this one.
  const other = await context.newPage();
  await open(other, '上海市人民政府办公厅');
  await other.getByRole('tab', { name: /评分/ }).click();
  let n = await rows.count();
  for (const tab of ['问题', '评分', '批注', '修改记录']) {
    await page.getByRole('tab', { name: new RegExp(tab) }).click();
    if (tab === '问题') {
      await page.locator('.finding').first().click();
      await page.locator('.finding.active .comment').fill('未保存的说明');
    }
    if (tab === '评分') await page.locator('[data-testid="score"] input[type="number"]').first().fill('3');
    await other.locator('.rubric-tools button', { hasText: '编辑评分表' }).click();
    await other.locator('.modal.wide button', { hasText: '添加评分项' }).click();
    await other.locator('.modal.wide button.primary', { hasText: '保存' }).click();
    await expect(other.locator('.modal.wide')).toHaveCount(0);
    n++;
    await expect(page.locator('.rubric-tools')).toContainText(/第 \d+ 版/, { timeout: 100 }).catch(() => undefined);
    await page.waitForTimeout(400);
    await expect(page.locator('[data-pane-error]')).toHaveCount(0);
    await expect(page.locator('[data-testid="original"]')).toBeVisible();
    await expect(page.locator('[data-cell="requests:total:total"]')).toBeVisible();
    if (tab === '评分') {
      await expect(rows).toHaveCount(n);
      await expect(page.locator('[data-testid="score"] input[type="number"]').first()).toHaveValue('3');
    }
  }
  await page.getByRole('tab', { name: /问题/ }).click();
  await page.getByRole('tab', { name: /评分/ }).click();
  await expect(rows).toHaveCount(n);
  await page.getByRole('tab', { name: /问题/ }).click();
  await expect(page.locator('.finding.active .comment')).toHaveValue('未保存的说明');
  expect(errors).toEqual([]);
  await page.screenshot({ path: SHOT('1-rubric') });
  await other.close();
});

test('1 · a pane that fails shows what failed and 重新载入; the other panes and typed input survive', async ({ page }) => {
  // The history comes back malformed: only that pane fails.
  await page.route('**/ipc/getHistory', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify([{ seq: 1, at: null, by: 'x', what: 'y' }]) }));
  await open(page, '上海市人民政府办公厅');
  await page.locator('.finding').first().click();
  await page.locator('.finding.active .comment').fill('正在输入');
  await page.getByRole('tab', { name: /修改记录/ }).click();
  const failed = page.locator('[data-pane-error="修改记录"]');
  await expect(failed).toBeVisible();
  await expect(failed).toContainText('修改记录区域出错');
  await expect(page.locator('[data-cell="requests:total:total"]')).toBeVisible();
  await expect(page.locator('[data-testid="original"]')).toBeVisible();
  await page.screenshot({ path: SHOT('1-pane-error') });
  await page.unroute('**/ipc/getHistory');
  await failed.getByRole('button', { name: '重新载入' }).click();
  await expect(failed).toHaveCount(0);
  await expect(page.locator('.history, .pad')).toBeVisible();
  await page.getByRole('tab', { name: /问题/ }).click();
  await expect(page.locator('.finding.active .comment')).toHaveValue('正在输入');
});

/** Every evidence marker of the original is inside the viewport and the original's pane, or chips are offered. */
async function evidenceShown(page: Page) {
  const pane = page.locator('[data-testid="original"]');
  const marks = pane.locator('[data-evidence="total"], [data-evidence="part"], [data-evidence="text"]');
  const n = await marks.count();
  expect(n).toBeGreaterThan(0);
  if (await page.locator('.ev-chips').count()) return false;
  for (let i = 0; i < n; i++) await inView(marks.nth(i), pane);
  return true;
}

test('2 · 聊城 2019: the blank （七）总计 is a visible box in the original and lit in the table; clicking the blank cell does the same', async ({ page }) => {
  await open(page, '聊城市机关事务管理局', 2019);
  await page.locator('[data-fingerprint="R-SUM-RESULTS:requests:total:natural"]').click();
  const total = page.locator('[data-testid="original"] [data-evidence="total"]');
  await expect(total.first()).toBeVisible();
  await inView(total.first(), page.locator('[data-testid="original"]'));
  expect((await total.first().boundingBox())!.width).toBeGreaterThanOrEqual(20);
  const cell = page.locator('[data-cell="requests:total:natural"]');
  await expect(cell).toHaveAttribute('data-evidence', 'total');
  await expect(cell).toHaveAttribute('data-status', 'fail');
  await expect(cell).toHaveClass(/is-blank/);
  await inView(cell, page.locator('[data-testid="tables-pane"]'));
  await expect(page.locator('[data-testid="tables-pane"] [data-evidence="part"]').first()).toBeAttached();
  await page.screenshot({ path: SHOT('2-liaocheng-blank-total') });
  // The blank cell clicked in the extracted table.
  await page.locator('[data-cell="requests:total:total"]').click();
  await expect(page.locator('[data-cell="requests:total:total"]')).toHaveAttribute('data-selected', 'true');
  const mark = page.locator('[data-testid="original"] .hl-cell');
  await expect(mark).toHaveCount(1);
  await inView(mark, page.locator('[data-testid="original"]'));
  expect((await mark.boundingBox())!.width).toBeGreaterThanOrEqual(20);
  await page.screenshot({ path: SHOT('2-liaocheng-blank-cell-click') });
});

test('2/3 · Shanghai: each of the eleven blank row totals is shown with its parts together', async ({ page }) => {
  await open(page, '上海市人民政府办公厅');
  const rows = page.locator('[data-rule="R-SUM-ROW"]');
  await expect(rows).toHaveCount(11);
  for (let i = 0; i < 11; i++) {
    const f = rows.nth(i);
    const fp = (await f.getAttribute('data-fingerprint'))!;
    await f.click();
    const ref = fp.replace(/^R-SUM-ROW:/, '');
    const total = page.locator('[data-testid="original"] [data-evidence="total"]');
    await expect(total).toHaveCount(1);
    expect(await evidenceShown(page)).toBe(true);
    expect((await total.boundingBox())!.width).toBeGreaterThanOrEqual(20);
    await expect(page.locator(`[data-cell="${ref}"]`)).toHaveAttribute('data-evidence', 'total');
    await inView(page.locator(`[data-cell="${ref}"]`), page.locator('[data-testid="tables-pane"]'));
    const parts = page.locator('[data-testid="tables-pane"] [data-evidence="part"]');
    expect(await parts.count()).toBeGreaterThan(0);
    for (let k = 0; k < (await parts.count()); k++) await inView(parts.nth(k), page.locator('[data-testid="tables-pane"]'));
    if (i === 0) await page.screenshot({ path: SHOT('2-shanghai-blank-row-total') });
  }
});

test('3 · evidence that does not fit gets chips 总计/各项/正文; the findings list keeps its scroll; the split is resizable and remembered', async ({ page }) => {
  await open(page, '上海市人民政府办公厅');
  const pane = page.locator('[data-testid="original"]');
  // 表三 （七）总计 against all twenty result rows: more than one screen.
  const findings = page.locator('[data-testid="findings-pane"]');
  const big = page.locator('[data-fingerprint="R-SUM-RESULTS:requests:total:total"]');
  await big.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  expect(await findings.evaluate((e) => e.scrollTop)).toBeGreaterThan(50);
  // The list keeps its place: the clicked finding stays where it was on the screen. (scrollTop itself may
  // change: the finding made current on opening, above it, folds, and the browser's scroll anchoring
  // keeps the visible findings still.)
  const at = () => big.evaluate((e) => e.getBoundingClientRect().top - e.parentElement!.closest('[data-testid="findings-pane"]')!.getBoundingClientRect().top);
  const before = await at();
  await big.click();
  expect(Math.abs((await at()) - before)).toBeLessThanOrEqual(2);
  const fits = await evidenceShown(page);
  if (!fits) {
    await expect(page.locator('.ev-chips [data-chip="total"]')).toBeVisible();
    await page.screenshot({ path: SHOT('3-chips') });
    await page.locator('.ev-chips [data-chip="part"]').click();
    await inView(pane.locator('[data-evidence="part"]').first(), pane);
    await page.locator('.ev-chips [data-chip="total"]').click();
    await inView(pane.locator('[data-evidence="total"]').first(), pane);
  }
  // A text-vs-table finding: 正文 and the table cells.
  await page.locator('[data-fingerprint="R-TEXT-TABLE:requests:unable:265"]').click();
  await expect(pane.locator('[data-evidence="text"]').first()).toBeAttached();
  if (!(await evidenceShown(page))) {
    await page.locator('.ev-chips [data-chip="text"]').click();
    await inView(pane.locator('[data-evidence="text"]').first(), pane);
  }
  await page.screenshot({ path: SHOT('3-text-table') });

  // The split between tables and findings: dragged, and remembered after a reload.
  const handle = page.locator('.split-handle');
  const tables = page.locator('[data-testid="tables-pane"]');
  const h0 = (await tables.boundingBox())!.height;
  const hb = (await handle.boundingBox())!;
  await page.mouse.move(hb.x + hb.width / 2, hb.y + 3);
  await page.mouse.down();
  await page.mouse.move(hb.x + hb.width / 2, hb.y + 150, { steps: 5 });
  await page.mouse.up();
  const h1 = (await tables.boundingBox())!.height;
  expect(h1).toBeGreaterThan(h0 + 100);
  await open(page, '上海市人民政府办公厅');
  expect(Math.abs((await tables.boundingBox())!.height - h1)).toBeLessThan(4);
  await page.screenshot({ path: SHOT('3-split') });
});

test('4 · HTML tables keep their published structure (rowspan/colspan) and highlights still land in them', async ({ page }) => {
  await open(page, '上海市人民政府办公厅');
  const doc = page.locator('[data-testid="original"]');
  const results = doc.locator('table.laid td[rowspan="20"]');
  await expect(results).toHaveCount(1);
  await expect(results).toContainText('三、本年度办理结果');
  await expect(doc.locator('table.laid td[rowspan="8"]')).toContainText('（三）不予公开');
  await expect(doc.locator('table.laid td[colspan]').first()).toBeAttached();
  // A finding's text and parts, and a cell click, highlight inside that structure.
  await page.locator('[data-fingerprint="R-TEXT-TABLE:requests:unable:265"]').click();
  await expect(doc.locator('table.laid [data-evidence="part"]').first()).toBeVisible();
  await page.locator('[data-cell="requests:carried_out:total"]').click();
  await expect(doc.locator('table.laid .hl-cell')).toHaveText('72');
  await page.screenshot({ path: SHOT('4-structure') });
});

test('5 · the extracted tables in the official layout of each format year; blank hatched in every state; zeros show 0', async ({ page }) => {
  await open(page, '上海市人民政府办公厅');
  const t2 = page.locator('[data-table="proactive"]');
  await expect(t2.locator('caption')).toHaveText(['第二十条第（一）项', '第二十条第（五）项', '第二十条第（六）项', '第二十条第（八）项', '第二十条第（九）项']);
  const t3 = page.locator('[data-table="requests"]');
  await expect(t3.locator('thead th', { hasText: '申请人情况' })).toHaveAttribute('colspan', '7');
  await expect(t3.locator('thead th', { hasText: '法人或其他组织' })).toHaveAttribute('colspan', '5');
  await expect(t3.locator('thead tr')).toHaveCount(3);
  await expect(t3.locator('tr.group th')).toHaveText(['三、本年度办理结果', '（三）不予公开', '（四）无法提供', '（五）不予处理']);
  // 2019: （六）其他处理 is one row with cells.
  await expect(page.locator('[data-cell="requests:other:natural"]')).toBeAttached();
  const t4 = page.locator('[data-table="reviews"]');
  await expect(t4.locator('tbody tr')).toHaveCount(1);
  await expect(t4.locator('tbody tr td')).toHaveCount(15);
  await expect(t4.locator('thead th', { hasText: '行政诉讼' })).toHaveAttribute('colspan', '10');
  await expect(t4.locator('tbody td').nth(4)).toHaveAttribute('data-cell', 'reviews:review:total');
  await expect(t4.locator('tbody td').nth(14)).toHaveAttribute('data-cell', 'reviews:litigation_after_review:total');
  // Blank cells hatched, also as parts of the selected finding.
  await page.locator('[data-fingerprint="R-SUM-ROW:requests:granted:total"]').click();
  const blankPart = page.locator('[data-testid="tables-pane"] td.is-blank[data-evidence="part"]').first();
  await expect(blankPart).toBeAttached();
  for (const l of [blankPart, page.locator('[data-cell="requests:granted:total"]'), page.locator('[data-cell="requests:received:research"]')])
    expect(await l.evaluate((e) => getComputedStyle(e).backgroundImage)).toContain('repeating-linear-gradient');
  await expect(page.locator('[data-cell="proactive:licensing:prev_items"]')).toHaveText('0');
  await page.screenshot({ path: SHOT('5-tables-2019') });
  await open(page, '聊城市机关事务管理局', 2023);
  await expect(page.locator('[data-table="proactive"] caption')).toHaveText(['第二十条第（一）项', '第二十条第（五）项', '第二十条第（六）项', '第二十条第（八）项']);
  await expect(page.locator('[data-table="requests"] tr.group th')).toHaveText(['三、本年度办理结果', '（三）不予公开', '（四）无法提供', '（五）不予处理', '（六）其他处理']);
  await page.locator('[data-testid="tables-pane"]').screenshot({ path: SHOT('5-tables-2021') });
});

test('6 · a note on a blank cell: anchored to the cell, named in the dialog, marked on the cell and in the original, kept after reload', async ({ page }) => {
  await open(page, '上海市人民政府办公厅');
  await page.locator('[data-cell="requests:granted:total"]').click();
  await page.keyboard.press('a');
  await expect(page.locator('[data-testid="draft-cell"]')).toHaveText('表三 · （一）予以公开 · 总计');
  // Pressing A opened the dialog and typed nothing.
  await expect(page.locator('.modal textarea')).toHaveValue('');
  await page.locator('.modal textarea').fill('总计栏空白');
  await page.locator('.modal button.primary').click();
  for (let pass = 0; pass < 2; pass++) {
    const cell = page.locator('[data-cell="requests:granted:total"]');
    await expect(cell).toHaveAttribute('data-note', '1');
    const mark = page.locator('[data-testid="original"] .hl-note');
    await expect(mark).toHaveCount(1);
    expect((await mark.boundingBox())!.width).toBeGreaterThanOrEqual(20);
    await page.getByRole('tab', { name: /批注/ }).click();
    const note = page.locator('.note', { hasText: '总计栏空白' });
    await expect(note).toBeVisible();
    await expect(note).not.toContainText('原文已找不到');
    await note.click();
    await inView(mark, page.locator('[data-testid="original"]'));
    if (pass === 0) await page.screenshot({ path: SHOT('6-cell-note') });
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]');
    await page.locator('.queue-row', { hasText: '上海市人民政府办公厅' }).click();
  }
});

test.describe('6 · PDF', () => {
  let pdfHost: Host;
  test.beforeAll(async () => {
    const { chromiumPdf } = await import('../helpers/docs');
    const { readFileSync } = await import('node:fs');
    pdfHost = await startHost([chromiumPdf('shanghai', readFileSync(SHANGHAI, 'utf8'))]);
  });
  test.afterAll(async () => pdfHost.stop());

  test('a note on part of a text run covers only those characters, on the glyphs, also after reload', async ({ page }) => {
    await page.goto(pdfHost.url);
    await page.waitForSelector('body[data-ready="1"]');
    await page.locator('.queue-row').first().click();
    await expect(page.locator('.pdf-page canvas[data-rendered="1"]').first()).toBeAttached({ timeout: 15_000 });
    // The text layer lies on the glyphs: the selectable characters of every run span exactly the
    // run's box on the page (pdf.js's width of the text item), not their own font's width.
    const widths = await page.evaluate(() => {
      const out: { box: number; text: number }[] = [];
      for (const s of document.querySelectorAll<HTMLElement>('.pdf-page[data-page="1"] .pdf-text span')) {
        if ((s.textContent ?? '').trim().length < 4) continue;
        const r = document.createRange();
        r.selectNodeContents(s);
        out.push({ box: s.getBoundingClientRect().width, text: r.getBoundingClientRect().width });
      }
      return out;
    });
    expect(widths.length).toBeGreaterThan(5);
    for (const w of widths) expect(Math.abs(w.box - w.text)).toBeLessThan(2);
    // Select four characters in the middle of a long run and annotate them.
    const picked = await page.evaluate(() => {
      const s = [...document.querySelectorAll<HTMLElement>('.pdf-page[data-page="1"] .pdf-text span')].find((e) => (e.textContent ?? '').length >= 16)!;
      const t = s.firstChild!;
      const r = document.createRange();
      r.setStart(t, 4);
      r.setEnd(t, 8);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(r);
      s.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
      const b = s.getBoundingClientRect();
      return { quote: (s.textContent ?? '').slice(4, 8), off: Number(s.dataset.off), left: b.left, width: b.width, len: (s.textContent ?? '').length };
    });
    await page.keyboard.press('a');
    await expect(page.locator('.modal blockquote')).toHaveText(picked.quote);
    await expect(page.locator('.modal textarea')).toHaveValue('');
    await page.locator('.modal textarea').fill('只标这四个字');
    await page.locator('.modal button.primary').click();
    for (let pass = 0; pass < 2; pass++) {
      const hl = page.locator('.pdf-hl .hl-note');
      await expect(hl).toHaveCount(1);
      const b = (await hl.boundingBox())!;
      const run = (await page.locator(`.pdf-text span[data-off="${picked.off}"]`).boundingBox())!;
      // Four characters of the run, starting at the fifth.
      expect(b.width).toBeLessThan(run.width * 0.6);
      expect(Math.abs(b.width - (run.width * 4) / picked.len)).toBeLessThan(run.width / picked.len);
      expect(Math.abs(b.x - (run.x + (run.width * 4) / picked.len))).toBeLessThan(run.width / picked.len);
      if (pass === 0) await page.screenshot({ path: SHOT('6-pdf-note') });
      await page.reload();
      await page.waitForSelector('body[data-ready="1"]');
      await page.locator('.queue-row').first().click();
      await expect(page.locator('.pdf-page canvas[data-rendered="1"]').first()).toBeAttached({ timeout: 15_000 });
    }
  });

  test('a blank total on the PDF page is a box at its grid cell, with its parts in view', async ({ page }) => {
    await page.goto(pdfHost.url);
    await page.waitForSelector('body[data-ready="1"]');
    await page.locator('.queue-row').first().click();
    await expect(page.locator('.pdf-page canvas[data-rendered="1"]').first()).toBeAttached({ timeout: 15_000 });
    await page.locator('[data-fingerprint="R-SUM-ROW:requests:granted:total"]').click();
    const pane = page.locator('[data-testid="original"]');
    const total = pane.locator('.pdf-hl [data-evidence="total"]');
    await expect(total).toHaveCount(1);
    await inView(total, pane);
    const tb = (await total.boundingBox())!;
    expect(tb.width).toBeGreaterThanOrEqual(15);
    // On the row of its parts, to their right (the total column is the last).
    const parts = pane.locator('.pdf-hl [data-evidence="part"]');
    for (let k = 0; k < (await parts.count()); k++) {
      await inView(parts.nth(k), pane);
      const pb = (await parts.nth(k).boundingBox())!;
      expect(Math.abs(pb.y - tb.y)).toBeLessThan(tb.height);
      expect(pb.x).toBeLessThan(tb.x);
    }
    await page.screenshot({ path: SHOT('2-pdf-blank-total') });
    // A blank cell clicked in the extracted table.
    await page.locator('[data-cell="requests:received:research"]').click();
    const cell = pane.locator('.pdf-hl .hl-cell');
    await expect(cell).toHaveCount(1);
    await inView(cell, pane);
  });
});
