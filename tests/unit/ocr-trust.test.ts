// Trust in OCR readings without running OCR: a generated report whose text carries the damage OCR
// does (a row not read, a misread digit read with confidence, a value lost), read as if it
// had been OCR'd. Every wrong cell must be among the cells to check; a clean row must not be.
import { describe, expect, it } from 'vitest';
import { checkString } from '../helpers/engine.js';
import { readDocumentBytes } from '../../src/services/readers.js';
import { checkText } from '../../src/services/check.js';
import { buildReport, consistentRequests } from '../helpers/reportgen.js';
import { markOcrReview, ocrSuspectCells } from '../../src/core/ocr.js';
import { lowConfidenceCells } from '../../src/core/output.js';
import { checkReport } from '../../src/core/rules/index.js';
import { resolveSettings } from '../../src/core/rules/registry.js';

const COLS = ['natural', 'business', 'research', 'nonprofit', 'legal', 'other_org', 'total'];

async function asOcr(text: string) {
  const c = await checkString(text);
  const doc = c.parse!.doc;
  // All spans read with high confidence: only the structure can give the damage away.
  doc.ocr = { engine: 'test', pages: 1, lowConfidence: 0, threshold: 0.8, ms: 0, cached: false };
  doc.spans = doc.spans.map((s) => ({ ...s, confidence: 0.95 }));
  return { doc, r: c.parse!.reports[0]! };
}

/** Parsed as OCR'd text from the start (the parse itself knows it is reading OCR). */
async function parsedAsOcr(text: string) {
  const doc = await readDocumentBytes(new TextEncoder().encode(text), 'scan.txt');
  doc.ocr = { engine: 'test', pages: 1, lowConfidence: 0, threshold: 0.8, ms: 0, cached: false };
  doc.spans = doc.spans.map((s) => ({ ...s, confidence: 0.95 }));
  const c = checkText('scan.txt', doc, resolveSettings());
  return { doc: c.parse!.doc, r: c.parse!.reports[0]!, c };
}

describe('OCR trust: every wrong cell is among the cells to check', () => {
  let s = 11;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const req = consistentRequests(rand, 50);
  const clean = buildReport({ layout: 'tab', requests: req });

  it('a clean reading flags nothing', async () => {
    const { doc, r } = await asOcr(clean);
    expect(ocrSuspectCells(doc, r)).toEqual([]);
  });

  it('row lost, confident misread digit, lost value: all flagged, the rest not', async () => {
    const line = (label: string) => clean.split('\n').find((l) => l.includes(label))!;
    const lost = line('2.没有现成信息需要另行制作');
    const misread = line('二、上年结转政府信息公开申请数量');
    const short = line('2.重复申请');
    const mvals = misread.split('\t');
    mvals[2] = String(Number(mvals[2]) + 10); // a 1 read where there was none, confidently
    const svals = short.split('\t');
    svals.splice(4, 1); // one value not read at all
    const out = line('四、结转下年度继续办理');
    const ovals = out.split('\t');
    ovals[7] = ''; // the total's ink not read: a blank where the other summary rows have totals
    // A phantom rule split a row: its label on one line, its values on the next.
    const split = line('6.属于四类过程性信息');
    const pvals = split.split('\t');
    const splitAt = pvals.indexOf('6.属于四类过程性信息') + 1;
    const splitRow = [...pvals.slice(0, splitAt), ...pvals.slice(splitAt).map(() => '')].join('\t') + '\n\t\t\t' + pvals.slice(splitAt).join('\t');
    const damaged = clean
      .replace(split, splitRow)
      .replace(out, ovals.join('\t'))
      .replace(`${lost}\n`, '') // the row's cells leaked into a neighbour: not read at all
      .replace(misread, mvals.join('\t'))
      .replace(short, svals.join('\t'));
    const { doc, r } = await asOcr(damaged);
    const flagged = new Set(lowConfidenceCells(doc, r).map((c) => `${c.table}.${c.row}.${c.col}`));
    // Every cell whose reading differs from what was printed is flagged.
    let wrong = 0;
    for (const [row, vals] of Object.entries(req)) {
      COLS.forEach((col, i) => {
        const want = vals[i] === '' ? null : Number(vals[i]);
        const got = r.tables.requests.rows[row]?.cells[col]?.value;
        if (got !== want) {
          wrong++;
          expect(flagged.has(`requests.${row}.${col}`), `${row}.${col} read ${got}, printed ${want}`).toBe(true);
        }
      });
    }
    expect(wrong).toBeGreaterThanOrEqual(7 + 1 + 1);
    const reasons = Object.fromEntries(ocrSuspectCells(doc, r).map((c) => [`${c.table}.${c.row}.${c.col}`, c.reason]));
    expect(reasons['requests.unable.needs_creation.natural']).toBe('missing-row');
    expect(reasons['requests.carried_in.total']).toBe('sum');
    expect(reasons['requests.unable.not_held.natural']).toBe('neighbour');
    if (req['denied.process_info']!.some((v) => v !== '' && v !== 0)) expect(reasons['requests.denied.process_info.total']).toBe('stray');
    expect(reasons['requests.carried_out.total']).toBe('sum');
    expect(Object.keys(reasons).some((k) => k.startsWith('requests.not_processed.duplicate.'))).toBe(true);
    // A clean row is not flagged.
    expect(flagged.has('requests.received.natural')).toBe(false);
    // Findings on the suspect rows (the failed row sum) become needs-review.
    const findings = checkReport(r, damaged, resolveSettings());
    markOcrReview(doc, findings, r);
    const rowSum = findings.find((f) => f.rule === 'R-SUM-ROW' && f.row === 'carried_in');
    expect(rowSum?.needsReview).toBe(true);
  });
});

