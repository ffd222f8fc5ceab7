// Engine benchmark (issues 2 and 3): parse and rules per report, cells correct, 1,000 reports via the CLI.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseDocument } from '../../src/core/extract/document.js';
import { checkReport, resolveSettings } from '../../src/core/rules/index.js';
import { normalizeForMatch } from '../../src/core/text/normalize.js';
import { readDocumentFile } from '../../src/services/readers.js';
import { FIXTURES, ROOT, SEEDS } from '../helpers/engine.js';
import { buildReport, consistentRequests } from '../helpers/reportgen.js';
import { compareCells, TRUTH } from '../helpers/truth.js';
import { fmt, row, stats, time } from './util.js';

export async function benchEngine() {
  const settings = resolveSettings();
  console.log('\n### Engine (text reports)\n');
  row(['measure', 'n', 'median', 'p95', 'budget']);
  row(['---', '---', '---', '---', '---']);
  // One text report parsed: single-report fixtures and a generated report.
  const singles = [SEEDS.haidong, SEEDS.weihui, SEEDS.dehui, SEEDS.shanghai];
  const docs = await Promise.all(singles.map((p) => readDocumentFile(p)));
  docs.push({ text: buildReport(), kind: 'txt', sha256: 'x', spans: [] });
  const parseMs: number[] = [];
  const ruleMs: number[] = [];
  for (let i = 0; i < 60; i++) {
    for (const d of docs) {
      const [p, ms] = time(() => parseDocument(d));
      parseMs.push(ms);
      const norm = normalizeForMatch(d.text);
      const r = p.reports[0]!;
      const [, rms] = time(() => checkReport(r, d.text, settings, norm));
      ruleMs.push(rms);
    }
  }
  const ps = stats(parseMs.slice(docs.length * 10)); // after warm-up
  const rs = stats(ruleMs.slice(docs.length * 10));
  row(['parse one text report', ps.n, fmt(ps.median), fmt(ps.p95), '≤ 5 ms median']);
  row(['all rules on one report', rs.n, fmt(rs.median), fmt(rs.p95), '≤ 2 ms median']);

  // Cells against the hand-read truth.
  let ok = 0;
  let all = 0;
  for (const t of TRUTH) {
    const d = await readDocumentFile(join(FIXTURES, t.file));
    const cmp = compareCells(t, parseDocument(d).reports[t.report]);
    all += cmp.length;
    ok += cmp.filter((c) => c.ok).length;
  }
  row(['cells correct, text fixtures', all, `${((ok / all) * 100).toFixed(2)}% (${ok}/${all})`, '', '100%']);

  // 1,000 distinct text reports through `nianbao check --json`.
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT });
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-'));
  let seed = 1;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const layouts = ['tab', 'pipe', 'markdown', 'cell-per-line'] as const;
  for (let i = 0; i < 1000; i++) {
    const text = buildReport({
      agency: `第${i % 250}号测试局`,
      year: 2020 + (i % 4) + 1,
      layout: layouts[i % layouts.length],
      requests: consistentRequests(rand, 50),
    });
    writeFileSync(join(dir, `r${String(i).padStart(4, '0')}.txt`), text);
  }
  const t0 = performance.now();
  const res = spawnSync(process.execPath, [join(ROOT, 'bin/nianbao.mjs'), 'check', '--json', dir], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const elapsed = performance.now() - t0;
  const out = JSON.parse(res.stdout);
  const reports = out.documents.reduce((a: number, d: { reports: unknown[] }) => a + d.reports.length, 0);
  row(['1,000 text reports via `nianbao check --json` (wall, incl. start-up)', reports, fmt(elapsed), '', '≤ 10 s']);
  rmSync(dir, { recursive: true, force: true });
}
