// Issue 12, the unseen check: real-style reports the engine was not built on (tests/unseen/docs, made by
// tests/unseen/make.py from hand-typed numbers), read in every format they come in. Each document's
// expectation file gives every cell, the dates, agency, year and format, and the findings that would be
// false alarms on it. DOCX and PDF variants are made at test time from the article part of the page
// (LibreOffice, or Chromium's print-to-pdf), as offices export them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFilePath, checkString, ROOT } from '../helpers/engine.js';
import { decodeText } from '../../src/core/text/decode.js';
import { chromiumPdf, soffice, TOOLS } from '../helpers/docs.js';

const DIR = join(ROOT, 'tests', 'unseen', 'docs');

interface Expect {
  id: string;
  file: string;
  about: string;
  variants: ('html' | 'txt' | 'docx' | 'pdf-soffice' | 'pdf-chromium')[];
  agency: string | string[];
  year: number;
  format: '2019' | '2021';
  publishedOn: string;
  signedOn: string;
  proactive: Record<string, (number | null)[]>;
  requests: Record<string, (number | null)[]>;
  reviews: (number | null)[];
  mustNot: string[];
  must: Record<string, unknown>[];
}

const EXPECTS: Expect[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.expect.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')));

const REQ_COLS = ['natural', 'business', 'research', 'nonprofit', 'legal', 'other_org', 'total'];
const REV_COLS = ['upheld', 'corrected', 'other', 'pending', 'total'];
const REV_GROUPS = ['review', 'litigation_direct', 'litigation_after_review'];

/** The report as a document: its title and article body, without the site around it. */
function article(html: string): string {
  const title = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)![1]!;
  const body = /<div class="TRS_Editor">([\s\S]*?)<\/div>\s*<div class="share">/.exec(html)![1]!;
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{font-family:"Noto Serif CJK SC",serif;font-size:14px} table{border-collapse:collapse} td{border:1px solid #000;padding:2px}</style></head><body><h1 style="text-align:center;font-size:20px">${title}</h1>\n${body}</body></html>`;
}

function materialise(e: Expect, variant: Expect['variants'][number]): string {
  const src = join(DIR, e.file);
  if (variant === 'html' || variant === 'txt') return src;
  const doc = article(readFileSync(src, 'utf8'));
  const name = `${e.id}.html`;
  if (variant === 'docx') return soffice({ name, content: doc }, 'docx');
  if (variant === 'pdf-soffice') return soffice({ name, content: doc }, 'pdf');
  return chromiumPdf(e.id, doc);
}

describe('unseen real-style reports', () => {
  it('has 12–16 documents covering every kind of office, both formats and every file kind', () => {
    expect(EXPECTS.length).toBeGreaterThanOrEqual(12);
    expect(EXPECTS.length).toBeLessThanOrEqual(16);
    expect(new Set(EXPECTS.map((e) => e.format))).toEqual(new Set(['2019', '2021']));
    const kinds = new Set(EXPECTS.flatMap((e) => e.variants.map((v) => v.replace(/-.*/, ''))));
    expect([...kinds].sort()).toEqual(['docx', 'html', 'pdf', 'txt']);
    const names = EXPECTS.map((e) => (Array.isArray(e.agency) ? e.agency[0]! : e.agency)).join(' ');
    for (const kind of ['市人民政府', '区人民政府', '县人民政府', '街道办事处', '镇人民政府', '管理委员会', '局']) expect(names).toContain(kind);
  });

  for (const e of EXPECTS) {
    for (const v of e.variants) {
      const tools = v === 'docx' || v === 'pdf-soffice' ? TOOLS.soffice : v === 'pdf-chromium' ? TOOLS.chromium : true;
      it.skipIf(!tools)(`${e.id} (${v})`, async () => {
        const res = await checkFilePath(materialise(e, v));
        const json = res.json;
        expect(json.error).toBeNull();
        expect(json.reports).toHaveLength(1);
        const r = json.reports[0]!;
        const ctx = `${e.id} ${v}: ${e.about}\n${JSON.stringify(r.findings.map((f) => [f.rule, f.severity, f.message]))}`;
        // Metadata: agency, year, format, every date the document prints.
        expect(Array.isArray(e.agency) ? e.agency : [e.agency], ctx).toContain(r.agency);
        expect([r.year, r.format, r.publishedOn, r.signedOn], ctx).toEqual([e.year, e.format, e.publishedOn, e.signedOn]);
        for (const [k, s] of Object.entries(r.sections)) expect([k, s.present, s.empty], ctx).toEqual([k, true, false]);
        // Every cell, by hand-typed value (null = blank).
        const got: Record<string, unknown> = {};
        const want: Record<string, unknown> = {};
        const pro = r.tables.proactive.rows as Record<string, Record<string, number | null>>;
        for (const [row, vals] of Object.entries(e.proactive)) {
          want[`proactive.${row}`] = vals;
          got[`proactive.${row}`] = Object.values(pro[row] ?? {});
        }
        const req = r.tables.requests.rows as Record<string, Record<string, number | null>>;
        for (const [row, vals] of Object.entries(e.requests)) {
          want[`requests.${row}`] = vals;
          got[`requests.${row}`] = REQ_COLS.map((c) => req[row]?.[c]);
        }
        const rev = r.tables.reviews as Record<string, Record<string, number | null>>;
        want.reviews = e.reviews;
        got.reviews = REV_GROUPS.flatMap((g) => REV_COLS.map((c) => rev[g]?.[c]));
        expect(got, ctx).toEqual(want);
        // A consistent report: no error-level finding, none of the false alarms named for it.
        const rules = r.findings.map((f) => f.rule);
        for (const id of e.mustNot) expect(rules, ctx).not.toContain(id);
        expect(r.findings.filter((f) => f.severity === 'error'), ctx).toEqual([]);
        for (const m of e.must) expect(r.findings.some((f) => Object.entries(m).every(([k, x]) => (f as unknown as Record<string, unknown>)[k] === x)), `${ctx}\nmust ${JSON.stringify(m)}`).toBe(true);
      }, 180_000);
    }
  }
});

describe('a doubt of reading is never an error of the report', () => {
  const deqing = () => decodeText(readFileSync(join(DIR, 'u14-deqing-nrp-2022.txt'))).text;

  it('a 表三 row with one value missing and a total that does not add up: the sums are warnings naming the inference', async () => {
    // Printed 18 2 0 0 0 0 20; here a value is lost in copying and the total is 21.
    const text = deqing().replace('（一）予以公开\t18\t2\t0\t0\t0\t0\t20', '（一）予以公开\t18\t2\t0\t0\t0\t21');
    expect(text).not.toEqual(deqing());
    const r = (await checkString(text, 'deqing.txt')).json.reports[0]!;
    const sums = r.findings.filter((f) => f.rule.startsWith('R-SUM-') && f.row !== null);
    expect(sums.length).toBeGreaterThan(0);
    expect(r.findings.find((f) => f.rule === 'R-TBL-SHAPE' && f.row === 'granted')).toBeDefined();
    for (const f of sums) {
      expect(f.severity, f.message).toBe('warning');
      expect(f.message).toContain('位置推断');
    }
  });

  it('the same total on a row read in full stays an error', async () => {
    const text = deqing().replace('（一）予以公开\t18\t2\t0\t0\t0\t0\t20', '（一）予以公开\t18\t2\t0\t0\t0\t0\t21');
    const r = (await checkString(text, 'deqing.txt')).json.reports[0]!;
    expect(r.findings.find((f) => f.rule === 'R-SUM-ROW' && f.row === 'granted')).toMatchObject({ severity: 'error', expected: 20, actual: 21 });
  });

  it('a sentence before the table that names 予以公开 and 件 is not read as the row', async () => {
    // The text a PDF gives for section 三 of u05: the sentence precedes the table, words split by spaces.
    const text = readFileSync(join(DIR, 'u10-huzhou-hrss-2021.txt'), 'utf8').replace(
      '三、收到和处理政府信息公开申请情况\n',
      '三、收到和处理政府信息公开申请情况\n2021 年，本机关收到政府信息公开申请 33 件，其中予以公开 18 件，无法提供 8 件，不予处理 2 件。\n',
    );
    const r = (await checkString(text, 'huzhou.txt')).json.reports[0]!;
    expect(REQ_COLS.map((c) => (r.tables.requests.rows as Record<string, Record<string, number | null>>).granted![c])).toEqual([16, 2, 0, 0, 0, 0, 18]);
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