describe('OCR trust: two rows read as one', () => {
  it('a label cell holding two numbered items (the rule between them lost) flags the row it became', async () => {
    let s = 3;
    const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const req = consistentRequests(rand, 60);
    const clean = buildReport({ layout: 'tab', requests: req });
    const line = (label: string) => clean.split('\n').find((l) => l.includes(label))!;
    const five = line('5.属于三类内部事务信息');
    const seven = line('7.属于行政执法案卷');
    // Row 5's values under a label that ends with row 7's: read as row 7, row 5 lost.
    const merged = clean.replace(five, five.replace('5.属于三类内部事务信息', '5.属于三类内部事务信息（三）不予公开7.属于行政执法案卷')).replace(`${seven}\n`, '');
    const { doc, r } = await asOcr(merged);
    expect(r.tables.requests.rows['denied.enforcement_file']?.cells.natural?.value).toBe(req['denied.internal_affairs']![0] === '' ? null : Number(req['denied.internal_affairs']![0]));
    const flagged = new Set(ocrSuspectCells(doc, r).map((c) => `${c.row}.${c.col}`));
    for (const col of COLS) expect(flagged.has(`denied.enforcement_file.${col}`), col).toBe(true);
  });
});

describe('OCR: a row whose label is too garbled to match is placed by position', () => {
  let s = 5;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const req = consistentRequests(rand, 80);
  const clean = buildReport({ layout: 'tab', requests: req });
  // Labels as OCR garbles them (seen at 300 dpi): nothing left to match by wording.
  const damaged = clean.replace('（一）予以公开', '(二j邓尺公开').replace('（七）总计', '[四计a').replace('二、上年结转政府信息公开申请数量', '二、土午结栲玫府信怠公卄申谓数量');

  it('OCR\'d text: the rows take the missing keys between their neighbours, values right, flagged', async () => {
    const { doc, r, c } = await parsedAsOcr(damaged);
    const t = r.tables.requests;
    for (const key of ['carried_in', 'granted', 'total']) {
      expect(t.rows[key]?.byPosition, key).toBe(true);
      COLS.forEach((col, i) => expect(t.rows[key]!.cells[col]!.value, `${key}.${col}`).toBe(req[key]![i] === '' ? null : Number(req[key]![i])));
    }
    expect(t.unmatched).toEqual([]);
    // Known by position, not by wording: the auditor checks them, and no finding on them is an error outright.
    const reasons = ocrSuspectCells(doc, r).filter((x) => x.reason === 'position').map((x) => `${x.row}.${x.col}`);
    expect(reasons).toContain('granted.natural');
    expect(reasons).toContain('total.total');
    for (const f of c.json.reports[0]!.findings) if (f.table === 'requests' && ['carried_in', 'granted', 'total'].includes(f.row ?? '')) expect(f.needsReview).toBe(true);
    // The rows with readable labels are not placed by position.
    expect(t.rows.partial?.byPosition).toBeUndefined();
  });

  it('a text document keeps such rows unmatched (a label that is not the official one is the report\'s own)', async () => {
    const c = await checkString(damaged);
    const t = c.parse!.reports[0]!.tables.requests;
    expect(t.rows.granted).toBeUndefined();
    expect(t.unmatched.some((u) => u.label.includes('(二j邓尺公开'))).toBe(true);
  });
});

