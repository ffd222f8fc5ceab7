// Corpus "meta" (tests/corpus/meta-*): dates, agency types, agency names, prose numbers, generated in
// TXT/HTML/DOCX/PDF and checked through the real readers and the batch checker against hand-written
// expectation files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPaths } from '../../src/services/check.js';
import { META_VARIANTS, materialise } from '../corpus/meta-gen.js';
import { ROOT } from '../helpers/engine.js';
import { TOOLS } from '../helpers/docs.js';

interface Want {
  rule: string;
  severity?: string;
  row?: string;
  col?: string;
  expected?: number;
  actual?: number;
  needsReview?: boolean | null;
}
interface ReportWant {
  agency: string;
  year: number;
  publishedOn?: string | null;
  publishedOnSource: string | null;
  signedOn?: string | null;
  title?: string;
  must: Want[];
  mustNot: string[];
}
interface Expect {
  id: string;
  about: string;
  settings?: Record<string, unknown>;
  documents: ReportWant[][];
  crossYear?: { must: Want[]; mustNot: string[] };
}

const load = (id: string): Expect => JSON.parse(readFileSync(join(ROOT, 'tests', 'corpus', `meta-${id}.expect.json`), 'utf8'));

function matches(f: Record<string, unknown>, w: Want): boolean {
  for (const [k, v] of Object.entries(w)) {
    if (v === null) {
      if (f[k] !== undefined && f[k] !== false) return false;
    } else if (f[k] !== v) return false;
  }
  return true;
}

describe('meta corpus', () => {
  it('has at least 20 variants in every format, each with its expectation file', () => {
    expect(META_VARIANTS.length).toBeGreaterThanOrEqual(20);
    const formats = new Set(META_VARIANTS.flatMap((v) => v.files.map((f) => f.format)));
    expect([...formats].sort()).toEqual(['docx', 'html', 'pdf', 'txt']);
    for (const v of META_VARIANTS) expect(load(v.id).documents).toHaveLength(v.files.length);
  });

  for (const v of META_VARIANTS) {
    const needsTools = v.files.some((f) => f.format === 'pdf' || f.format === 'docx');
    it.skipIf(needsTools && !(TOOLS.soffice && TOOLS.chromium))(v.id, async () => {
      const want = load(v.id);
      const paths = v.files.map((f, i) => materialise(v.id, f, i));
      const { result } = await checkPaths(paths, { settings: want.settings, workers: 0 });
      want.documents.forEach((reports, di) => {
        const doc = result.documents[di]!;
        expect(doc.error, `${v.id}: ${doc.file}`).toBeNull();
        expect(doc.reports.length, `${v.id}: reports in ${doc.file}`).toBe(reports.length);
        reports.forEach((w, ri) => {
          const r = doc.reports[ri]!;
          const ctx = `${v.id} (${want.about}) → ${JSON.stringify(r.findings.map((f) => [f.rule, f.severity, f.row, f.message]))}`;
          expect(r.agency, ctx).toBe(w.agency);
          expect(r.year, ctx).toBe(w.year);
          if ('publishedOn' in w) expect(r.publishedOn, ctx).toBe(w.publishedOn);
          expect(r.publishedOnSource, ctx).toBe(w.publishedOnSource);
          if ('signedOn' in w) expect(r.signedOn, ctx).toBe(w.signedOn);
          if (w.title) expect(r.title, ctx).toBe(w.title);
          for (const m of w.must) expect(r.findings.some((f) => matches(f as unknown as Record<string, unknown>, m)), `${ctx}\nmust: ${JSON.stringify(m)}`).toBe(true);
          for (const id of w.mustNot) expect(r.findings.map((f) => f.rule), ctx).not.toContain(id);
        });
      });
      if (want.crossYear) {
        const ctx = `${v.id} → ${JSON.stringify(result.crossYear.map((f) => [f.rule, f.col, f.expected, f.actual]))}`;
        for (const m of want.crossYear.must) expect(result.crossYear.some((f) => matches(f as unknown as Record<string, unknown>, m)), ctx).toBe(true);
        for (const id of want.crossYear.mustNot) expect(result.crossYear.map((f) => f.rule), ctx).not.toContain(id);
      }
    }, 120_000);
  }
});
