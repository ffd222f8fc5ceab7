// Correcting what the machine misread, in the browser desk on the real test host. A report printed
// by Chromium is scanned at test time with two digits partly wiped out (the left half of an 8, as a
// smudge or a fold leaves it) and its first heading printed as "壹 概况": the OCR really reads 288 as
// 283 and 88 as 83, and the reader misses the heading. The auditor corrects the cells in the tables,
// the false R-SUM findings go, the marker shows what was read; reload, restart and undo; the 待核对
// list is walked by keyboard alone (every doubtful cell, with its image), a finding on unchecked cells
// stays 需复核 until they are checked; the heading is pointed out in the scan; the workbook shows the
// corrections. Then a text report whose first heading the reader missed: R-SEC-MISSING goes.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost, ROOT, type Host } from './host';
import { smudgedScan } from '../helpers/smudge';
import { chromiumPdf } from '../helpers/docs';
import { buildReport, consistentRequests } from '../helpers/reportgen';
import { SEEDS } from '../helpers/engine';

let seed = 11;
const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const req = consistentRequests(rand, 300);
const html = buildReport({ layout: 'html', requests: req, agency: '测试市住房和城乡建设局', year: 2023 }).replace('一、总体情况', '壹 概况');
// Each smudged number is printed once in the document (smudgedScan checks it).
const A = { ref: 'requests:denied.enforcement_file:research', printed: '288', misread: '283' };
const B = { ref: 'requests:unable.not_held:legal', printed: '88', misread: '83' };
const scan = smudgedScan(
  chromiumPdf('smudged-2023', html),
  [A, B].map((x) => ({ word: x.printed, char: x.printed.length - 1, part: 'left' as const })),
  { dpi: 200, noise: 0.2, quality: 80 },
);
const sumRow = (ref: string) => `[data-rule="R-SUM-ROW"][data-fingerprint="R-SUM-ROW:requests:${ref.split(':')[1]}:total"]`;
const sumCol = (ref: string) => `[data-rule="R-SUM-RESULTS"][data-fingerprint="R-SUM-RESULTS:requests:total:${ref.split(':')[2]}"]`;
const WHY = 'the OCR now reads the smudged digit as printed: the scan no longer makes the misreading this test needs (wipe more of the 8 in smudgedScan)';

async function openFirst(page: Page, host: Host) {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  const row = page.locator('.queue-row').first();
  await expect(row).toBeVisible({ timeout: 240_000 });
  await row.click();
  await expect(page.locator(`td[data-cell="${A.ref}"]`)).toBeVisible({ timeout: 30_000 });
}

