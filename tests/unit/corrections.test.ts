// The auditor's corrections: cells (as printed, blank, confirmed), section starts and row labels,
// applied to real readings (generated reports read as OCR, seed fixtures); every rule re-runs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDocumentBytes } from '../../src/services/readers.js';
import { checkText } from '../../src/services/check.js';
import { buildReport, consistentRequests } from '../helpers/reportgen.js';
import { resolveSettings } from '../../src/core/rules/registry.js';
import { correctionId, type Correction } from '../../src/core/corrections.js';
import { makeAnchor } from '../../src/core/review.js';
import { SEEDS } from '../helpers/engine.js';

const STAMP = { by: '王审核', at: '2026-12-07T10:00:00.000Z', version: 1 };

async function read(text: string, ocr: boolean, name = 'scan.txt') {
  const doc = await readDocumentBytes(new TextEncoder().encode(text), name);
  if (ocr) {
    doc.ocr = { engine: 'test', pages: 1, lowConfidence: 0, threshold: 0.8, ms: 0, cached: false };
    doc.spans = doc.spans.map((s) => ({ ...s, confidence: 0.95 }));
  }
  return doc;
}

function cell(reportKey: string, table: 'requests' | 'reviews' | 'proactive', row: string, col: string, kind: 'value' | 'blank' | 'confirm', raw: string | undefined, readRaw: string): Correction {
  return { ...STAMP, id: correctionId({ reportKey, kind, table, row, col }), reportKey, kind, table, row, col, ...(raw !== undefined ? { raw } : {}), read: { raw: readRaw, value: readRaw === '' ? null : Number(readRaw) } };
}

let s = 17;
const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
const req = consistentRequests(rand, 40);
const clean = buildReport({ layout: 'tab', requests: req });
const line = (label: string) => clean.split('\n').find((l) => l.includes(label))!;

