// Corrections in the workbook: 表格数据 holds the corrected values with what was read, 更正记录 lists
// every correction, 问题清单 shows the finding a correction settled. Read back with exceljs and openpyxl.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { checkPaths } from '../../src/services/check.js';
import { writeXlsx } from '../../src/services/export.js';
import { defaultRubric } from '../../src/services/resources.js';
import { resolveSettings } from '../../src/core/rules/registry.js';
import { correctionId, type Correction } from '../../src/core/corrections.js';
import { buildReport, consistentRequests } from '../helpers/reportgen.js';

describe('corrections in the workbook', () => {
  it('表格数据 shows the corrected value and what was read; 更正记录 lists the correction; 问题清单 the settled finding', async () => {
    let s = 29;
    const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const req = consistentRequests(rand, 30);
    const clean = buildReport({ layout: 'tab', requests: req });
    const line = clean.split('\n').find((l) => l.includes('一、本年新收'))!;
    const v = line.split('\t');
    const printed = v[7]!;
    v[7] = String(Number(printed) + 100); // the total misread
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-corr-'));
    const file = join(dir, '误读.txt');
    writeFileSync(file, clean.replace(line, v.join('\t')));
    const settings = resolveSettings();
    const first = await checkPaths([file], { settings, workers: 1 });
    const key = first.result.documents[0]!.reports[0]!.key;
    expect(first.result.documents[0]!.reports[0]!.findings.some((f) => f.rule === 'R-SUM-ROW' && f.row === 'received')).toBe(true);
    const c: Correction = { id: correctionId({ reportKey: key, kind: 'value', table: 'requests', row: 'received', col: 'total' }), reportKey: key, kind: 'value', table: 'requests', row: 'received', col: 'total', raw: printed, read: { raw: v[7]!, value: Number(v[7]) }, by: '李审核', at: '2026-12-07T09:30:00.000Z', version: 1 };
    // Through the worker pool, as the CLI checks.
    const { result } = await checkPaths([file], { settings, workers: 1, corrections: [c] });
    expect(result.documents[0]!.corrections).toEqual([{ id: c.id, applied: true }]);
    const out = join(dir, 'out.xlsx');
    await writeXlsx(out, { check: result, corrections: [c], rubric: defaultRubric(), settings, exportedAt: '2026-12-07T10:00:00.000Z' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const rows = (name: string) => {
      const ws = wb.getWorksheet(name)!;
      const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
      const list: Record<string, unknown>[] = [];
      ws.eachRow((r, n) => n > 1 && list.push(Object.fromEntries(header.map((h, i) => [h, (r.values as unknown[])[i + 1] ?? null]))));
      return list;
    };
    const t = rows('表格数据')[0]!;
    expect(t['表三·一、本年新收政府信息公开申请数量·总计']).toBe(Number(printed));
    expect(t['审核人更正（原读数）']).toBe(`表三 一、本年新收政府信息公开申请数量 · 总计栏：${printed}（原读作 ${v[7]}）`);
    const corr = rows('更正记录');
    expect(corr).toHaveLength(1);
    expect(corr[0]).toMatchObject({ 类型: '更正数值', 原读数: v[7], 更正为: printed, 状态: '已应用', 更正人: '李审核', 更正时间: '2026-12-07 09:30:00' });
    const settled = rows('问题清单').filter((r) => r['来源'] === '更正');
    expect(settled.some((r) => r['规则'] === 'R-SUM-ROW' && r['判定'] === '因更正消除')).toBe(true);
    expect(rows('问题清单').some((r) => r['来源'] === '检查' && r['规则'] === 'R-SUM-ROW')).toBe(false);
    // An independent reader sees the same.
    const py = execFileSync('/usr/bin/python3', ['-c', `import json,sys,openpyxl
wb=openpyxl.load_workbook(sys.argv[1])
t=wb['表格数据'];h=[c.value for c in t[1]];r=dict(zip(h,[c.value for c in t[2]]))
c=wb['更正记录'];ch=[x.value for x in c[1]];cr=dict(zip(ch,[x.value for x in c[2]]))
print(json.dumps([r['表三·一、本年新收政府信息公开申请数量·总计'],cr['原读数'],cr['更正为']],ensure_ascii=False))`, out], { encoding: 'utf8' });
    expect(JSON.parse(py)).toEqual([Number(printed), v[7], printed]);
  });
});
