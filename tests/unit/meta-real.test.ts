// Issue 12 point 5 on the real published reports (../shared/fixtures/real).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFilePath, FIXTURES } from '../helpers/engine.js';

const real = (n: string) => join(FIXTURES, 'real', n);
const rules = (r: { findings: { rule: string }[] }) => r.findings.map((f) => f.rule);

describe('real reports: dates, agency, prose numbers', () => {
  it('hongze-2024.pdf: no date printed anywhere → R-DATE-MISSING; the file date is only mentioned; text 17 vs 本年新收 95', async () => {
    const r = (await checkFilePath(real('hongze-2024.pdf'))).json.reports[0]!;
    expect([r.agency, r.year]).toEqual(['淮安市洪泽区人民政府', 2024]);
    expect(r.signedOn).toBeNull();
    expect(r.publishedOnSource).toBe('metadata');
    expect(rules(r)).toContain('R-DATE-MISSING');
    expect(rules(r)).not.toContain('R-DATE-LATE');
    expect(rules(r)).not.toContain('R-DATE-NOSIGN');
    expect(r.findings.find((f) => f.rule === 'R-DATE-MISSING')!.message).toContain('PDF 文件属性');
    expect(r.findings.filter((f) => f.rule === 'R-TEXT-TABLE')).toMatchObject([{ row: 'received', expected: 95, actual: 17, severity: 'warning' }]);
  });
  it('pingtan-2021.html: the page time 2022-02-08 is the date; a 综合实验区 has until 31 March; no 落款 is an info note', async () => {
    const r = (await checkFilePath(real('pingtan-2021.html'))).json.reports[0]!;
    expect([r.agency, r.year, r.publishedOn, r.publishedOnSource, r.signedOn]).toEqual(['平潭综合实验区', 2021, '2022-02-08', 'page', null]);
    expect(rules(r)).not.toContain('R-DATE-LATE');
    expect(rules(r)).not.toContain('R-DATE-MISSING');
    expect(r.findings.find((f) => f.rule === 'R-DATE-NOSIGN')).toMatchObject({ severity: 'info' });
    // As a department it would have been late: the classification is what keeps it clean.
    const asDept = (await checkFilePath(real('pingtan-2021.html'), { agencyTypes: { 平潭综合实验区: 'department' } })).json.reports[0]!;
    expect(asDept.findings.find((f) => f.rule === 'R-DATE-LATE')).toMatchObject({ severity: 'error' });
  });
  it('shanghai-office-2019.html: 发布日期 2020-01-31 on the page; 人民政府办公厅 is a department, on time', async () => {
    const r = (await checkFilePath(real('shanghai-office-2019.html'))).json.reports[0]!;
    expect([r.agency, r.publishedOn, r.publishedOnSource]).toEqual(['上海市人民政府办公厅', '2020-01-31', 'page']);
    expect(rules(r)).not.toContain('R-DATE-LATE');
  });
});
