// Correcting what the machine misread, in the browser desk on the real test host: a scanned report
// (generated, read by OCR) whose table 三 has a cell the reader did not get; the auditor corrects it
// in the tables, the false R-SUM finding goes, the marker shows what was read; reload, restart and
// undo; the 待核对 list is walked by keyboard alone; the workbook shows the correction. Then a text
// report whose first heading the reader missed: pointed out in the original, R-SEC-MISSING goes.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost, ROOT, type Host } from './host';
import { scannedPdfOf } from '../helpers/scan';
import { genReport } from '../bench/ocr';
import { SEEDS } from '../helpers/engine';

const gen = genReport();
const scan = scannedPdfOf(gen.pdf, { dpi: 200, skew: 1.5, noise: 0.35, quality: 70, seal: true });
// The cell the reader did not get (research of 不予公开·1.属于国家秘密): what makes its row add up.
const row = gen.req['denied.state_secret']!;
const printed = String(Number(row[6]) - row.slice(0, 6).reduce<number>((a, v) => a + (v === '' ? 0 : Number(v)), 0));
const REF = 'requests:denied.state_secret:research';
const SUM = '[data-rule="R-SUM-ROW"][data-fingerprint*="denied.state_secret"]';

async function openFirst(page: Page, host: Host) {
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  const row = page.locator('.queue-row').first();
  await expect(row).toBeVisible({ timeout: 240_000 });
  await row.click();
  await expect(page.locator(`td[data-cell="${REF}"]`)).toBeVisible({ timeout: 30_000 });
}

test.describe.serial('corrections on a scan', () => {
  let host: Host;
  test.beforeAll(async () => {
    test.setTimeout(300_000);
    host = await startHost([scan]);
  });
  test.afterAll(async () => host?.stop());

  test('correct a cell: the false R-SUM finding goes, the marker shows the reading; reload, restart, undo', async ({ page }) => {
    test.setTimeout(400_000);
    await openFirst(page, host);
    await expect(page.locator(SUM)).toHaveCount(1);
    const cell = page.locator(`td[data-cell="${REF}"]`);
    await cell.focus();
    await page.keyboard.press('Enter');
    const editor = page.getByTestId('correction-editor');
    await expect(editor).toBeVisible();
    await editor.locator('input[name="value"]').fill(printed);
    await page.keyboard.press('Enter');
    await expect(cell).toHaveAttribute('data-corrected', 'value');
    await expect(cell).toHaveText(printed);
    await expect(cell).toHaveAttribute('title', /原读作 空白/);
    await expect(page.locator(SUM)).toHaveCount(0);
    // The finding list says the sum holds because of a correction.
    await expect(page.locator('[data-settled*="R-SUM-ROW:requests:denied.state_secret"]')).toHaveCount(1);
    await page.screenshot({ path: join(ROOT, '.tmp/playwright/correction-cell.png') });
    // Reload: kept.
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]');
    await page.locator('.queue-row').first().click();
    await expect(page.locator(`td[data-cell="${REF}"]`)).toHaveAttribute('data-corrected', 'value');
    await expect(page.locator(SUM)).toHaveCount(0);
    // Undo (the toolbar) restores the reading and its finding; redo brings the correction back.
    await page.getByRole('button', { name: '撤销' }).click();
    await expect(page.locator(`td[data-cell="${REF}"]`)).not.toHaveAttribute('data-corrected', /.+/);
    await expect(page.locator(SUM)).toHaveCount(1);
    await page.getByRole('button', { name: '重做' }).click();
    await expect(page.locator(`td[data-cell="${REF}"]`)).toHaveAttribute('data-corrected', 'value');
    await expect(page.locator(SUM)).toHaveCount(0);
    // Restart the desk on the same store: kept (the scan is read again, from the OCR cache).
    await host.stop();
    host = await startHost([scan], { store: host.storePath });
    await openFirst(page, host);
    await expect(page.locator(`td[data-cell="${REF}"]`)).toHaveAttribute('data-corrected', 'value');
    await expect(page.locator(`td[data-cell="${REF}"]`)).toHaveText(printed);
    await expect(page.locator(SUM)).toHaveCount(0);
  });

  test('the 待核对 list walks every doubtful cell by keyboard alone, with the cell image', async ({ page }) => {
    test.setTimeout(200_000);
    await openFirst(page, host);
    const list = page.getByTestId('doubt-list');
    await expect(list).toBeVisible();
    const total = Number(/待核对（\d+\/(\d+)）/.exec((await list.locator('.doubt-head strong').textContent()) ?? '')![1]);
    expect(total).toBeGreaterThanOrEqual(2);
    await list.focus();
    const cur = list.locator('.doubt-cur');
    await expect(cur).toHaveAttribute('data-index', '0');
    await expect(list.getByTestId('doubt-image')).toHaveAttribute('data-ready', '1', { timeout: 20_000 });
    await page.screenshot({ path: join(ROOT, '.tmp/playwright/correction-doubt.png') });
    const seen = new Set<string>();
    for (let i = 0; i < total; i++) {
      await expect(cur).toHaveAttribute('data-index', String(i));
      seen.add((await cur.getAttribute('data-doubt'))!);
      if (i < total - 1) await page.keyboard.press(i % 2 ? 'Tab' : 'j');
    }
    expect(seen.size).toBe(total);
    // Back one (K) and accept it as read (Enter): checked, and the walk moves on.
    await page.keyboard.press('k');
    const ref = (await cur.getAttribute('data-doubt'))!;
    const open0 = await list.locator('.doubt-head strong').textContent();
    await page.keyboard.press('Enter');
    await expect(list.locator('.doubt-head strong')).not.toHaveText(open0!);
    await expect(page.locator(`td[data-cell="${ref}"]`)).toHaveAttribute('data-corrected', /confirm|value/);
  });

  test('the workbook (nianbao export --store) shows the corrected value, what was read, and 更正记录', async () => {
    test.setTimeout(300_000);
    // The CLI opens the desk's store read-only (snapshot + journal) while the desk holds it.
    const out = join(mkdtempSync(join(tmpdir(), 'nianbao-corr-x-')), 'round.xlsx');
    execFileSync(process.execPath, [join(ROOT, 'bin', 'nianbao.mjs'), 'export', '--xlsx', out, '--store', host.storePath, scan], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
    const py = execFileSync('/usr/bin/python3', ['-c', `import json,sys,openpyxl
wb=openpyxl.load_workbook(sys.argv[1])
t=wb['表格数据'];h=[c.value for c in t[1]];r=dict(zip(h,[c.value for c in t[2]]))
c=wb['更正记录'];ch=[x.value for x in c[1]];rows=[dict(zip(ch,[x.value for x in y])) for y in c.iter_rows(min_row=2)]
k=[x for x in h if x and '属于国家秘密' in x and x.endswith('科研机构')][0]
print(json.dumps({'v':r[k],'note':r['审核人更正（原读数）'],'rows':rows},ensure_ascii=False,default=str))`, out], { encoding: 'utf8' });
    const got = JSON.parse(py) as { v: number; note: string; rows: Record<string, string>[] };
    expect(got.v).toBe(Number(printed));
    expect(got.note).toContain(`${printed}（原读作 空白）`);
    const mine = got.rows.find((r) => r['类型'] === '更正数值')!;
    expect(mine).toMatchObject({ 原读数: '空白', 更正为: printed, 状态: '已应用' });
  });
});

