// Structure benchmark (issue 12, points 1, 2, 7, 8): 1,000 text reports with deviating headings,
// （六） as one row and run-on text through the CLI; two-page PDFs against pdftotext -layout, in one
// process and one process per file (where start-up dominates); run-on text of growing size (linear).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseDocument } from '../../src/core/extract/document.js';
import { ROOT } from '../helpers/engine.js';
import { chromiumPdf } from '../helpers/docs.js';
import { buildReport, consistentRequests, type Layout } from '../helpers/reportgen.js';
import { fmt, row } from './util.js';

const HEADING_VARIANTS: [string, string][] = [
  ['五、存在的主要问题及改进情况', '五、存在的主要问题及整改措施'],
  ['五、存在的主要问题及改进情况', '五、存在问题和改进措施'],
  ['四、政府信息公开行政复议、行政诉讼情况', '四、政府信息公开行政复复议、行政诉讼情况'],
  ['四、政府信息公开行政复议、行政诉讼情况', '四、政府信息公开行政复议、\n行政诉讼情况'],
  ['三、收到和处理政府信息公开申请情况\n', ''],
  ['二、主动公开政府信息情况', '二．主动公开政府信息情况'],
];

function variant(i: number, rand: () => number, layout: Layout): string {
  let s = buildReport({ agency: `第${i % 250}号测试局`, year: 2021 + (i % 4), layout, requests: consistentRequests(rand, 50) });
  const [from, to] = HEADING_VARIANTS[i % HEADING_VARIANTS.length]!;
  if (layout !== 'html') s = s.replace(from, to);
  // One in four: the text as a crawler saved it, on one line.
  if (i % 4 === 3) s = s.replace(/\s+/g, ' ');
  return s;
}

/** Run the CLI under /usr/bin/time: wall time and CPU time of the process (all threads). */
function timed(args: string[]): { wall: number; cpu: number; stdout: string } {
  const t0 = performance.now();
  const out = join(tmpdir(), `nianbao-time-${process.pid}.txt`);
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', out, process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = performance.now() - t0;
  const m = /([\d.]+) ([\d.]+)\s*$/.exec(readFileSync(out, 'utf8'));
  rmSync(out, { force: true });
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN, stdout: r.stdout };
}

