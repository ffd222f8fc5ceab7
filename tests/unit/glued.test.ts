// Glued digit runs (issue 24): table cells printed without separators are split by the table's sums;
// a unique split is taken (inferred cells, warnings only), an ambiguous one is reported, never blank.
import { describe, expect, it } from 'vitest';
import { splitsOf } from '../../src/core/extract/glued.js';
import { cleanAgency } from '../../src/core/agency.js';
import { checkString } from '../helpers/engine.js';
import { buildReport, consistentRequests, REQ_COLS, zeroRequests } from '../helpers/reportgen.js';
import { gluedCells } from '../helpers/structure-corpus.js';

const rowSum = (v: number[]) => v.slice(0, 6).reduce((a, b) => a + b, 0) === v[6];

describe('glued digit runs', () => {
  it('splits the issue example by the row sum alone', () => {
    expect(splitsOf('12830000131', 7, rowSum)).toEqual([[128, 3, 0, 0, 0, 0, 131]]);
    expect(splitsOf('101000011', 7, rowSum)).toHaveLength(2);
  });

  it('reads every cell of a one-line report with large glued numbers, using column sums and the balance', async () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const req = consistentRequests(rand, 300);
    const text = '索引号:000-2024-01 标题:' + gluedCells(buildReport({ requests: req, agency: '测试市统计局' })).join(' ');
    const { parse, json } = await checkString(text, 'glued.txt');
    const r = parse!.reports[0]!;
    expect(r.agency).toBe('测试市统计局');
    let wrong = 0;
    for (const [k, vals] of Object.entries(req)) REQ_COLS.forEach((c, j) => (wrong += r.tables.requests.rows[k]?.cells[c]?.value === Number(vals[j]) ? 0 : 1));
    expect(wrong).toBe(0);
    expect(r.tables.requests.rows.received!.cells.natural!.inferred).toBe(true);
    const fs = json.reports[0]!.findings;
    expect(fs.filter((f) => f.severity === 'error').map((f) => f.rule)).toEqual([]);
    expect(fs.some((f) => f.rule === 'R-TBL-SHAPE' && f.table === 'requests' && /唯一拆分/.test(f.message))).toBe(true);
  });

  it('reports an ambiguous split as such, not as a blank table', async () => {
    const req = zeroRequests();
    for (const k of ['received', 'granted', 'total']) req[k] = [10, 1, 0, 0, 0, 0, 11];
    const text = gluedCells(buildReport({ requests: req })).join(' ');
    const { parse, json } = await checkString(text, 'glued-ambiguous.txt');
    const t = parse!.reports[0]!.tables.requests;
    expect(['received', 'granted', 'total'].map((k) => t.rows[k]?.glued?.ambiguous)).toEqual([true, true, true]);
    expect(t.rows.carried_in?.glued?.ambiguous).toBe(false);
    const fs = json.reports[0]!.findings;
    expect(fs.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.message}`)).toEqual([]);
    const amb = fs.find((f) => f.rule === 'R-TBL-SHAPE' && /无法按表内勾稽关系唯一拆分/.test(f.message));
    expect(amb?.severity).toBe('warning');
    expect(fs.some((f) => f.rule === 'R-TBL-BLANK' && /整表/.test(f.message))).toBe(false);
  });
});

describe('labels before agency names', () => {
  it.each([
    ['标题:测试市统计局', '测试市统计局'],
    ['标题：测试市统计局', '测试市统计局'],
    ['索引号:11320800-2024 标题:测试市统计局', '测试市统计局'],
    ['名称：测试县人民政府办公室', '测试县人民政府办公室'],
    ['发布机构：测试县财政局', '测试县财政局'],
    ['测试县财政局', '测试县财政局'],
  ])('%s → %s', (raw, want) => expect(cleanAgency(raw)).toBe(want));
});