describe('cell corrections', () => {
  // One digit misread with confidence: the row sum of 二、上年结转 fails.
  const misread = line('二、上年结转政府信息公开申请数量');
  const vals = misread.split('\t');
  const printed = vals[2]!;
  vals[2] = String(Number(printed) + 10);
  const damaged = clean.replace(misread, vals.join('\t'));

  it('a misread digit corrected as printed: the false R-SUM findings go, the reading is kept, the finding is listed as settled by the correction', async () => {
    const doc = await read(damaged, true);
    const before = checkText('scan.txt', doc, resolveSettings());
    const rep = before.json.reports[0]!;
    const false0 = rep.findings.filter((f) => f.rule.startsWith('R-SUM') && (f.row === 'carried_in' || f.col === 'business'));
    expect(false0.length).toBeGreaterThan(0);
    expect(false0.find((f) => f.rule === 'R-SUM-ROW' && f.row === 'carried_in')?.needsReview).toBe(true);
    const c = cell(rep.key, 'requests', 'carried_in', 'business', 'value', printed, vals[2]!);
    const after = checkText('scan.txt', doc, resolveSettings(), [c]);
    const r2 = after.json.reports[0]!;
    expect(r2.key).toBe(rep.key);
    expect(r2.findings.filter((f) => f.rule.startsWith('R-SUM'))).toEqual([]);
    expect(r2.tables.requests.rows.carried_in!.business).toBe(Number(printed));
    expect(r2.corrected).toEqual([
      { table: 'requests', row: 'carried_in', col: 'business', kind: 'value', raw: printed, value: Number(printed), read: { raw: vals[2], value: Number(vals[2]) }, by: STAMP.by, at: STAMP.at },
    ]);
    const settled = r2.resolvedByCorrection!.map((f) => f.fingerprint).sort();
    expect(settled).toEqual(false0.map((f) => f.fingerprint).sort());
    const cellObj = after.parse!.reports[0]!.tables.requests.rows.carried_in!.cells.business!;
    expect(cellObj.correction?.read.raw).toBe(vals[2]);
    // The corrected cell is checked in the doubtful list (the row stays listed, as read).
    expect(r2.lowConfidence!.find((x) => x.row === 'carried_in' && x.col === 'business')?.checked).toBe(true);
  });

  it('a wrong correction brings a new finding, which rests on the corrected cell', async () => {
    const doc = await read(clean, false, 'report.txt');
    const rep = checkText('report.txt', doc, resolveSettings()).json.reports[0]!;
    expect(rep.findings.filter((f) => f.rule.startsWith('R-SUM'))).toEqual([]);
    const was = String(req.received![6]);
    const c = cell(rep.key, 'requests', 'received', 'total', 'value', String(Number(was) + 1), was);
    const r2 = checkText('report.txt', doc, resolveSettings(), [c]).json.reports[0]!;
    const row = r2.findings.find((f) => f.rule === 'R-SUM-ROW' && f.row === 'received');
    expect(row?.corrected).toBe(true);
  });

  it('blank as printed, and a withdrawn correction no longer applies', async () => {
    const doc = await read(clean, false, 'report.txt');
    const rep = checkText('report.txt', doc, resolveSettings()).json.reports[0]!;
    const was = String(req.received![0]);
    const c = cell(rep.key, 'requests', 'received', 'natural', 'blank', undefined, was);
    const r2 = checkText('report.txt', doc, resolveSettings(), [c]).json.reports[0]!;
    expect(r2.tables.requests.rows.received!.natural).toBeNull();
    expect(r2.corrected![0]!.kind).toBe('blank');
    const r3 = checkText('report.txt', doc, resolveSettings(), [{ ...c, deleted: true }]).json.reports[0]!;
    expect(r3.tables.requests.rows.received!.natural).toBe(Number(was));
    expect(r3.corrected).toBeUndefined();
  });

  it('confirmed as read: findings on the cell are no longer needs-review; a confirmation of another reading does not apply', async () => {
    const doc = await read(damaged, true);
    const rep = checkText('scan.txt', doc, resolveSettings()).json.reports[0]!;
    const cols = ['natural', 'business', 'research', 'nonprofit', 'legal', 'other_org', 'total'];
    const rowVals = damaged.split('\n').find((l) => l.includes('二、上年结转'))!.split('\t');
    const confirms = cols.map((col, i) => cell(rep.key, 'requests', 'carried_in', col, 'confirm', undefined, rowVals[i + 1]!));
    const r2 = checkText('scan.txt', doc, resolveSettings(), confirms).json.reports[0]!;
    const sum = r2.findings.find((f) => f.rule === 'R-SUM-ROW' && f.row === 'carried_in')!;
    expect(sum).toBeDefined();
    expect(sum.needsReview).toBeFalsy();
    // Confirmed a different reading (say, before a new OCR engine read it again): not applied.
    const stale = cell(rep.key, 'requests', 'carried_in', 'natural', 'confirm', undefined, '999');
    const out = checkText('scan.txt', doc, resolveSettings(), [stale]);
    expect(out.json.reports[0]!.corrected).toBeUndefined();
    expect(out.json.reports[0]!.findings.find((f) => f.rule === 'R-SUM-ROW' && f.row === 'carried_in')!.needsReview).toBe(true);
  });

  it('a finding resting on an unchecked doubtful cell (another row\'s sum, a column sum) is needs-review until the cell is checked', async () => {
    const doc = await read(damaged, true);
    const before = checkText('scan.txt', doc, resolveSettings());
    const rep = before.json.reports[0]!;
    const cellAt = before.parse!.reports[0]!.tables.requests.rows.carried_in!.cells.business!.range;
    // The misread cell is doubtful (its row does not add up); the column's finding rests on it too.
    expect(rep.lowConfidence!.some((x) => x.row === 'carried_in' && x.col === 'business')).toBe(true);
    const col = rep.findings.filter((f) => f.rule.startsWith('R-SUM') && f.row !== 'carried_in' && f.source.some((e) => e.start === cellAt.start && e.end === cellAt.end));
    expect(col.length).toBeGreaterThan(0);
    for (const f of col) expect(f.needsReview, f.fingerprint).toBe(true);
    // Every cell of the row checked (confirmed as read): no doubt left, the findings stand as confident.
    const cols = ['natural', 'business', 'research', 'nonprofit', 'legal', 'other_org', 'total'];
    const rowVals = damaged.split('\n').find((l) => l.includes('二、上年结转'))!.split('\t');
    const confirms = cols.map((c, i) => cell(rep.key, 'requests', 'carried_in', c, 'confirm', undefined, rowVals[i + 1]!));
    const r2 = checkText('scan.txt', doc, resolveSettings(), confirms).json.reports[0]!;
    for (const f of col) expect(r2.findings.find((x) => x.fingerprint === f.fingerprint)?.needsReview, f.fingerprint).toBeFalsy();
  });

  it('corrections are kept across a rules change (keyed by the cell, not by a finding)', async () => {
    const doc = await read(damaged, true);
    const rep = checkText('scan.txt', doc, resolveSettings()).json.reports[0]!;
    const c = cell(rep.key, 'requests', 'carried_in', 'business', 'value', printed, vals[2]!);
    const settings = resolveSettings({ rules: { 'R-SUM-ROW': { enabled: false }, 'R-SEC-EMPTY': { enabled: true, severity: 'info' } } });
    const r2 = checkText('scan.txt', doc, settings, [c]).json.reports[0]!;
    expect(r2.tables.requests.rows.carried_in!.business).toBe(Number(printed));
    expect(r2.findings.filter((f) => f.rule.startsWith('R-SUM'))).toEqual([]);
  });

  it('a row the reader lost: the auditor types its values', async () => {
    const lost = line('2.没有现成信息需要另行制作');
    const doc = await read(clean.replace(`${lost}\n`, ''), true);
    const rep = checkText('scan.txt', doc, resolveSettings()).json.reports[0]!;
    expect(rep.tables.requests.rows['unable.needs_creation']).toBeUndefined();
    const cols = ['natural', 'business', 'research', 'nonprofit', 'legal', 'other_org', 'total'];
    const fixes = cols.map((col, i) => cell(rep.key, 'requests', 'unable.needs_creation', col, 'value', String(req['unable.needs_creation']![i]), ''));
    const r2 = checkText('scan.txt', doc, resolveSettings(), fixes).json.reports[0]!;
    expect(cols.map((c) => r2.tables.requests.rows['unable.needs_creation']![c])).toEqual(req['unable.needs_creation']!.map((v) => (v === '' ? null : Number(v))));
    expect(r2.findings.filter((f) => f.rule.startsWith('R-SUM'))).toEqual([]);
  });
});

