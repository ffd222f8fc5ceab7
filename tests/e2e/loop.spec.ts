// The auditor's daily loop, second part (issue 22), in Chromium against the real test host at
// 1366×768: highlights come into view on both axes at any zoom (a scan at 175% and 50%); the tables
// are one keyboard stop walked by arrows and the side tabs an ARIA tablist (Tab presses to 评分
// measured); every import ends in its result dialog; a missing section is shown where it should be.
// Screenshots go to .tmp/loop/.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost, ROOT, type Host } from './host';
import { scannedPdfOf } from '../helpers/scan';
import { chromiumPdf } from '../helpers/docs';
import { buildReport } from '../helpers/reportgen';
import { genReport } from '../bench/ocr';

const FIX = join(ROOT, '..', 'shared', 'fixtures');
const SHOT = (n: string) => join(ROOT, '.tmp/loop', `${n}.png`);

async function ready(page: Page, host: Host) {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
}
async function open(page: Page, agency: string) {
  await page.locator('.queue-row', { hasText: agency }).first().click();
  await expect(page.locator('[data-testid="original"]')).toHaveAttribute('data-ready', /.+/);
  await expect(page.locator('.doc-title')).toContainText(agency.slice(0, 4));
}

/** The element lies inside the visible part of the original's pane (scroll bars excluded), on both axes. */
async function inPane(page: Page, l: Locator) {
  await expect(l).toBeAttached();
  const pane = await page.getByTestId('original').evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { x: r.left, y: r.top, w: e.clientWidth, h: e.clientHeight };
  });
  const b = (await l.boundingBox())!;
  const where = `${JSON.stringify(b)} in ${JSON.stringify(pane)}`;
  expect(b.x, where).toBeGreaterThanOrEqual(pane.x - 1);
  expect(b.x + b.width, where).toBeLessThanOrEqual(pane.x + pane.w + 1);
  expect(b.y, where).toBeGreaterThanOrEqual(pane.y - 1);
  expect(b.y + b.height, where).toBeLessThanOrEqual(pane.y + pane.h + 1);
}

test.describe('highlights on a zoomed scan', () => {
  let host: Host;
  test.beforeAll(async () => {
    test.setTimeout(420_000);
    const scan = scannedPdfOf(genReport().pdf, { dpi: 200, skew: 1.5, noise: 0.35, quality: 70, seal: true });
    // OCR results are cached by content next to the store: a cache kept under .tmp spares the next run.
    const store = join(mkdtempSync(join(tmpdir(), 'nianbao-loop-')), 'review.json');
    const cache = join(ROOT, '.tmp', 'ocr-cache-e2e');
    mkdirSync(cache, { recursive: true });
    symlinkSync(cache, join(store, '..', 'ocr-cache'));
    host = await startHost([scan], { store });
  });
  test.afterAll(async () => host?.stop());

  async function zoom(page: Page, pct: string) {
    const shown = page.locator('.pdf-tools > span').first();
    for (let i = 0; i < 12 && (await shown.textContent()) !== pct; i++) {
      const now = Number((await shown.textContent())!.replace('%', ''));
      await page.getByTitle(now < Number(pct.replace('%', '')) ? '放大' : '缩小').click();
    }
    await expect(shown).toHaveText(pct);
  }
  const cellMark = (page: Page) => page.locator('.pdf-hl .hl-cell').first();

  test('a clicked cell or finding is lit inside the original at 175% and at 50%: right, left, below, above', async ({ page }) => {
    test.setTimeout(360_000);
    await ready(page, host);
    const row = page.locator('.queue-row').first();
    await expect(row).toBeVisible({ timeout: 300_000 });
    await row.click();
    await expect(page.locator('.pdf-page canvas[data-rendered="1"]').first()).toBeAttached({ timeout: 30_000 });
    await zoom(page, '175%');
    const pane = page.getByTestId('original');
    // The page is wider than the pane: the 总计 column lies right of it.
    expect(await pane.evaluate((e) => e.scrollWidth > e.clientWidth + 200)).toBe(true);
    // Far right (the case the auditor hit), far left, below (table 四, a later page), above (table 二).
    for (const ref of ['requests:received:total', 'requests:received:natural', 'reviews:litigation_after_review:total', 'proactive:regulations:issued', 'requests:carried_out:total']) {
      await page.locator(`[data-cell="${ref}"]`).click();
      await inPane(page, cellMark(page));
      if (ref === 'requests:received:total') await page.screenshot({ path: SHOT('scan-175-right') });
    }
    // A finding whose total is in the 总计 column, from a place left of it.
    await page.locator('[data-cell="requests:received:natural"]').click();
    await page.locator('li.finding[data-rule="R-SUM-ROW"]').first().click();
    await inPane(page, page.locator('.pdf-hl .hl-total').first());
    await page.screenshot({ path: SHOT('scan-175-finding') });
    // Zoomed out: the page fits across; below and above still scroll.
    await zoom(page, '50%');
    for (const ref of ['reviews:litigation_after_review:total', 'proactive:regulations:issued', 'requests:received:total']) {
      await page.locator(`[data-cell="${ref}"]`).click();
      await inPane(page, cellMark(page));
    }
    await page.screenshot({ path: SHOT('scan-50') });
  });
});

