// Exports an agency and a colleague can open (issue 22): chart images set in the shipped CJK font (not
// boxes), 总体意见 and 判定人 in the workbook, unambiguous 评分问题, and characters XML 1.0 forbids
// removed where text is typed and again where it is exported (.xlsx and .docx opened by openpyxl,
// python-docx and LibreOffice).
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import canvas from '@napi-rs/canvas';
import { SEEDS } from '../helpers/engine.js';
import { AppService } from '../../src/services/app/index.js';
import { dispatch } from '../../src/services/dispatch.js';
import { ReviewStore } from '../../src/services/store/index.js';
import { makeAnchor } from '../../src/core/review.js';
import { checkPaths } from '../../src/services/check.js';
import { defaultRubric } from '../../src/services/resources.js';
import { resolveSettings } from '../../src/core/rules/index.js';
import { writeXlsx } from '../../src/services/export.js';
import { buildLetters } from '../../src/core/letters.js';
import { writeLetters } from '../../src/services/letters.js';
import { CHART_FONT, chartPng, chartSvg } from '../../src/services/chart-images.js';
import type { ChartSpec } from '../../src/core/charts.js';
import type { SheetInput } from '../../src/core/sheets.js';

const PY = '/usr/bin/python3';
const tmp = () => mkdtempSync(join(tmpdir(), 'nianbao-handin-'));
const BAD = '\uFFFE\uFFFF\u0001\uD800'; // XML 1.0 forbids all four (the last a lone surrogate)

/** One string drawn big as a chart title: the ink as a 0/1 mask (white background). */
async function ink(text: string): Promise<{ mask: Uint8Array; dark: number }> {
  const spec: ChartSpec = { id: 'progress', title: text, option: { title: { text, left: 10, top: 10, textStyle: { fontSize: 64, color: '#000' } } } };
  const img = await chartPng(spec, 120, 90, 1);
  const decoded = await canvas.loadImage(img.png);
  const c = canvas.createCanvas(120, 90);
  const ctx = c.getContext('2d');
  ctx.drawImage(decoded, 0, 0);
  const px = ctx.getImageData(0, 0, 120, 90).data;
  const mask = new Uint8Array(120 * 90);
  let dark = 0;
  for (let i = 0; i < mask.length; i++) if (px[i * 4]! < 128) (mask[i] = 1), dark++;
  return { mask, dark };
}
const differ = (a: Uint8Array, b: Uint8Array) => a.reduce((n, x, i) => n + (x !== b[i] ? 1 : 0), 0);