describe('structure corrections', () => {
  it('a section heading the reader missed, pointed out in the original: R-SEC-MISSING goes (seed fixture)', async () => {
    const text = readFileSync(SEEDS.haidong, 'utf8');
    const at = text.indexOf('一、总体情况');
    expect(at).toBeGreaterThanOrEqual(0);
    // As a scan may print it: the numbering and wording lost.
    const broken = text.slice(0, at) + '壹 概况' + text.slice(at + '一、总体情况'.length);
    const doc = await read(broken, true, 'haidong.txt');
    const before = checkText('haidong.txt', doc, resolveSettings());
    const rep = before.json.reports[0]!;
    expect(rep.findings.some((f) => f.rule === 'R-SEC-MISSING' && f.section === 'overview')).toBe(true);
    const anchor = makeAnchor(doc.text, at, at + '壹 概况'.length, doc.sha256);
    const c: Correction = { ...STAMP, id: correctionId({ reportKey: rep.key, kind: 'section', section: 'overview' }), reportKey: rep.key, kind: 'section', section: 'overview', anchor };
    const after = checkText('haidong.txt', doc, resolveSettings(), [c]);
    const r2 = after.json.reports[0]!;
    expect(r2.key).toBe(rep.key);
    expect(r2.findings.some((f) => f.rule === 'R-SEC-MISSING')).toBe(false);
    expect(r2.sections.overview!.present).toBe(true);
    expect(after.parse!.reports[0]!.sections.overview.pointed).toBe(true);
    expect(r2.resolvedByCorrection!.some((f) => f.rule === 'R-SEC-MISSING')).toBe(true);
    // The rest of the reading is unchanged.
    expect(r2.tables).toEqual(rep.tables);
  });

  it('a row the reader took for another: the auditor says which row it is', async () => {
    // "（一）予以公开" misread so that it matches nothing; as text (not OCR) the row is lost.
    const damaged = clean.replace('（一）予以公开', '（一）予以公幵X');
    const doc = await read(damaged, false, 'report.txt');
    const before = checkText('report.txt', doc, resolveSettings());
    const rep = before.json.reports[0]!;
    expect(rep.tables.requests.rows.granted).toBeUndefined();
    const at = doc.text.indexOf('（一）予以公幵X');
    const anchor = makeAnchor(doc.text, at, at + '（一）予以公幵X'.length, doc.sha256);
    const c: Correction = { ...STAMP, id: correctionId({ reportKey: rep.key, kind: 'row', table: 'requests', anchor }), reportKey: rep.key, kind: 'row', table: 'requests', row: 'granted', readAs: null, anchor };
    const after = checkText('report.txt', doc, resolveSettings(), [c]);
    const r2 = after.json.reports[0]!;
    const cols = ['natural', 'business', 'research', 'nonprofit', 'legal', 'other_org', 'total'];
    expect(cols.map((k) => r2.tables.requests.rows.granted![k])).toEqual(req.granted!.map((v) => (v === '' ? null : Number(v))));
    expect(r2.findings.filter((f) => f.rule.startsWith('R-SUM'))).toEqual([]);
    expect(after.parse!.reports[0]!.tables.requests.rows.granted!.pointed).toBe(true);
  });
});

