// Real report files: PDFs (LibreOffice and Chromium), DOCX, HTML pages, scans and broken files, all
// generated at test time from the fixtures and from generated reports.
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { checkFilePath, SEEDS } from '../helpers/engine.js';
import { chromiumPdf, pdfPages, pdfPageText, scannedPdf, soffice, TOOLS } from '../helpers/docs.js';
import { compareCells, TRUTH } from '../helpers/truth.js';
import { buildReport, consistentRequests, REQ_COLS, type ReqValues } from '../helpers/reportgen.js';
import { pageAt } from '../../src/core/output.js';
import { checkPaths } from '../../src/services/check.js';
import type { Report } from '../../src/core/model.js';

const shanghaiHtml = readFileSync(SEEDS.shanghai, 'utf8');
const shanghaiTruth = TRUTH.find((t) => t.file.endsWith('shanghai-office-2019.html'))!;

function requireTools() {
  expect(TOOLS.soffice, 'LibreOffice (soffice) is needed to build test documents: run bash .ci/run').toBe(true);
  expect(TOOLS.chromium, 'Chromium is needed to build test documents: run bash .ci/run').toBe(true);
}

function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

function expectRequests(r: Report, req: ReqValues) {
  for (const [key, vals] of Object.entries(req)) {
    REQ_COLS.forEach((c, i) => expect(r.tables.requests.rows[key]?.cells[c]?.value, `${key}.${c}`).toBe(vals[i] === '' ? null : vals[i]));
  }
}

describe('the Shanghai page as PDF and DOCX', () => {
  const variants: [string, () => string][] = [
    ['Chromium PDF', () => chromiumPdf('shanghai', shanghaiHtml)],
    ['LibreOffice PDF', () => soffice({ name: 'shanghai.html', content: shanghaiHtml }, 'pdf')],
    ['LibreOffice DOCX', () => soffice({ name: 'shanghai.html', content: shanghaiHtml }, 'docx')],
  ];
  for (const [name, make] of variants) {
    it(`${name}: every cell as in the truth, the same text-vs-table findings`, async () => {
      requireTools();
      const file = make();
      const c = await checkFilePath(file);
      expect(c.json.error).toBeNull();
      const r = c.parse!.reports[0]!;
      expect(c.parse!.reports).toHaveLength(1);
      expect(r).toMatchObject({ year: 2019, format: '2019', publishedOn: '2020-01-31' });
      const cmp = compareCells(shanghaiTruth, r);
      expect(cmp.filter((x) => !x.ok)).toEqual([]);
      const tt = c.json.reports[0]!.findings.filter((f) => f.rule === 'R-TEXT-TABLE').map((f) => f.actual ?? 'upheld');
      expect(tt.sort()).toEqual([258, 265, 'upheld'].sort());
      expect(c.json.reports[0]!.findings.filter((f) => f.rule === 'R-TBL-SHAPE')).toEqual([]);
    });
  }

  it('PDF cells and findings carry page and box for highlighting', async () => {
    requireTools();
    const c = await checkFilePath(chromiumPdf('shanghai', shanghaiHtml));
    const doc = c.doc!;
    const cell = c.parse!.reports[0]!.tables.requests.rows.total!.cells.total!;
    const span = doc.spans.find((s) => s.start <= cell.range.start && s.end >= cell.range.end)!;
    expect(span.page).toBeGreaterThanOrEqual(1);
    expect(span.box!.w).toBeGreaterThan(0);
    expect(doc.text.slice(cell.range.start, cell.range.end)).toBe('805');
    const f = c.json.reports[0]!.findings.find((x) => x.rule === 'R-TEXT-TABLE')!;
    expect(f.source.every((s) => typeof s.page === 'number')).toBe(true);
    expect(pageAt(doc.spans, cell.range.start)).toBe(span.page);
  });
});

describe('generated reports through PDF and DOCX', () => {
  const req = consistentRequests(rng(11), 300);
  const html = buildReport({ layout: 'html', requests: req, agency: '测试市交通运输局', year: 2023 });
  for (const [name, make] of [
    ['Chromium PDF', () => chromiumPdf('gen', html)],
    ['LibreOffice PDF', () => soffice({ name: 'gen.html', content: html }, 'pdf')],
    ['LibreOffice DOCX', () => soffice({ name: 'gen.html', content: html }, 'docx')],
  ] as const) {
    it(`${name}: all cells read back, a consistent report stays clean`, async () => {
      requireTools();
      const c = await checkFilePath(make());
      const r = c.parse!.reports[0]!;
      expect(r).toMatchObject({ agency: '测试市交通运输局', year: 2023, format: '2021', publishedOn: '2024-01-20' });
      expectRequests(r, req);
      expect(c.json.reports[0]!.findings).toEqual([]);
    });
  }

  it('table 三 split across two pages', async () => {
    requireTools();
    // Push table 三 down until the page break falls inside it.
    let pdf = '';
    for (const h of [700, 800, 600, 900, 500, 1000]) {
      const split = html.replace('<p>三、收到和处理政府信息公开申请情况</p>', `<div style="height:${h}px"></div><p>三、收到和处理政府信息公开申请情况</p>`);
      const candidate = chromiumPdf(`split${h}`, split);
      const pages = [...Array(pdfPages(candidate)).keys()].map((i) => i + 1);
      const first = pages.find((p) => pdfPageText(candidate, p).includes('本年新收'))!;
      if (!pdfPageText(candidate, first).includes('（七）总计') && pdfPageText(candidate, first + 1).includes('（七）总计')) {
        pdf = candidate;
        break;
      }
    }
    expect(pdf, 'no spacer height put a page break inside table 三').not.toBe('');
    const c = await checkFilePath(pdf);
    expectRequests(c.parse!.reports[0]!, req);
    expect(c.json.reports[0]!.findings).toEqual([]);
  });

  it('labels wrapped onto two lines in a narrow column', async () => {
    requireTools();
    const narrow = html.replace('<body>', '<body><style>table{width:100%;table-layout:fixed} td{font-size:13px;word-break:break-all}</style>');
    const pdf = chromiumPdf('narrow', narrow);
    expect(pdfPageText(pdf, 1) + pdfPageText(pdf, 2) + pdfPageText(pdf, 3)).not.toContain('5.要求行政机关确认或重新出具已获取信息');
    const c = await checkFilePath(pdf);
    expectRequests(c.parse!.reports[0]!, req);
    expect(c.json.reports[0]!.findings.filter((f) => f.rule === 'R-TBL-LABEL' || f.rule === 'R-TBL-SHAPE')).toEqual([]);
  });

  it('a page holding two years with site chrome, as PDF', async () => {
    requireTools();
    const a = buildReport({ layout: 'html', year: 2023, agency: '甲市乙局' }).replace(/^.*<body>|<\/body>.*$/gs, '');
    const b = buildReport({ layout: 'html', year: 2022, agency: '甲市乙局' }).replace(/^.*<body>|<\/body>.*$/gs, '');
    const page = `<!doctype html><html><head><meta charset="utf-8"></head><body><p>字号：大 中 小</p>${a}<p>扫码使用手机浏览本页内容</p><p>字号：大 中 小</p>${b}</body></html>`;
    const c = await checkFilePath(chromiumPdf('twoyears', page));
    expect(c.parse!.reports.map((r) => r.year)).toEqual([2023, 2022]);
  });
});