export async function benchStructure() {
  console.log('\n### Structure (issue 12: headings, other-format shapes, run-on text)\n');
  row(['measure', 'n', 'result', 'budget']);
  row(['---', '---', '---', '---']);
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT });

  // 1,000 text reports through the CLI.
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-structure-'));
  let seed = 12;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const layouts = ['tab', 'pipe', 'markdown'] as const;
  for (let i = 0; i < 1000; i++) writeFileSync(join(dir, `r${String(i).padStart(4, '0')}.txt`), variant(i, rand, layouts[i % 3]!));
  // The same count of plain reports (official headings, line breaks kept), in the same run: the
  // machine is shared, so the ratio says more than the wall time.
  const plainDir = mkdtempSync(join(tmpdir(), 'nianbao-bench-plain-'));
  for (let i = 0; i < 1000; i++) writeFileSync(join(plainDir, `r${String(i).padStart(4, '0')}.txt`), buildReport({ agency: `第${i % 250}号测试局`, year: 2021 + (i % 4), layout: layouts[i % 3]!, requests: consistentRequests(rand, 50) }));
  const plain = timed([join(ROOT, 'bin/nianbao.mjs'), 'check', '--json', plainDir]);
  rmSync(plainDir, { recursive: true, force: true });
  const run = timed([join(ROOT, 'bin/nianbao.mjs'), 'check', '--json', dir]);
  const elapsed = run.wall;
  let t0 = 0;
  void t0;
  const res = { stdout: run.stdout };
  const out = JSON.parse(res.stdout) as { documents: { reports: { findings: { rule: string }[] }[] }[] };
  const reports = out.documents.reduce((a, d) => a + d.reports.length, 0);
  const missing = out.documents.flatMap((d) => d.reports.flatMap((r) => r.findings)).filter((f) => f.rule === 'R-SEC-MISSING' || f.rule === 'R-TBL-MISSING').length;
  row(['1,000 plain text reports via `nianbao check --json`: wall / CPU (user+sys, all threads)', 1000, `${fmt(plain.wall)} / ${fmt(plain.cpu)}`, '']);
  row(['1,000 text reports (heading variants, 1 in 4 on one line) via `nianbao check --json`: wall / CPU', reports, `${fmt(elapsed)} / ${fmt(run.cpu)}`, '≤ 10 s']);
  row(['R-SEC-MISSING / R-TBL-MISSING among them (all sections and tables are there)', reports, String(missing), '0']);
  rmSync(dir, { recursive: true, force: true });

  // Two-page PDFs (Chromium print, 11 pt: a short report fills two pages).
  const pdfs: string[] = [];
  for (let i = 0; i < 100; i++) {
    let html = buildReport({ agency: `第${i}号测试局`, year: 2023, layout: 'html', requests: consistentRequests(rand, 50), overview: '<p>（一）主动公开</p><p>全年主动公开信息120条。</p>' });
    const [from, to] = HEADING_VARIANTS[i % 3]!;
    html = html.replace(from, to).replace('<head>', '<head><style>body{font-size:12pt} td,p{font-size:11pt}</style>');
    pdfs.push(chromiumPdf(`bench-structure-${i}`, html));
  }
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfs[0]!], { encoding: 'utf8' }))?.[1]);
  t0 = performance.now();
  for (const p of pdfs) execFileSync('pdftotext', ['-layout', p, '/dev/null']);
  const tText = performance.now() - t0;
  const c2 = timed([join(ROOT, 'bin/nianbao.mjs'), 'check', '--json', ...pdfs]);
  const r2 = { stdout: c2.stdout };
  const tCheck = c2.wall;
  const docs = (JSON.parse(r2.stdout) as { documents: { reports: { findings: { rule: string }[] }[] }[] }).documents;
  const found = docs.filter((d) => d.reports.length === 1).length;
  const falseMissing = docs.flatMap((d) => d.reports.flatMap((r) => r.findings)).filter((f) => f.rule === 'R-SEC-MISSING' || f.rule === 'R-TBL-MISSING').length;
  row([`${pdfs.length} ${pages}-page PDFs: pdftotext -layout, one process per file`, pdfs.length, fmt(tText), '']);
  row([`${pdfs.length} ${pages}-page PDFs: nianbao check --json, one process (reports found: ${found}, false R-SEC/TBL-MISSING: ${falseMissing}); wall / CPU`, pdfs.length, `${fmt(tCheck)} / ${fmt(c2.cpu)}`, '']);
  row(['ratio nianbao / pdftotext, same run', '', (tCheck / tText).toFixed(2) + '×', '≤ 3×']);
  // One process per file: start-up dominates.
  const few = pdfs.slice(0, 10);
  t0 = performance.now();
  for (const p of few) execFileSync('pdftotext', ['-layout', p, '/dev/null']);
  const tText1 = performance.now() - t0;
  t0 = performance.now();
  for (const p of few) spawnSync(process.execPath, [join(ROOT, 'bin/nianbao.mjs'), 'check', '--json', p], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const tCheck1 = performance.now() - t0;
  row([`${few.length} PDFs, one nianbao process per file (start-up each time) vs one pdftotext per file`, few.length, `${fmt(tCheck1 / few.length)} vs ${fmt(tText1 / few.length)} per file (${(tCheck1 / tText1).toFixed(1)}×)`, '']);

  // Run-on text: linear in size.
  const one = buildReport({ layout: 'tab' }).replace(/\s+/g, ' ');
  for (const size of [250_000, 1_000_000, 2_000_000]) {
    const text = new Array(Math.ceil(size / one.length)).fill(one).join(' ');
    const ms: number[] = [];
    let n = 0;
    for (let k = 0; k < 3; k++) {
      const t = performance.now();
      n = parseDocument({ text, kind: 'txt', spans: [] } as unknown as Parameters<typeof parseDocument>[0]).reports.length;
      ms.push(performance.now() - t);
    }
    row([`one line of ${(size / 1e6).toFixed(2)} MB (${n} reports run together), parse, best of 3`, n, fmt(Math.min(...ms)), 'linear']);
  }
}
