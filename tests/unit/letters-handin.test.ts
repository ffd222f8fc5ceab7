// 反馈意见书 an agency can receive (issue 22): letters only for reviewed reports unless included, and
// then saying plainly the report was not reviewed; no clean bill for a report with undecided errors; no
// rule codes or tool phrases; quotes without extraction spacing; every documented field editable; a
// score table whose label column does not wrap. Real fixtures, a real store, the DOCX read back.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import JSZip from 'jszip';
import { FIXTURES, SEEDS } from '../helpers/engine.js';
import { ReviewStore } from '../../src/services/store/index.js';
import { checkPaths } from '../../src/services/check.js';
import { defaultRubric } from '../../src/services/resources.js';
import { buildLetters, letterCandidates, type LetterInput } from '../../src/core/letters.js';
import { writeLetters } from '../../src/services/letters.js';
import type { CheckJson, ReportJson } from '../../src/core/output.js';

describe('反馈意见书 fit to hand in', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-letters-'));
  let input: LetterInput;
  let blank: ReportJson; // 海东: tables 三 and 四 blank (2 errors), nobody reviewed it
  let hongze: ReportJson; // reviewed: R-TEXT-TABLE and R-TBL-SHAPE confirmed

  beforeAll(async () => {
    const { result, docs } = await checkPaths([SEEDS.haidong, join(FIXTURES, 'real', 'hongze-2024.pdf')]);
    const check: CheckJson = result;
    const reps = check.documents.flatMap((d) => d.reports);
    blank = reps.find((r) => r.agency?.includes('海东'))!;
    hongze = reps.find((r) => r.agency?.includes('洪泽'))!;
    expect(blank.findings.filter((f) => f.rule === 'R-TBL-BLANK' && f.severity === 'error').length).toBeGreaterThanOrEqual(2);
    const texts = new Map<string, string>();
    for (const d of docs) d.json.reports.forEach((r) => texts.set(r.key, d.doc!.text));
    const { store } = await ReviewStore.open(join(dir, 'review.json'), { auditor: '王审核' });
    for (const f of hongze.findings.filter((x) => ['R-TEXT-TABLE', 'R-TBL-SHAPE'].includes(x.rule)))
      store.setDecision({ reportKey: hongze.key, fingerprint: f.fingerprint, rule: f.rule, verdict: 'confirmed', comment: '' });
    for (const f of hongze.findings.filter((x) => !['R-TEXT-TABLE', 'R-TBL-SHAPE'].includes(x.rule)))
      store.setDecision({ reportKey: hongze.key, fingerprint: f.fingerprint, rule: f.rule, verdict: 'dismissed', comment: '' });
    store.setStatus(hongze.key, 'done');
    const rubric = defaultRubric();
    store.setScore({ reportKey: hongze.key, rubricId: rubric.id, rubricVersion: rubric.version, criteria: rubric.criteria.map((c) => ({ id: c.id, points: c.points, comment: '' })), total: rubric.total, comment: '' });
    const d = store.data;
    input = { check, review: { decisions: d.decisions, annotations: d.annotations, scores: d.scores, statuses: d.statuses }, rubric, texts, date: '2026-12-07' };
    await store.close();
  });

  const docxText = async (path: string) => (await mammoth.extractRawText({ path })).value;

  it('writes letters only for reviewed reports unless others are included, and then says so', async () => {
    expect(letterCandidates(input)).toEqual({ reviewed: [hongze.key], unreviewed: [blank.key] });
    expect(buildLetters(input).map((l) => l.reportKey)).toEqual([hongze.key]);
    const all = buildLetters({ ...input, includeUnreviewed: true });
    expect(all.map((l) => l.reportKey).sort()).toEqual([blank.key, hongze.key].sort());
    const r = await writeLetters(join(dir, 'all'), all);
    const [text0, text1] = await Promise.all(r.written.map(docxText));
    const blankText = [text0, text1].find((t) => t!.includes('海东'))!;
    // Not a clean bill: the two blank tables are listed as unconfirmed problems.
    expect(blankText).toContain('本报告尚未经审核人审阅');
    expect(blankText).not.toMatch(/未发现[^。]*问题/);
    expect(blankText).toMatch(/尚未经审核人确认/);
    expect(blankText).toMatch(/表三整表未填写/);
    expect(blankText).toMatch(/表四整表未填写/);
    for (const t of [text0!, text1!]) {
      expect(t).not.toMatch(/R-[A-Z]+/);
      expect(t).not.toMatch(/已按原文读取|照常核对|已跳过/);
      // "请对照上述问题…" only with problems listed above it.
      if (t.includes('请对照上述问题')) expect(t).toMatch(/（一）/);
    }
  });

  it('quotes lose extraction spacing between Chinese characters; no rule code or tool phrase', async () => {
    const [l] = buildLetters(input);
    const r = await writeLetters(join(dir, 'reviewed'), [l!]);
    const t = await docxText(r.written[0]!);
    expect(t).toContain('反馈意见');
    const quotes = [...t.matchAll(/原文：“([^”]*)”/g)].map((m) => m[1]!);
    expect(quotes.length).toBeGreaterThan(0);
    for (const q of quotes) expect(q).not.toMatch(/[\u4e00-\u9fff] +[\u4e00-\u9fff]/);
    expect(t).toMatch(/受理政府信息公开申请/);
    expect(t).not.toMatch(/R-[A-Z]+|已按原文读取|请对照原文核实/);
    expect(t).not.toMatch(/未发现[^。]*问题/);
  });

  it('every documented field (抬头/称呼/开头/结语/落款) is editable', async () => {
    const settings = { title: '抬头{单位}{年度}测试', salutation: '称呼{单位}测试：', opening: '开头{年度}测试。', closing: '结语测试。', issuer: '落款测试组' };
    const [l] = buildLetters({ ...input, settings });
    const r = await writeLetters(join(dir, 'fields'), [l!]);
    const t = await docxText(r.written[0]!);
    expect(t).toContain(`抬头${hongze.agency}2024测试`);
    expect(t).toContain(`称呼${hongze.agency}测试：`);
    expect(t).toContain('开头2024测试。');
    expect(t).toContain('结语测试。');
    expect(t).toContain('落款测试组');
  });

  it('the score table has a fixed layout whose label column holds the longest criterion on one line', async () => {
    const [l] = buildLetters(input);
    const r = await writeLetters(join(dir, 'table'), [l!]);
    const xml = await (await JSZip.loadAsync(readFileSync(r.written[0]!))).file('word/document.xml')!.async('string');
    expect(xml).toMatch(/<w:tblLayout w:type="fixed"\/>/);
    const first = Number(/<w:gridCol w:w="(\d+)"\/>/.exec(xml)![1]);
    // 小四 (12 pt = 240 twips per Chinese character) plus the cell margins (80 + 80).
    const longest = Math.max(...input.rubric.criteria.map((c) => [...c.title].length));
    expect(first).toBeGreaterThanOrEqual(longest * 240 + 160);
  });
});