describe('scanned and broken files', () => {
  it('a scanned PDF (no text layer) with OCR off is R-NO-TEXT, never a clean report', async () => {
    requireTools();
    expect(TOOLS.pdftoppm, 'poppler-utils is needed').toBe(true);
    const scan = scannedPdf(chromiumPdf('shanghai', shanghaiHtml));
    const c = await checkFilePath(scan, undefined, { ocr: false });
    expect(c.json.error).toBeNull();
    expect(c.json.findings.map((f) => [f.rule, f.severity])).toEqual([['R-NO-TEXT', 'error']]);
    expect(c.json.reports).toEqual([]);
  });

  it('each broken file gets its code and a Chinese message; the batch goes on', async () => {
    requireTools();
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-broken-'));
    const pdf = chromiumPdf('shanghai', shanghaiHtml);
    const bytes = readFileSync(pdf);
    writeFileSync(join(dir, 'truncated.pdf'), bytes.subarray(0, Math.floor(bytes.length / 3)));
    writeFileSync(join(dir, 'garbage.pdf'), Buffer.from('%PDF-1.7\n' + 'x'.repeat(5000)));
    writeFileSync(join(dir, 'zero.pdf'), '');
    copyFileSync(pdf, join(dir, 'renamed.txt'));
    const enc = soffice(
      { name: 'secret.html', content: shanghaiHtml },
      'pdf',
      'pdf:writer_web_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"abc"}}',
    );
    copyFileSync(enc, join(dir, 'encrypted.pdf'));
    writeFileSync(join(dir, 'huge.pdf'), '');
    truncateSync(join(dir, 'huge.pdf'), 250 * 1024 * 1024); // sparse: nothing is written
    writeFileSync(join(dir, 'old.doc'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2, 3]));
    copyFileSync(SEEDS.dehui, join(dir, 'good.txt'));
    const t0 = Date.now();
    const { result } = await checkPaths([dir]);
    expect(Date.now() - t0).toBeLessThan(30_000);
    const by = Object.fromEntries(result.documents.map((d) => [d.file.split('/').pop(), d]));
    expect(by['truncated.pdf']!.error?.code).toBe('CORRUPT');
    expect(by['garbage.pdf']!.error?.code).toBe('CORRUPT');
    expect(by['zero.pdf']!.error?.code).toBe('EMPTY');
    expect(by['encrypted.pdf']!.error).toMatchObject({ code: 'ENCRYPTED', message: expect.stringContaining('密码') });
    expect(by['huge.pdf']!.error?.code).toBe('TOO_LARGE');
    expect(by['old.doc']!.error?.code).toBe('LEGACY_DOC');
    expect(by['renamed.txt']!).toMatchObject({ kind: 'pdf', error: null });
    expect(by['renamed.txt']!.reports).toHaveLength(1);
    expect(by['good.txt']!.reports).toHaveLength(1);
    for (const d of result.documents) if (d.error) expect(d.error.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('HTML pages', () => {
  it('a GBK page with a meta charset reads without mojibake', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-gbk-'));
    const html = shanghaiHtml.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">');
    const p = join(dir, 'page.htm');
    writeFileSync(p, iconv.encode(html, 'gbk'));
    const c = await checkFilePath(p);
    expect(c.parse!.reports[0]!.agency).toBe('上海市人民政府办公厅');
    expect(compareCells(shanghaiTruth, c.parse!.reports[0]).filter((x) => !x.ok)).toEqual([]);
  });
  it('scripts are not executed and site chrome is dropped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-html-'));
    const p = join(dir, 'page.html');
    const html = shanghaiHtml.replace('<body>', '<body><script>document.write("一、总体情况")</script><div>字号：大 中 小</div><img src="http://example.invalid/x.png">');
    writeFileSync(p, html);
    const c = await checkFilePath(p);
    expect(c.parse!.reports).toHaveLength(1);
    expect(c.doc!.text).not.toContain('document.write');
  });
});
