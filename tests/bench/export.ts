// Export benchmark (issue 7): 2,000 reports to .xlsx.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkText, crossYear } from '../../src/services/check.js';
import { resolveSettings } from '../../src/core/rules/index.js';
import { writeXlsx } from '../../src/services/export.js';
import { defaultRubric } from '../../src/services/resources.js';
import type { CheckJson } from '../../src/core/output.js';
import { tableColumns, type ReviewData } from '../../src/core/sheets.js';
import { buildReport, consistentRequests } from '../helpers/reportgen.js';
import { fmt, row } from './util.js';

export async function benchExport() {
  console.log('\n### Export\n');
  const settings = resolveSettings();
  let seed = 9;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const docs = [];
  for (let i = 0; i < 2000; i++) {
    const req = consistentRequests(rand, 80);
    if (i % 7 === 0) (req.total![6] as number) += 1; // some findings
    const text = buildReport({ agency: `第${i % 500}号测试局`, year: 2020 + (i % 4) + 1, requests: req, date: i % 5 ? undefined : null });
    docs.push(checkText(`r${i}.txt`, { text, kind: 'txt', sha256: String(i).padStart(64, '0'), spans: [] }, settings));
  }
  const check: CheckJson = { version: 1, documents: docs.map((d) => d.json), crossYear: crossYear(docs, settings) };
  const review: ReviewData = { decisions: {}, annotations: {}, scores: {}, statuses: {} };
  const now = new Date().toISOString();
  for (const d of check.documents) {
    const k = d.reports[0]!.key;
    review.scores[k] = { reportKey: k, rubricId: 'default', rubricVersion: 1, criteria: [{ id: 'timely', points: 10, comment: '' }], total: 90, by: '基准', at: now, version: 1 };
    review.statuses[k] = { reportKey: k, status: 'done', by: '基准', at: now, version: 1 };
    for (const f of d.reports[0]!.findings) {
      const id = `${k}|${f.fingerprint}`;
      review.decisions[id] = { id, reportKey: k, fingerprint: f.fingerprint, rule: f.rule, verdict: 'confirmed', comment: '', by: '基准', at: now, version: 1 };
    }
  }
  const reports = new Map(docs.map((d) => [d.json.reports[0]!.key, { report: d.parse!.reports[0]!, text: d.doc!.text }]));
  const out = join(mkdtempSync(join(tmpdir(), 'nianbao-bench-export-')), 'round.xlsx');
  const t0 = performance.now();
  await writeXlsx(out, { check, reports, review, rubric: defaultRubric(), settings, exportedAt: now });
  const ms = performance.now() - t0;
  const findings = check.documents.reduce((a, d) => a + d.reports[0]!.findings.length, 0) + check.crossYear.length;
  row(['measure', 'n', 'result', 'budget']);
  row(['---', '---', '---', '---']);
  row([`2,000 reports (${findings} findings, ${tableColumns().length} table columns) → .xlsx, ${(statSync(out).size / 1e6).toFixed(1)} MB`, 2000, fmt(ms), '≤ 5 s']);
}
