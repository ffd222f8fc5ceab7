// Exports are inert (issue 11, point 5): CSV cells a spreadsheet would evaluate are escaped, real
// numbers stay numbers; the xlsx holds no formula, even for notes that look like one.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { ROOT, SEEDS } from '../helpers/engine.js';
import { csvCell, sheetCsv, workbookOf } from '../../src/services/export.js';
import { ReviewStore } from '../../src/services/store/index.js';
import { makeAnchor } from '../../src/core/review.js';
import { checkPaths } from '../../src/services/check.js';

const HOSTILE = ['=1+1', '+SUM(A1:A2)', '-2+3', '@SUM(A1)', '\t=cmd', '\r=cmd', '=HYPERLINK("http://example.invalid","点我")', "=cmd|' /C calc'!A0"];

describe('CSV cells', () => {
  it.each(HOSTILE)('escapes %j with a leading apostrophe, quoted', (v) => {
    const c = csvCell(v);
    expect(c.startsWith(`"'`)).toBe(true);
    // Read back as CSV: the cell is the text with the apostrophe in front.
    expect(c.slice(1, -1).replace(/""/g, '"')).toBe(`'${v}`);
  });

  it('keeps numbers numeric, also negative ones and numbers given as text', () => {
    expect([csvCell(-12), csvCell(3.5), csvCell('-12'), csvCell('+3.5'), csvCell('-1e3'), csvCell(0)]).toEqual(['-12', '3.5', '-12', '+3.5', '-1e3', '0']);
  });

  it('leaves ordinary text alone and quotes separators', () => {
    expect([csvCell('合计不符'), csvCell('a,b'), csvCell('说"明"'), csvCell('a-b'), csvCell(null), csvCell(Number.NaN)]).toEqual(['合计不符', '"a,b"', '"说""明"""', 'a-b', '', '']);
  });

  it('a whole sheet: hostile cells escaped, numbers untouched', () => {
    const csv = sheetCsv({ name: 't', columns: [{ header: '=head', key: 'a', width: 1 }, { header: 'n', key: 'n', width: 1 }], rows: HOSTILE.map((a, i) => ({ a, n: -i })) });
    const lines = csv.replace(/^\ufeff/, '').split('\r\n');
    expect(lines[0]).toBe(`"'=head",n`);
    expect(lines[1]).toBe(`"'=1+1",0`);
    expect(lines[3]).toBe(`"'-2+3",-2`);
  });
});

describe('xlsx', () => {
  it('writes formula-looking text and object values as plain text: no formula anywhere in the file', async () => {
    const sheets = [{ name: '备注', columns: [{ header: 'a', key: 'a', width: 10 }], rows: [...HOSTILE.map((a) => ({ a })), { a: { formula: '1+1', result: 2 } as unknown as string }, { a: { text: 'x', hyperlink: 'http://example.invalid' } as unknown as string }] }];
    const buf = Buffer.from(await workbookOf(sheets).xlsx.writeBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('备注')!;
    const cells: ExcelJS.Cell[] = [];
    ws.eachRow((r, n) => n > 1 && cells.push(r.getCell(1)));
    expect(cells.map((c) => c.type)).toEqual(cells.map(() => ExcelJS.ValueType.String));
    expect(cells[0]!.value).toBe('=1+1');
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-inert-'));
    const f = join(dir, 'x.xlsx');
    await wb.xlsx.writeFile(f);
    const xml = execFileSync('unzip', ['-p', f, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
    expect(xml).not.toMatch(/<f[ >]/);
    expect(execFileSync('unzip', ['-l', f], { encoding: 'utf8' })).not.toMatch(/hyperlink|externalLink/i);
  });

  it('the CLI export of a store with hostile notes and comments: CSV escaped, xlsx formula-free', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-inert-cli-'));
    const storePath = join(dir, 'review.json');
    const { result } = await checkPaths([SEEDS.shanghai]);
    const rep = result.documents[0]!.reports[0]!;
    const f = rep.findings[0]!;
    const { store } = await ReviewStore.open(storePath, { auditor: '@审核' });
    store.setDecision({ reportKey: rep.key, fingerprint: f.fingerprint, rule: f.rule, verdict: 'confirmed', comment: '=1+1' });
    store.upsertAnnotation({ id: 'n1', reportKey: rep.key, anchor: makeAnchor('+cmd', 0, 4, 'x'), category: 'data', severity: 'error', note: '=HYPERLINK("http://example.invalid","点我")' });
    await store.close();
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { cwd: ROOT });
    const out = join(dir, 'round');
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'nianbao.mjs'), 'export', '--xlsx', `${out}.xlsx`, '--csv', `${out}.csv`, '--store', storePath, SEEDS.shanghai], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const csv = readFileSync(`${out}.问题清单.csv`, 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://example.invalid"",""点我"")"`);
    expect(csv).toContain(`"'=1+1"`);
    expect(csv).not.toMatch(/(^|,)=/m);
    const listing = execFileSync('unzip', ['-Z1', `${out}.xlsx`], { encoding: 'utf8' }).split('\n').filter((x) => /worksheets\/sheet\d+\.xml$/.test(x));
    expect(listing.length).toBeGreaterThanOrEqual(4); // every sheet, however many
    for (const s of listing) expect(execFileSync('unzip', ['-p', `${out}.xlsx`, s], { encoding: 'utf8' })).not.toMatch(/<f[ >]/);
    const strings = execFileSync('unzip', ['-p', `${out}.xlsx`, 'xl/sharedStrings.xml'], { encoding: 'utf8' });
    expect(strings).toContain('=HYPERLINK(&quot;http://example.invalid&quot;');
  }, 120_000);
});