describe('OCR: （七）总计 garbled beside （六）其他处理 printed as one row (issue 23, Hongze at 200 dpi)', () => {
  let s = 5;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const req = consistentRequests(rand, 80);
  // A 2021 report whose （六） is one row (as Hongze prints it), its three sub-rows summed.
  const one = COLS.map((_, i) => ['other.no_correction', 'other.no_fee', 'other.misc'].reduce((a, k) => a + Number(req[k]![i] || 0), 0));
  const lines = buildReport({ layout: 'tab', requests: req }).split('\n');
  const first = lines.findIndex((l) => l.includes('（六）其他处理'));
  lines.splice(first, 3, `\t（六）其他处理\t\t${one.join('\t')}`);
  // The label as the 200 dpi scan read it.
  const damaged = lines.join('\n').replace('（七）总计', '人二>》都计');

  it('the garbled row is （七）总计 by position: values right, flagged', async () => {
    const { doc, r } = await parsedAsOcr(damaged);
    const t = r.tables.requests;
    expect(t.rows.other?.cells.total?.value).toBe(one[6]);
    expect(t.rows.total?.byPosition).toBe(true);
    COLS.forEach((col, i) => expect(t.rows.total!.cells[col]!.value, col).toBe(Number(req.total![i])));
    expect(t.unmatched).toEqual([]);
    expect(ocrSuspectCells(doc, r).filter((x) => x.reason === 'position').map((x) => `${x.row}.${x.col}`)).toContain('total.total');
  });
});

describe('a label cell read as garble', () => {
  it('is not taken as the first value: the values after it stay in their columns, the shape is uncertain', async () => {
    const { alignValues } = await import('../../src/core/extract/align.js');
    const f = (raw: string, i: number) => ({ raw, start: i, end: i });
    // Shanghai photo: "（一）予以公开" read as "Ai"; eight fields for seven columns, the last blank.
    const al = alignValues(['Ai', '258', '12', '', '', '1', '1', ''].map(f), 7);
    expect(al.slots.map((s) => s?.raw ?? null)).toEqual(['258', '12', '', '', '1', '1', '']);
    expect(al.shape.certain).toBe(false);
    // A misread number keeps a digit, and '?' is unread ink: neither is dropped this way.
    expect(alignValues(['l2', '258', '12', '', '', '1', '1', ''].map(f), 7).slots[0]!.raw).toBe('l2');
    expect(alignValues(['?', '258', '12', '', '', '1', '1', ''].map(f), 7).slots[0]!.raw).toBe('?');
  });
});

describe('a scan too coarse to read (issue 23 point 3)', () => {
  it('every error and warning is needs-review, confident or not; the same reading at a good resolution is not', async () => {
    let s = 5;
    const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const req = consistentRequests(rand, 40);
    // Garbled OCR: a section heading lost and a total misread, read "confidently"; and a late date
    // (a finding that stands as confident on a good scan: absences never do, see below).
    const text = buildReport({ layout: 'tab', requests: req, date: '2024年5月20日' })
      .replace(/一、总体情况/, '一丶总休惰况口')
      .replace(/（七）总计\t(\d+)/, (_m, v: string) => `（七）总计\t${Number(v) + 7}`);
    const run = (coarse: boolean) => {
      const doc = { text, kind: 'pdf' as const, sha256: 'x', spans: [{ start: 0, end: text.length, page: 1, box: { x: 0, y: 0, w: 1, h: 1 }, confidence: 0.95 }], notes: [], ocr: { engine: 'test', pages: 3, lowConfidence: 0, threshold: 0.8, ms: 0, cached: false, ...(coarse ? { coarse, dpi: 60 } : {}) } };
      return checkText('scan.pdf', doc, resolveSettings()).json.reports.flatMap((r) => r.findings);
    };
    const fine = run(false).filter((f) => f.severity !== 'info');
    expect(fine.some((f) => !f.needsReview)).toBe(true); // the same findings stand as confident on a good scan
    const coarse = run(true).filter((f) => f.severity !== 'info');
    expect(coarse.length).toBe(fine.length);
    expect(coarse.filter((f) => !f.needsReview)).toEqual([]);
  });
});

describe('OCR: section headings found with one character misread (issue 23 point 4)', () => {
  let s = 9;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const clean = buildReport({ layout: 'tab', requests: consistentRequests(rand, 30) });
  for (const [what, from, to] of [
    ['a title character', '一、总体情况', '一、总休情况'],
    ['the numbering and a title character', '一、总体情况', '上总休情况'],
    ['a character dropped', '六、其他需要报告的事项', '六、其他需要报告事项'],
  ] as const) {
    it(`${what}: "${to}" is the section`, async () => {
      expect(clean).toContain(from);
      const { r, c } = await parsedAsOcr(clean.replace(from, to));
      expect(Object.entries(r.sections).filter(([, v]) => !v.present).map(([k]) => k)).toEqual([]);
      expect(c.json.reports[0]!.findings.filter((f) => f.rule === 'R-SEC-MISSING')).toEqual([]);
    });
  }
});

