// Every finding ../shared/fixtures/README.md lists, and no arithmetic finding on consistent tables.
import { describe, expect, it } from 'vitest';
import { checkFilePath, SEEDS } from '../helpers/engine.js';
import type { Finding } from '../../src/core/model.js';
import { checkPaths } from '../../src/services/check.js';

const ARITH = ['R-SUM-ROW', 'R-SUM-RESULTS', 'R-SUM-BALANCE', 'R-SUM-REVIEW'];
const rules = (fs: Finding[]) => fs.map((f) => f.rule);

describe('findings on the fixtures', async () => {
  const haidong = await checkFilePath(SEEDS.haidong);
  const weihui = await checkFilePath(SEEDS.weihui);
  const dehui = await checkFilePath(SEEDS.dehui);
  const liaocheng = await checkFilePath(SEEDS.liaocheng);
  const shanghai = await checkFilePath(SEEDS.shanghai);
  const rep = (c: typeof haidong, i = 0) => c.json.reports[i]!.findings as unknown as Finding[];

  it('000: tables 三 and 四 entirely blank (errors), 本年度止件数, no fee statement', () => {
    const f = rep(haidong);
    const blank = f.filter((x) => x.rule === 'R-TBL-BLANK');
    expect(blank.map((x) => [x.table, x.severity])).toEqual([
      ['requests', 'error'],
      ['reviews', 'error'],
    ]);
    expect(f.some((x) => x.rule === 'R-TBL-LABEL' && x.message.includes('本年度止件数'))).toBe(true);
    expect(f.some((x) => x.rule === 'R-OTHER-FEES' && x.severity === 'warning')).toBe(true);
    expect(rules(f)).not.toContain('R-DATE-MISSING');
    expect(rules(f).filter((r) => ARITH.includes(r))).toEqual([]);
  });

  it('001: no signing date, extra cells flagged R-TBL-SHAPE, 由由 label', () => {
    const f = rep(weihui);
    expect(rules(f)).toContain('R-DATE-MISSING');
    const shape = f.filter((x) => x.rule === 'R-TBL-SHAPE');
    expect(shape.map((x) => x.row ?? x.table).sort()).toEqual(['carried_out', 'reviews', 'total']);
    expect(f.some((x) => x.rule === 'R-TBL-LABEL' && x.message.includes('无正当理由由大量反复申请'))).toBe(true);
    expect(rules(f).filter((r) => ARITH.includes(r))).toEqual([]);
  });

  it('002: no findings of substance', () => {
    const f = rep(dehui);
    expect(f.filter((x) => x.severity !== 'info')).toEqual([]);
    expect(rules(f)).not.toContain('R-SEC-MISSING');
    expect(rules(f)).not.toContain('R-FMT-VERSION');
  });

  it('004: the guide is not a report', () => {
    expect(liaocheng.json.findings.map((f) => f.rule)).toEqual(['R-NOT-REPORT']);
  });

  it('004 2023: 共收到信息公开申请2件 vs 本年新收 3', () => {
    const f = rep(liaocheng, 0).filter((x) => x.rule === 'R-TEXT-TABLE');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ expected: 3, actual: 2, severity: 'warning' });
    expect((f[0] as unknown as { source: { role: string }[] }).source.map((e) => e.role)).toEqual(['text', 'total']);
  });

  it('004 2022: consistent', () => {
    expect(rep(liaocheng, 1)).toEqual([]);
  });

  it('004 2021: empty sub-heads and label 规范性文件', () => {
    const f = rep(liaocheng, 2);
    expect(f.filter((x) => x.rule === 'R-SEC-EMPTY').map((x) => x.message)).toEqual([
      expect.stringContaining('依申请公开情况'),
      expect.stringContaining('政府信息公开管理情况'),
    ]);
    expect(f.some((x) => x.rule === 'R-TBL-LABEL' && x.message.includes('规范性文件'))).toBe(true);
    expect(rules(f)).not.toContain('R-OTHER-FEES');
  });

  it('004 2020: no date; 2019: blank totals give blank-involved R-SUM-RESULTS and R-SUM-BALANCE, R-TBL-BLANK, no date', () => {
    expect(rules(rep(liaocheng, 3))).toContain('R-DATE-MISSING');
    const f = rep(liaocheng, 4);
    expect(rules(f)).toContain('R-DATE-MISSING');
    expect(rules(f)).toContain('R-TBL-BLANK');
    for (const r of ['R-SUM-RESULTS', 'R-SUM-BALANCE']) {
      const hits = f.filter((x) => x.rule === r);
      expect(hits.length).toBeGreaterThan(0);
      for (const h of hits) expect(h).toMatchObject({ blankInvolved: true, severity: 'warning' });
    }
    expect(rules(f)).not.toContain('R-FMT-VERSION');
  });

  it('004: no cross-year finding (carry-over and 现行有效 consistent)', async () => {
    const { result } = await checkPaths([SEEDS.liaocheng]);
    expect(result.crossYear.filter((f) => f.rule !== 'R-XYEAR-COPY')).toEqual([]);
  });

  it('Shanghai: blank totals, R-SUM-ROW involving blanks only, text-vs-table contradictions', () => {
    const f = rep(shanghai);
    expect(f.find((x) => x.rule === 'R-TBL-BLANK')?.severity).toBe('warning');
    const arith = f.filter((x) => ARITH.includes(x.rule));
    expect(arith.length).toBeGreaterThan(0);
    for (const a of arith) expect(a).toMatchObject({ blankInvolved: true, severity: 'warning' });
    expect(arith.filter((a) => a.rule === 'R-SUM-BALANCE')).toEqual([]);
    const rowSums = arith.filter((a) => a.rule === 'R-SUM-ROW');
    expect(rowSums.find((a) => a.row === 'granted')).toMatchObject({ expected: 272, actual: null });
    const tt = f.filter((x) => x.rule === 'R-TEXT-TABLE');
    expect(tt.find((x) => x.actual === 258)).toMatchObject({ expected: 275 });
    expect(tt.find((x) => x.actual === 265)).toMatchObject({ expected: 337 });
    expect(tt.some((x) => x.message.includes('均获维持'))).toBe(true);
    // 复议7件、诉讼9件 and 不予公开35件 match the table.
    expect(tt.some((x) => x.actual === 7 || x.actual === 9 || x.actual === 35)).toBe(false);
    expect(tt).toHaveLength(3);
    expect(rules(f)).not.toContain('R-DATE-LATE');
  });
});