describe('chart images in the shipped font', () => {
  it('draws Chinese characters as glyphs, not boxes: each character its own shape, unlike a missing glyph', async () => {
    // U+E000 (private use) has no glyph in any font: what a box (or nothing) looks like.
    const box = await ink('\uE000');
    const glyphs = await Promise.all(['一', '川', '国', '审'].map(ink));
    for (const g of glyphs) {
      expect(g.dark).toBeGreaterThan(40);
      expect(differ(g.mask, box.mask)).toBeGreaterThan(100);
    }
    // Boxes would all be the same shape.
    for (let i = 0; i < glyphs.length; i++) for (let j = i + 1; j < glyphs.length; j++) expect(differ(glyphs[i]!.mask, glyphs[j]!.mask)).toBeGreaterThan(100);
    // 一 is one horizontal stroke: its ink sits in a few rows.
    const rows = new Set<number>();
    glyphs[0]!.mask.forEach((x, i) => x && rows.add(Math.floor(i / 120)));
    expect(rows.size).toBeLessThan(12);
  });

  it('every text in the SVG is set in the shipped font, with no hairline boxes or halos over labels', () => {
    const spec: ChartSpec = {
      id: 'progress',
      title: 't',
      option: {
        title: { text: '审核进度', textStyle: { fontFamily: 'Microsoft YaHei' } },
        legend: { bottom: 4 },
        series: [{ type: 'pie', label: { formatter: '{b}\n{c} 份' }, data: [{ name: '已完成', value: 1 }, { name: '未审', value: 3 }] }],
      },
    };
    const svg = chartSvg(spec);
    const families = [...svg.matchAll(/font-family:([^;"]+)/g)].map((m) => m[1]);
    expect(families.length).toBeGreaterThan(3);
    expect(new Set(families)).toEqual(new Set([CHART_FONT]));
    expect(svg).not.toMatch(/paint-order="stroke"/);
    expect(svg).not.toMatch(/stroke="#[0-9a-f]+" stroke-width="0"/);
  });
});

describe('workbook and letters with characters XML 1.0 forbids', () => {
  const dir = tmp();
  let input: SheetInput;
  let xlsx: string;
  let docx: string;
  let key: string;

  beforeAll(async () => {
    const { result, docs } = await checkPaths([SEEDS.shanghai]);
    const rep = result.documents[0]!.reports[0]!;
    key = rep.key;
    const f = rep.findings.find((x) => x.rule === 'R-TEXT-TABLE')!;
    // Written straight into a store (as an older version or a colleague's file could have it).
    const { store } = await ReviewStore.open(join(dir, 'review.json'), { auditor: '王审核' });
    store.setDecision({ reportKey: rep.key, fingerprint: f.fingerprint, rule: f.rule, verdict: 'confirmed', comment: `正文数字有误${BAD}请核实` });
    store.upsertAnnotation({ id: 'n1', reportKey: rep.key, anchor: makeAnchor('均获维持', 0, 4, 'x'), category: 'wording', severity: 'warning', note: `表述${BAD}不当` });
    const rubric = defaultRubric();
    store.setScore({
      reportKey: rep.key,
      rubricId: rubric.id,
      rubricVersion: rubric.version,
      criteria: rubric.criteria.map((c, i) => ({ id: c.id, points: i < 2 ? null : c.points, comment: i === 2 ? `说明${BAD}` : '' })),
      total: null,
      comment: `总体意见：表格${BAD}需补全`,
    });
    store.setStatus(rep.key, 'done');
    const d = store.data;
    const reports = new Map([[rep.key, { report: docs[0]!.parse!.reports[0]!, text: docs[0]!.doc!.text }]]);
    input = { check: result, reports, review: { decisions: d.decisions, annotations: d.annotations, scores: d.scores, statuses: d.statuses }, rubric, settings: resolveSettings({}), exportedAt: new Date().toISOString() };
    await store.close();
    xlsx = join(dir, '评审表.xlsx');
    await writeXlsx(xlsx, input);
    const letters = await writeLetters(join(dir, '意见书'), buildLetters({ check: result, review: input.review, rubric, texts: new Map([[rep.key, docs[0]!.doc!.text]]), date: '2026-12-07' }));
    docx = letters.written[0]!;
  });

  it('openpyxl opens the workbook: 总体意见, 判定人, quoted 评分问题 items, comments without the characters', () => {
    expect(existsSync(PY), 'Debian python3 with python3-openpyxl').toBe(true);
    const out = execFileSync(
      PY,
      [
        '-c',
        `import json,sys,openpyxl
wb=openpyxl.load_workbook(sys.argv[1])
def rows(n):
  ws=wb[n]; h=[c.value for c in ws[1]]
  return [dict(zip(h,[c.value for c in r])) for r in ws.iter_rows(min_row=2)]
s=rows('评分汇总'); f=rows('问题清单')
print(json.dumps({'overall':[r.get('总体意见') for r in s],'problem':[r.get('评分问题') for r in s],'by':[(r.get('判定'),r.get('判定人'),r.get('判定说明'),r.get('来源'),r.get('说明')) for r in f]},ensure_ascii=False))`,
        xlsx,
      ],
      { encoding: 'utf8' },
    );
    const got = JSON.parse(out) as { overall: string[]; problem: string[]; by: [string, string, string, string, string][] };
    expect(got.overall).toEqual(['总体意见：表格需补全']);
    // Two unrated criteria whose titles contain "、": each quoted, so the list reads one way only.
    expect(got.problem[0]).toContain('未评：“按时发布”、“要素完整（标题、统计期限、落款与日期）”');
    const confirmed = got.by.find((r) => r[0] === '确认问题')!;
    expect(confirmed.slice(1, 3)).toEqual(['王审核', '正文数字有误请核实']);
    expect(got.by.find((r) => r[3] === '批注')!.slice(1)).toEqual(['王审核', '', '批注', '表述不当']);
  });

  it('python-docx opens the letter and reads the comment without the characters', () => {
    const out = execFileSync(PY, ['-c', `import sys,docx\nd=docx.Document(sys.argv[1])\nprint('\\n'.join(p.text for p in d.paragraphs))\nprint('\\n'.join(c.text for t in d.tables for r in t.rows for c in r.cells))`, docx], { encoding: 'utf8' });
    expect(out).toContain('审核意见：正文数字有误请核实');
    expect(out).toContain('表述不当');
    expect(out).toContain('总体意见：表格需补全');
    expect(out).toContain('说明');
  });

  it('LibreOffice converts both files', () => {
    const outDir = join(dir, 'lo');
    for (const [file, to] of [
      [xlsx, 'csv:Text - txt - csv (StarCalc):44,34,76'], // UTF-8
      [docx, 'txt'],
    ] as const) {
      const r = spawnSync('soffice', [`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', '--convert-to', to, '--outdir', outDir, file], { encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
    }
    const files = readdirSync(outDir);
    const txt = readFileSync(join(outDir, files.find((f) => f.endsWith('.txt'))!), 'utf8');
    expect(txt).toContain('正文数字有误请核实');
    expect(readFileSync(join(outDir, files.find((f) => f.endsWith('.csv'))!), 'utf8')).toContain('上海市人民政府办公厅');
  });

  it('a colleague\'s review file loses the characters on import', async () => {
    const d = tmp();
    const a = (await ReviewStore.open(join(d, 'a.json'), { auditor: '张三' })).store;
    a.setDecision({ reportKey: 'k1', fingerprint: 'f1', rule: 'R-SUM-ROW', verdict: 'confirmed', comment: `同事${BAD}的说明` });
    const file = JSON.parse(JSON.stringify(a.exportReview())) as unknown; // as written to disk
    await a.close();
    const b = (await ReviewStore.open(join(d, 'b.json'), { auditor: '李四' })).store;
    expect(b.importReview(file).taken).toBe(1);
    expect(b.data.decisions['k1|f1']!.comment).toBe('同事的说明');
    await b.close();
  });

  it('typed text loses the characters at the contract (the store never holds them)', async () => {
    const storePath = join(tmp(), 'review.json');
    const app = new AppService({ storePath, auditor: '甲', files: [SEEDS.shanghai] });
    await app.init();
    const k = app.getWorkspace().items[0]!.key;
    const f = app.getReport({ key: k }).findings[0]!;
    await dispatch(app, 'setDecision', { key: k, fingerprint: f.fingerprint, rule: f.rule, verdict: 'confirmed', comment: `输入${BAD}的说明` });
    const r = app.getReport({ key: k });
    expect(r.findings.find((x) => x.fingerprint === f.fingerprint)!.decision!.comment).toBe('输入的说明');
    await app.close();
    expect(readFileSync(storePath, 'utf8')).not.toMatch(/\\ufffe|\\uffff|\\u0001|\\ud800/i);
    expect(key).toBeTruthy();
  });
});
