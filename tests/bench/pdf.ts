// PDF benchmark (issue 4): cells correct on a generated suite, a 10-page PDF, 100 PDFs vs pdftotext.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseDocument } from '../../src/core/extract/document.js';
import { readDocumentFile } from '../../src/services/readers.js';
import { ROOT } from '../helpers/engine.js';
import { CORPUS } from '../helpers/docs.js';
import { buildReport, consistentRequests, REQ_COLS, type ReqValues } from '../helpers/reportgen.js';
import { fmt, row, stats } from './util.js';

export async function benchPdf() {
  console.log('\n### PDF (generated with LibreOffice from HTML, ruled tables)\n');
  row(['measure', 'n', 'result', 'budget']);
  row(['---', '---', '---', '---']);
  const dir = join(CORPUS, 'bench-pdf');
  mkdirSync(dir, { recursive: true });
  let seed = 5;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const values: ReqValues[] = [];
  for (let i = 0; i < 100; i++) {
    const req = consistentRequests(rand, 400);
    // Some blank cells, as real reports have.
    for (const k of Object.keys(req)) if (rand() < 0.1) req[k]![1] = '';
    values.push(req);
    const html = buildReport({ layout: 'html', requests: req, agency: `第${i}号测试局`, year: 2023 });
    const f = join(dir, `r${String(i).padStart(3, '0')}.html`);
    if (!existsSync(f.replace(/\.html$/, '.pdf'))) writeFileSync(f, html);
  }
  const todo = readdirSync(dir).filter((f) => f.endsWith('.html') && !existsSync(join(dir, f.replace(/\.html$/, '.pdf'))));
  if (todo.length) {
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', ...todo.map((f) => join(dir, f)), '--outdir', dir], {
      stdio: 'ignore',
      timeout: 600_000,
    });
  }
  const pdfs = readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort().map((f) => join(dir, f));

  // Cells correct.
  let ok = 0;
  let all = 0;
  for (let i = 0; i < pdfs.length; i++) {
    const r = parseDocument(await readDocumentFile(pdfs[i]!)).reports[0];
    for (const [key, vals] of Object.entries(values[i]!)) {
      REQ_COLS.forEach((c, j) => {
        all++;
        const want = vals[j] === '' ? null : vals[j];
        if (r?.tables.requests.rows[key]?.cells[c]?.value === want) ok++;
      });
    }
  }
  row(['table 三 cells correct, 100 text-layer PDFs', all, `${((ok / all) * 100).toFixed(2)}% (${ok}/${all})`, '100%']);

  // A 10-page PDF.
  const long = join(CORPUS, 'bench-10pages.pdf');
  if (!existsSync(long)) {
    const para = '<p>' + '本机关坚持以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开，'.repeat(8) + '</p>';
    const html = buildReport({ layout: 'html', requests: values[0]!, overview: `<p>（一）主动公开</p>${para.repeat(60)}<p>（二）依申请公开</p>${para}` });
    writeFileSync(join(CORPUS, 'bench-10pages.html'), html);
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', join(CORPUS, 'bench-10pages.html'), '--outdir', CORPUS], { stdio: 'ignore' });
  }
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [long], { encoding: 'utf8' }))?.[1]);
  const ms: number[] = [];
  for (let i = 0; i < 12; i++) {
    const t0 = performance.now();
    parseDocument(await readDocumentFile(long));
    ms.push(performance.now() - t0);
  }
  const s = stats(ms.slice(2));
  row([`one ${pages}-page PDF read + parsed (median of 10, warm)`, s.n, `${fmt(s.median)} (p95 ${fmt(s.p95)})`, '≤ 300 ms']);

  // 100 PDFs: nianbao check vs pdftotext -layout, one run.
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT });
  let t0 = performance.now();
  for (const p of pdfs) execFileSync('pdftotext', ['-layout', p, '/dev/null']);
  const tText = performance.now() - t0;
  t0 = performance.now();
  const res = spawnSync(process.execPath, [join(ROOT, 'bin/nianbao.mjs'), 'check', '--json', ...pdfs], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const tCheck = performance.now() - t0;
  const n = JSON.parse(res.stdout).documents.filter((d: { reports: unknown[] }) => d.reports.length === 1).length;
  row([`100 PDFs: pdftotext -layout (sequential, one process per file)`, pdfs.length, fmt(tText), '']);
  row([`100 PDFs: nianbao check --json (one process, all rules)`, n, fmt(tCheck), '']);
  row(['ratio nianbao / pdftotext', '', (tCheck / tText).toFixed(2) + '×', '≤ 3×']);
}