test.describe('the desk', () => {
  let host: Host;
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-loop-desk-'));
  copyFileSync(join(FIX, 'real', 'shanghai-office-2019.html'), join(dir, '上海.html'));
  // A report without section 二 (heading and table), as text and as a PDF.
  writeFileSync(join(dir, '民政.txt'), buildReport({ layout: 'tab', sections: { proactive: null }, agency: '测试县民政局' }));
  copyFileSync(chromiumPdf('loop-no-proactive', buildReport({ layout: 'html', sections: { proactive: null }, agency: '测试县审计局' })), join(dir, '审计.pdf'));
  test.beforeAll(async () => {
    host = await startHost([dir]);
  });
  test.afterAll(async () => host?.stop());

  const focused = (page: Page) => page.evaluate(() => {
    const a = document.activeElement as HTMLElement;
    return { role: a.getAttribute('role'), text: a.textContent ?? '', cell: a.dataset.cell ?? null, selected: a.getAttribute('aria-selected') };
  });
  /** Key presses (Tab, or Shift+Tab backwards) to the tab list, then arrows to 评分; null when not reached in `max`. */
  async function pressesTo评分(page: Page, back: boolean, max: number): Promise<number | null> {
    for (let n = 1; n <= max; n++) {
      await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      const f = await focused(page);
      if (f.role !== 'tab') continue;
      for (let k = 0; k < 4 && n + k <= max; k++) {
        const now = await focused(page);
        if (now.text.startsWith('评分')) return n + k;
        await page.keyboard.press('ArrowRight');
        if ((await focused(page)).text === now.text) break; // arrows do nothing here: go on with Tab
      }
    }
    return null;
  }

  test('Tab reaches 评分 in a few presses; the tabs are a tablist walked by arrows', async ({ page }) => {
    await ready(page, host);
    await open(page, '上海市人民政府办公厅');
    // From the original (where the eye is), forward: the tables are one stop, the tabs are one stop.
    await page.getByTestId('original').focus();
    const forward = await pressesTo评分(page, false, 300);
    // From the finding list, backwards (the tabs sit above it).
    await page.getByRole('tab', { name: /^问题/ }).click();
    await page.locator('li.finding.active .verdict').first().focus();
    await expect(page.locator('li.finding.active .verdict').first()).toBeFocused();
    const back = await pressesTo评分(page, true, 60);
    test.info().annotations.push({ type: 'tab presses to 评分', description: `from the original: ${forward ?? '> 300'}; from the finding list (Shift+Tab): ${back ?? '> 60'}` });
    console.log(`tab presses to 评分: from the original ${forward ?? '> 300'}, from the finding list (Shift+Tab) ${back ?? '> 60'}`);
    expect(forward).not.toBeNull();
    expect(forward!).toBeLessThanOrEqual(8);
    expect(back!).toBeLessThanOrEqual(8);
    await expect(page.getByRole('tab', { name: '评分' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('score')).toBeVisible();
    // One stop: only the selected tab is in the Tab order; Home/End and arrows select and focus.
    await expect(page.locator('[role="tab"][tabindex="0"]')).toHaveCount(1);
    await page.keyboard.press('End');
    await expect(page.getByRole('tab', { name: '修改记录' })).toBeFocused();
    await expect(page.getByRole('tab', { name: '修改记录' })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: /^问题/ })).toBeFocused();
    await expect(page.locator('#panel-findings')).toBeVisible();
    await expect(page.getByRole('tab', { name: /^问题/ })).toHaveAttribute('aria-controls', 'panel-findings');
    expect(await page.getByRole('tab', { name: /^问题/ }).evaluate((e) => getComputedStyle(e).outlineStyle)).not.toBe('none');
    await page.screenshot({ path: SHOT('tabs-focus') });
  });

  test('table cells: one Tab stop, arrows move (and select), Enter opens the correction editor, focus is visible', async ({ page }) => {
    await ready(page, host);
    await open(page, '上海市人民政府办公厅');
    await expect(page.locator('td[data-cell][tabindex="0"]')).toHaveCount(1);
    // Into the tables from the original.
    await page.getByTestId('original').focus();
    let f = await focused(page);
    for (let i = 0; i < 6 && !f.cell; i++) {
      await page.keyboard.press('Tab');
      f = await focused(page);
    }
    expect(f.cell).toBe('proactive:regulations:new_made');
    await page.keyboard.press('ArrowRight');
    expect((await focused(page)).cell).toBe('proactive:regulations:new_published');
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).cell).toBe('proactive:normative_docs:new_published');
    await page.keyboard.press('End');
    expect((await focused(page)).cell).toBe('proactive:normative_docs:total_published');
    // Down across the tables: into table 三.
    for (let i = 0; i < 12 && !(await focused(page)).cell?.startsWith('requests:'); i++) await page.keyboard.press('ArrowDown');
    f = await focused(page);
    expect(f.cell).toMatch(/^requests:received:/);
    await page.keyboard.press('Home');
    expect((await focused(page)).cell).toBe('requests:received:natural');
    // A move selects the cell as a click does: lit in the tables and in the original.
    const cell = page.locator('[data-cell="requests:received:natural"]');
    await expect(cell).toHaveClass(/active/);
    await expect(page.locator('[data-testid="original"] .hl-cell').first()).toBeInViewport();
    // Focus visible: a ring of its own.
    expect(await cell.evaluate((e) => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineColor])).toEqual(['solid', 'rgb(16, 42, 102)']);
    await expect(page.locator('td[data-cell][tabindex="0"]')).toHaveCount(1);
    await expect(cell).toHaveAttribute('tabindex', '0');
    await page.screenshot({ path: SHOT('cells-focus') });
    await page.keyboard.press('Enter');
    const editor = page.getByTestId('correction-editor');
    await expect(editor).toBeVisible();
    await expect(editor).toContainText('自然人');
    await page.screenshot({ path: SHOT('cells-editor') });
    await page.keyboard.press('Escape');
    await expect(editor).toHaveCount(0);
    await expect(cell).toBeFocused();
    // Tab leaves the tables in one press, Shift+Tab comes back to the same cell.
    await page.keyboard.press('Tab');
    expect((await focused(page)).cell).toBeNull();
    await page.keyboard.press('Shift+Tab');
    await expect(cell).toBeFocused();
  });

  test('R-SEC-MISSING shows where the section should be, in the text and in the PDF', async ({ page }) => {
    await ready(page, host);
    const pane = page.getByTestId('original');
    for (const [agency, kind] of [['测试县民政局', 'text'], ['测试县审计局', 'pdf']] as const) {
      await open(page, agency);
      if (kind === 'pdf') await expect(page.locator('.pdf-page canvas[data-rendered="1"]').first()).toBeAttached({ timeout: 30_000 });
      // The original elsewhere (at its end), then the finding.
      await pane.evaluate((e) => (e.scrollTop = e.scrollHeight));
      await page.locator('li.finding[data-rule="R-SEC-MISSING"]').click();
      const gap = pane.locator('[data-gap]');
      await expect(gap).toHaveCount(1);
      await expect(gap).toHaveText('此处应有「二、主动公开政府信息情况」');
      await inPane(page, gap);
      // Between the end of 一 and the heading of 三.
      // The PDF's text runs are pieces of lines: the runs just before and after the marker's place.
      const at = Number(await gap.getAttribute(kind === 'text' ? 'data-off' : 'data-hl-off'));
      const runs = pane.locator(kind === 'text' ? 'p span[data-off]:not([data-gap])' : '.pdf-text span[data-off]');
      const offs = await runs.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.off)));
      const next = runs.nth(offs.findIndex((o) => o >= at));
      const prev = runs.nth(offs.findLastIndex((o) => o < at));
      await expect(next).toHaveText(/^三(、收到和处理)?/);
      await expect(prev).toHaveText(/(将政务公开纳入年度考核)?。$/);
      // The text's marker is a block before the heading; the PDF's is a line (its label above it).
      const g = (await gap.boundingBox())!;
      const n = (await next.boundingBox())!;
      const p = (await prev.boundingBox())!;
      expect(g.y).toBeGreaterThan(p.y + p.height - 2);
      expect(g.y + g.height).toBeLessThanOrEqual(n.y + 4);
      await inPane(page, gap.locator('span').or(gap).first());
      await page.screenshot({ path: SHOT(`section-gap-${kind}`) });
    }
  });

  test('every import ends in its result dialog: added, skipped and why per file, what to do', async ({ page }) => {
    await ready(page, host);
    const chooser = page.getByTestId('chooser');
    const importFolder = async (folder: string) => {
      await page.getByRole('button', { name: '打开文件夹' }).click();
      await chooser.getByLabel('位置', { exact: true }).fill(folder);
      await chooser.getByRole('button', { name: '前往' }).click();
      await expect(chooser.getByLabel('位置', { exact: true })).toHaveValue(folder);
      await chooser.getByRole('button', { name: '打开此文件夹' }).click();
    };
    const dlg = page.getByTestId('import-summary');
    // A clean import: a dialog (not a toast) that says what was added and what to do next.
    const clean = mkdtempSync(join(tmpdir(), 'nianbao-loop-clean-'));
    copyFileSync(join(FIX, 'seeds', '001_30467e87f80f2712.txt'), join(clean, '卫辉.txt'));
    await importFolder(clean);
    await expect(dlg).toBeVisible({ timeout: 30_000 });
    await expect(dlg).toHaveAttribute('role', 'dialog');
    await expect(dlg.getByTestId('summary-added')).toContainText('卫辉.txt');
    await expect(dlg.getByTestId('summary-next')).toContainText('所有文件都已加入');
    await expect(page.locator('.toast')).toHaveCount(0);
    await dlg.screenshot({ path: SHOT('import-clean') });
    await dlg.getByRole('button', { name: /开始审阅：卫辉市/ }).click();
    await expect(dlg).toHaveCount(0);
    await expect(page.locator('.doc-title')).toContainText('卫辉市');
    // Skipped files: each with its reason and what to do.
    const mixed = mkdtempSync(join(tmpdir(), 'nianbao-loop-mixed-'));
    copyFileSync(join(FIX, 'seeds', '001_30467e87f80f2712.txt'), join(mixed, '卫辉副本.txt'));
    writeFileSync(join(mixed, '说明.txt'), '请见附件。\n');
    writeFileSync(join(mixed, '坏.docx'), Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 0x37)]));
    await importFolder(mixed);
    await expect(dlg).toBeVisible({ timeout: 30_000 });
    await expect(dlg.getByTestId('summary-next')).toContainText('没有加入新的年报：各文件的原因和怎么办见下');
    await expect(dlg.getByTestId('summary-duplicates').locator('li')).toContainText(['卫辉副本.txt']);
    await expect(dlg.getByTestId('summary-duplicates').locator('li')).toContainText(['怎么办：']);
    await expect(dlg.getByTestId('summary-not-reports').locator('li', { hasText: '说明.txt' })).toContainText('怎么办：');
    await expect(dlg.getByTestId('summary-unreadable').locator('li', { hasText: '坏.docx' })).toContainText('怎么办：');
    await dlg.screenshot({ path: SHOT('import-mixed') });
    await page.keyboard.press('Escape');
    await expect(dlg).toHaveCount(0);
  });
});
