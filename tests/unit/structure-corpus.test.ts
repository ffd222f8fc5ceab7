// The structure corpus: every tests/corpus/structure-*.json names a variant built at test time by
// tests/helpers/structure-corpus.ts and says what must hold (cells, sections, findings that must and
// must not appear).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFilePath, checkString, ROOT } from '../helpers/engine.js';
import { TOOLS } from '../helpers/docs.js';
import { VARIANTS } from '../helpers/structure-corpus.js';
import type { FindingJson } from '../../src/core/output.js';

interface Expect {
  variant: string;
  class: string;
  note: string;
  reports: number;
  sections: string[];
  cells: Record<string, number | null>;
  mustFind: string[];
  mustNotFind: string[];
  countOf?: Record<string, number>;
  formats?: Record<string, string>;
  sectionTitles?: Record<string, string>;
  years?: number[];
  agency?: string;
  documentMustFind?: string[];
}

const DIR = join(ROOT, 'tests', 'corpus');
const files = readdirSync(DIR).filter((f) => f.startsWith('structure-') && f.endsWith('.json')).sort();

/** The names a finding answers to: R-X, R-X:section, R-X:table, R-X:table.row. */
const ids = (f: FindingJson) => {
  const out = [f.rule];
  if (f.section) out.push(`${f.rule}:${f.section}`);
  if (f.table) out.push(`${f.rule}:${f.table}`);
  if (f.table && f.row) out.push(`${f.rule}:${f.table}.${f.row}`);
  return out;
};

describe('structure corpus', () => {
  it('has at least 25 variants in TXT, HTML, DOCX and PDF, each with a generator', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
    const kinds = new Set(files.map((f) => /-(txt|html|docx|pdf)\.json$/.exec(f)?.[1] ?? 'html'));
    expect([...kinds].sort()).toEqual(['docx', 'html', 'pdf', 'txt']);
    for (const f of files) expect(VARIANTS[JSON.parse(readFileSync(join(DIR, f), 'utf8')).variant], f).toBeTypeOf('function');
  });

  for (const file of files) {
    const e = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Expect;
    const needs = /-(docx)$/.test(e.variant) ? TOOLS.soffice : /-(pdf)$/.test(e.variant) ? TOOLS.chromium : true;
    it.skipIf(!needs)(`${e.variant}: ${e.note}`, { timeout: 180_000 }, async () => {
      const built = VARIANTS[e.variant]!();
      const { parse, json } = built.text !== undefined ? await checkString(built.text, `${e.variant}.txt`) : await checkFilePath(built.path!);
      const reports = parse!.reports;
      expect(reports.length, 'reports').toBe(e.reports);
      if (e.years) expect(reports.map((r) => r.year)).toEqual(e.years);
      if (e.agency) expect(reports.map((r) => r.agency)).toEqual(reports.map(() => e.agency));
      const r = reports[0];
      if (r) expect(
        Object.values(r.sections)
          .filter((s) => s.present)
          .map((s) => s.key),
        'sections present',
      ).toEqual(e.sections);
      if (r) for (const [k, title] of Object.entries(e.sectionTitles ?? {})) {
        expect((r.sections as Record<string, { title: string }>)[k]!.title.replace(/\s+/g, '')).toBe(title);
      }
      if (r) for (const [t, f] of Object.entries(e.formats ?? {})) expect(r.tables[t as 'proactive'].format, `format of ${t}`).toBe(f);
      if (r) for (const [path, want] of Object.entries(e.cells)) {
        const [t, row, col] = path.split('/') as ['requests', string, string];
        expect(r.tables[t].rows[row]?.cells[col]?.value ?? null, path).toBe(want);
      }
      for (const [i, rep] of json.reports.entries()) {
        const got = new Set(rep.findings.flatMap(ids));
        for (const m of i === 0 ? e.mustFind : []) expect(got.has(m), `must find ${m}; found ${[...got].join(' ')}`).toBe(true);
        for (const m of e.mustNotFind) expect(got.has(m), `must not find ${m}: ${rep.findings.filter((f) => ids(f).includes(m)).map((f) => f.message).join(' / ')}`).toBe(false);
        if (i === 0) {
          for (const [rule, n] of Object.entries(e.countOf ?? {})) expect(rep.findings.filter((f) => f.rule === rule).length, `count of ${rule}`).toBe(n);
        }
      }
      const docGot = new Set(json.findings.flatMap(ids));
      for (const m of e.documentMustFind ?? []) expect(docGot.has(m), `document must find ${m}`).toBe(true);
      if (e.documentMustFind?.includes('R-NOT-REPORT')) expect(json.findings.filter((f) => f.rule === 'R-NOT-REPORT')).toHaveLength(1);
    });
  }
});