test.describe.serial('corrections on a scan', () => {
  let host: Host;
  /** Cells accepted as read in the 待核对 walk. */
  const confirmed: string[] = [];
  test.beforeAll(async () => {
    test.setTimeout(400_000);
    expect(req['denied.enforcement_file']![2]).toBe(Number(A.printed));
    expect(req['unable.not_held']![4]).toBe(Number(B.printed));
    host = await startHost([scan]);
  });
  test.afterAll(async () => host?.stop());

  test('a real OCR misreading corrected: the false R-SUM findings go, the marker shows the reading; reload, restart, undo', async ({ page }) => {
    test.setTimeout(400_000);
    await openFirst(page, host);
    const cell = page.locator(`td[data-cell="${A.ref}"]`);
    // The OCR misread the smudged 8 (the report as printed adds up).
    expect(await cell.textContent(), WHY).not.toBe(A.printed);
    await expect(cell).toHaveText(A.misread);
    await expect(page.locator(`td[data-cell="${B.ref}"]`)).toHaveText(B.misread);
    await expect(page.locator(sumRow(A.ref))).toHaveCount(1);
    await expect(page.locator(sumCol(A.ref))).toHaveCount(1);
    await expect(page.locator(sumRow(B.ref))).toHaveCount(1);
    // Correct it as printed, by keyboard: focus the cell, Enter, type, Enter.
    await cell.focus();
    await page.keyboard.press('Enter');
    const editor = page.getByTestId('correction-editor');
    await expect(editor).toBeVisible();
    await page.keyboard.type(A.printed);
    await page.keyboard.press('Enter');
    await expect(cell).toHaveAttribute('data-corrected', 'value');
    await expect(cell).toHaveText(A.printed);
    await expect(cell).toHaveAttribute('title', new RegExp(`原读作 ${A.misread}`));
    await expect(page.locator(sumRow(A.ref))).toHaveCount(0);
    await expect(page.locator(sumCol(A.ref))).toHaveCount(0);
    // The other misreading still stands; the list says the sums hold because of a correction.
    await expect(page.locator(sumRow(B.ref))).toHaveCount(1);
    await expect(page.locator('[data-settled="R-SUM-ROW:requests:denied.enforcement_file:total"]')).toHaveCount(1);
    await page.screenshot({ path: join(ROOT, '.tmp/playwright/correction-cell.png') });
    // Reload: kept.
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]');
    await page.locator('.queue-row').first().click();
    await expect(page.locator(`td[data-cell="${A.ref}"]`)).toHaveAttribute('data-corrected', 'value');
    await expect(page.locator(sumRow(A.ref))).toHaveCount(0);
    // Undo (the toolbar) restores the reading and its findings; redo brings the correction back.
    await page.getByRole('button', { name: '撤销' }).click();
    await expect(page.locator(`td[data-cell="${A.ref}"]`)).not.toHaveAttribute('data-corrected', /.+/);
    await expect(page.locator(`td[data-cell="${A.ref}"]`)).toHaveText(A.misread);
    await expect(page.locator(sumRow(A.ref))).toHaveCount(1);
    await page.getByRole('button', { name: '重做' }).click();
    await expect(page.locator(`td[data-cell="${A.ref}"]`)).toHaveAttribute('data-corrected', 'value');
    await expect(page.locator(sumRow(A.ref))).toHaveCount(0);
    // Restart the desk on the same store: kept (the scan is read again, from the OCR cache).
    await host.stop();
    host = await startHost([scan], { store: host.storePath });
    await openFirst(page, host);
    await expect(page.locator(`td[data-cell="${A.ref}"]`)).toHaveAttribute('data-corrected', 'value');
    await expect(page.locator(`td[data-cell="${A.ref}"]`)).toHaveText(A.printed);
    await expect(page.locator(sumRow(A.ref))).toHaveCount(0);
  });

  test('the 待核对 list walks every doubtful cell by keyboard alone, each with its image; 需复核 until checked', async ({ page }) => {
    test.setTimeout(200_000);
    await openFirst(page, host);
    const list = page.getByTestId('doubt-list');
    await expect(list).toBeVisible();
    const total = Number(/待核对（\d+\/(\d+)）/.exec((await list.locator('.doubt-head strong').textContent()) ?? '')![1]);
    // Both misread rows are doubtful (their sums fail), every cell of them.
    expect(total).toBeGreaterThanOrEqual(14);
    await list.focus();
    const cur = list.locator('.doubt-cur');
    const img = list.getByTestId('doubt-image');
    const order: string[] = [];
    for (let i = 0; i < total; i++) {
      await expect(cur).toHaveAttribute('data-index', String(i));
      order.push((await cur.getAttribute('data-doubt'))!);
      // The cell's image, cut from the page, beside the value read.
      await expect(img).toHaveAttribute('data-ready', '1', { timeout: 20_000 });
      expect(await img.evaluate((c: HTMLCanvasElement) => c.width * c.height)).toBeGreaterThan(100);
      if (i === 0) await page.screenshot({ path: join(ROOT, '.tmp/playwright/correction-doubt.png') });
      if (i < total - 1) await page.keyboard.press(i % 2 ? 'Tab' : 'j');
    }
    expect(new Set(order).size).toBe(total);
    // Every low-confidence cell of the tables is in the walk.
    const low = await page.locator('td[data-ocr="low"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-cell')!));
    expect(low.length).toBeGreaterThan(0);
    for (const ref of low) expect(order).toContain(ref);
    expect(order).toContain(B.ref);
    // Back to the start (K), then through B's row: accept its cells as read (Enter), all but the misread
    // one; the row's sum finding rests on that unchecked cell and stays 需复核.
    for (let i = 0; i < total - 1; i++) await page.keyboard.press('k');
    await expect(cur).toHaveAttribute('data-index', '0');
    const rowB = B.ref.split(':').slice(0, 2).join(':') + ':';
    const tag = page.locator(sumRow(B.ref)).locator('.tag', { hasText: '需复核' });
    await expect(tag).toHaveCount(1);
    // The column's sum rests on the same unchecked cell: 需复核 as well.
    const colTag = page.locator(sumCol(B.ref)).locator('.tag', { hasText: '需复核' });
    await expect(colTag).toHaveCount(1);
    for (let i = 0; i < total; i++) {
      const ref = order[i]!;
      await expect(cur).toHaveAttribute('data-doubt', ref);
      if (ref === B.ref) {
        await expect(tag).toHaveCount(1);
        await expect(colTag).toHaveCount(1);
        await page.keyboard.type(B.printed);
        await expect(list.getByTestId('doubt-typed')).toContainText(B.printed);
        await page.keyboard.press('Enter');
        break;
      }
      if (ref.startsWith(rowB)) {
        const open0 = await list.locator('.doubt-head strong').textContent();
        await page.keyboard.press('Enter');
        await expect(list.locator('.doubt-head strong')).not.toHaveText(open0!);
        await expect(page.locator(`td[data-cell="${ref}"]`)).toHaveAttribute('data-corrected', 'confirm');
        confirmed.push(ref);
      } else await page.keyboard.press('j');
    }
    // Checked: the misread cell corrected, the false sum finding gone.
    await expect(page.locator(`td[data-cell="${B.ref}"]`)).toHaveAttribute('data-corrected', 'value');
    await expect(page.locator(`td[data-cell="${B.ref}"]`)).toHaveText(B.printed);
    await expect(page.locator(sumRow(B.ref))).toHaveCount(0);
    await expect(page.locator(sumCol(B.ref))).toHaveCount(0);
  });

  test('a heading the reader missed on the scan, pointed out in the original: R-SEC-MISSING goes', async ({ page }) => {
    test.setTimeout(120_000);
    await openFirst(page, host);
    const missing = page.locator('[data-rule="R-SEC-MISSING"][data-fingerprint="R-SEC-MISSING:overview"]');
    await expect(missing).toHaveCount(1);
    // The OCR'd heading line in the page's text layer: select it with the mouse.
    const line = page.locator('.pdf-text span', { hasText: '概况' }).first();
    await expect(line).toBeAttached({ timeout: 30_000 });
    await line.scrollIntoViewIfNeeded();
    const b = (await line.boundingBox())!;
    await page.mouse.move(b.x + 1, b.y + b.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width - 1, b.y + b.height / 2, { steps: 5 });
    await page.mouse.up();
    const point = page.getByTestId('point-section');
    await expect(point).toBeVisible();
    await point.selectOption('overview');
    await expect(missing).toHaveCount(0);
    await expect(page.locator('[data-settled="R-SEC-MISSING:overview"]')).toHaveCount(1);
    await page.screenshot({ path: join(ROOT, '.tmp/playwright/correction-heading-scan.png') });
  });

  test('the workbook (nianbao export --store) shows the corrected values, what was read, and 更正记录', async () => {
    test.setTimeout(300_000);
    // The CLI opens the desk's store read-only (snapshot + journal) while the desk holds it.
    const out = join(mkdtempSync(join(tmpdir(), 'nianbao-corr-x-')), 'round.xlsx');
    execFileSync(process.execPath, [join(ROOT, 'bin', 'nianbao.mjs'), 'export', '--xlsx', out, '--store', host.storePath, scan], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
    const py = execFileSync('/usr/bin/python3', ['-c', `import json,sys,openpyxl
wb=openpyxl.load_workbook(sys.argv[1])
t=wb['表格数据'];h=[c.value for c in t[1]];r=dict(zip(h,[c.value for c in t[2]]))
c=wb['更正记录'];ch=[x.value for x in c[1]];rows=[dict(zip(ch,[x.value for x in y])) for y in c.iter_rows(min_row=2)]
a=[x for x in h if x and '属于行政执法案卷' in x and x.endswith('科研机构')][0]
b=[x for x in h if x and '本机关不掌握' in x and x.endswith('法律服务机构')][0]
print(json.dumps({'a':r[a],'b':r[b],'note':r['审核人更正（原读数）'],'rows':rows},ensure_ascii=False,default=str))`, out], { encoding: 'utf8' });
    const got = JSON.parse(py) as { a: number; b: number; note: string; rows: Record<string, string>[] };
    expect(got.a).toBe(Number(A.printed));
    expect(got.b).toBe(Number(B.printed));
    expect(got.note).toContain(`${A.printed}（原读作 ${A.misread}）`);
    expect(got.note).toContain(`${B.printed}（原读作 ${B.misread}）`);
    const values = got.rows.filter((r) => r['类型'] === '更正数值');
    expect(values).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ 原读数: A.misread, 更正为: A.printed, 状态: '已应用' }),
        expect.objectContaining({ 原读数: B.misread, 更正为: B.printed, 状态: '已应用' }),
      ]),
    );
    expect(confirmed.length).toBeGreaterThan(0);
    expect(got.rows.filter((r) => r['类型'] === '确认读数' && r['状态'] === '已应用')).toHaveLength(confirmed.length);
    expect(got.rows.filter((r) => r['类型'] === '章节起点' && r['状态'] === '已应用')).toHaveLength(1);
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