// Issue 23: a row of table 三 not read at all (the Hongze scan lost （七）总计 under a seal) leaves its
// column balances and the blank-cell count resting on nothing: those table- and column-wide findings
// need review like the row's own. Table 二 with a row whose values were placed by guess ("|", a rule's
// residue, read as a fourth value): its findings need review.
describe('OCR trust: findings on a whole table or column with a row not read', () => {
  let s = 23;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const clean = buildReport({ layout: 'tab', requests: consistentRequests(rand, 80) });

  it('（七）总计 not read: no error or warning on table 三 without 需复核', async () => {
    const total = clean.split('\n').find((l) => l.includes('（七）总计'))!;
    const { c } = await parsedAsOcr(clean.replace(`${total}\n`, ''));
    const onT3 = c.json.reports[0]!.findings.filter((f) => f.table === 'requests' && f.severity !== 'info');
    expect(onT3.length).toBeGreaterThan(0);
    expect(onT3.filter((f) => !f.needsReview).map((f) => f.message)).toEqual([]);
  });

  it('table 二 row with a value too many ("|"): its findings need review', async () => {
    const lic = clean.split('\n').find((l) => l.startsWith('行政许可'))!;
    const { c } = await parsedAsOcr(clean.replace(lic, `${lic}\t|`));
    const onT2 = c.json.reports[0]!.findings.filter((f) => f.table === 'proactive' && f.severity !== 'info');
    expect(onT2.length).toBeGreaterThan(0);
    expect(onT2.filter((f) => !f.needsReview).map((f) => `${f.rule} ${f.message}`)).toEqual([]);
  });
});

// Issue 23: at 100 dpi a cell read confidently can still be wrong (the office scan at 100 dpi had 9
// such cells): in a coarse scan every cell of tables 二, 三 and 四 is to check, whatever its confidence.
describe('a coarse scan: every table cell is to check', () => {
  it('flags every cell of a clean reading once the scan is coarse, none when it is not', async () => {
    let s = 5;
    const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const { doc, r } = await asOcr(buildReport({ layout: 'tab', requests: consistentRequests(rand, 40) }));
    expect(lowConfidenceCells(doc, r)).toEqual([]);
    doc.ocr = { ...doc.ocr!, coarse: true, dpi: 100 };
    const flagged = new Set(lowConfidenceCells(doc, r).map((c) => `${c.table}.${c.row}.${c.col}`));
    for (const tk of ['requests', 'reviews'] as const)
      for (const [rk, row] of Object.entries(r.tables[tk].rows)) for (const ck of Object.keys(row.cells)) expect(flagged.has(`${tk}.${rk}.${ck}`), `${tk}.${rk}.${ck}`).toBe(true);
    expect(flagged.size).toBeGreaterThanOrEqual(190);
  });
});

// Issue 23: the office scan at 150 dpi lost the signature date under the seal and reported
// R-DATE-MISSING as a confident warning. In OCR'd text a date not found needs review.
describe('OCR: no date found needs review', () => {
  it('R-DATE-MISSING is 需复核 in an OCR reading, confident in a text document', async () => {
    const text = buildReport({ layout: 'tab', date: null });
    const { c } = await parsedAsOcr(text);
    const ocr = c.json.reports[0]!.findings.filter((f) => f.rule === 'R-DATE-MISSING');
    expect(ocr).toHaveLength(1);
    expect(ocr[0]!.needsReview).toBe(true);
    const plain = (await checkString(text)).json.reports[0]!.findings.filter((f) => f.rule === 'R-DATE-MISSING');
    expect(plain).toHaveLength(1);
    expect(plain[0]!.needsReview).toBeFalsy();
  });
});

// Issue 23 (photos): a phone photo whose table 二 rules were lost in perspective gave a confident
// "表二 missing". What a reading of an image did not find — a table, a section, a section's body —
// needs review; the same absence in a text document stays confident.
describe('OCR: absence is a doubt', () => {
  it('R-TBL-MISSING, R-SEC-MISSING and R-SEC-EMPTY are 需复核 in an OCR reading, confident in a text document', async () => {
    const text = buildReport({ layout: 'tab', sections: { problems: null } })
      .replace(/信息内容\t本年制发件数[\s\S]*?行政事业性收费\t\d+/, '')
      .replace(/六、其他需要报告的事项\n[^\n]*/, '六、其他需要报告的事项');
    const { c } = await parsedAsOcr(text);
    const plain = (await checkString(text)).json.reports[0]!.findings;
    for (const rule of ['R-TBL-MISSING', 'R-SEC-MISSING', 'R-SEC-EMPTY']) {
      const o = c.json.reports[0]!.findings.filter((f) => f.rule === rule);
      const p = plain.filter((f) => f.rule === rule);
      expect(o.length, rule).toBeGreaterThan(0);
      expect(o.every((f) => f.needsReview), rule).toBe(true);
      expect(p.length, rule).toBe(o.length);
      expect(p.some((f) => !f.needsReview), rule).toBe(true);
    }
  });
});