test('a heading the reader missed, pointed out in the original: R-SEC-MISSING goes', async ({ page }) => {
  test.setTimeout(120_000);
  const text = readFileSync(SEEDS.haidong, 'utf8');
  const at = text.indexOf('一、总体情况');
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-corr-h-'));
  const file = join(dir, '海东标题.txt');
  writeFileSync(file, text.slice(0, at) + '壹 概况' + text.slice(at + '一、总体情况'.length));
  const host = await startHost([file]);
  try {
    await page.goto(host.url);
    await page.waitForSelector('body[data-ready="1"]');
    await page.locator('.queue-row').first().click();
    await expect(page.locator('[data-rule="R-SEC-MISSING"][data-fingerprint="R-SEC-MISSING:overview"]')).toHaveCount(1);
    // Select the heading in the original (its text carries data-off offsets).
    const ok = await page.evaluate(() => {
      const walker = document.createTreeWalker(document.querySelector('.original') ?? document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.textContent!.indexOf('壹 概况');
        if (i < 0) continue;
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + 4);
        const sel = window.getSelection()!;
        sel.removeAllRanges();
        sel.addRange(r);
        (n.parentElement as HTMLElement).dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
        return true;
      }
      return false;
    });
    expect(ok).toBe(true);
    const point = page.getByTestId('point-section');
    await expect(point).toBeVisible();
    await point.selectOption('overview');
    await expect(page.locator('[data-rule="R-SEC-MISSING"][data-fingerprint="R-SEC-MISSING:overview"]')).toHaveCount(0);
    await expect(page.locator('[data-settled="R-SEC-MISSING:overview"]')).toHaveCount(1);
    await page.screenshot({ path: join(ROOT, '.tmp/playwright/correction-heading.png') });
  } finally {
    await host.stop();
  }
});
