// PDF benchmark (issues 4, 24): cells correct on a generated suite, a 10-page PDF, 100 PDFs vs pdftotext in
// one run, a 100-page PDF, and a 1,000-file mixed folder through the CLI and through the app's import.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppService } from '../../src/services/app/index.js';
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

  // 100 PDFs: nianbao check vs pdftotext -layout, one run. The baseline is what a person would time:
  // a shell loop (node's spawn per file would add ~20 ms to each pdftotext), before and after the check.
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT });
  const load0 = loadavg()[0]!;
  const loop = ['bash', '-c', `for f in ${pdfs.map((p) => `'${p}'`).join(' ')}; do pdftotext -layout "$f" /dev/null; done`];
  const spawned = () => {
    const t = performance.now();
    for (const p of pdfs) execFileSync('pdftotext', ['-layout', p, '/dev/null']);
    return performance.now() - t;
  };
  const text1 = timed(loop);
  const [res, tCheck, cpuCheck] = cli(['check', '--json', ...pdfs]);
  const text2 = timed(loop);
  const tText = (text1.wall + text2.wall) / 2;
  const cpuText = (text1.cpu + text2.cpu) / 2;
  const tSpawned = spawned();
  const n = JSON.parse(res.stdout).documents.filter((d: { reports: unknown[] }) => d.reports.length === 1).length;
  row([`100 PDFs: pdftotext -layout, shell loop (wall, before / after)`, pdfs.length, `${fmt(text1.wall)} / ${fmt(text2.wall)}`, '']);
  row([`100 PDFs: pdftotext -layout, spawned one by one from node (execFileSync; not the baseline)`, pdfs.length, fmt(tSpawned), '']);
  row([`100 PDFs: nianbao check --json (one process, worker pool, all rules)`, n, fmt(tCheck), '']);
  row(['ratio nianbao / pdftotext shell loop (wall; mean of before and after)', '', (tCheck / tText).toFixed(2) + '×', '≤ 3×']);
  // CPU time (user + sys of the processes and their threads): what the load average changes least.
  row(['CPU time (user + sys): pdftotext loop / nianbao check', '', `${fmt(cpuText)} / ${fmt(cpuCheck)} (${(cpuCheck / cpuText).toFixed(2)}×)`, '']);
  row(['load average (1 min) before / after', '', `${load0.toFixed(1)} / ${loadavg()[0]!.toFixed(1)}`, '']);

  await benchLargePdf(dir, values[0]!);
  await benchMixedFolder(pdfs, values);
}

/** Wall and CPU time (user + sys of the command and its children, by /usr/bin/time) of a command. */
function timed(cmd: string[]): { wall: number; cpu: number; res: SpawnSyncReturns<string> } {
  const out = join(tmpdir(), `nianbao-bench-time-${process.pid}.txt`);
  const t0 = performance.now();
  const res = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', out, ...cmd], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = performance.now() - t0;
  const [u, s] = readFileSync(out, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  return { wall, cpu: (u! + s!) * 1000, res };
}

/** The CLI on some arguments: its output, wall time and CPU time. */
function cli(args: string[]): [SpawnSyncReturns<string>, number, number] {
  const r = timed([process.execPath, join(ROOT, 'bin/nianbao.mjs'), ...args]);
  return [r.res, r.wall, r.cpu];
}

/** A 100-page report: read + parse in this process, the CLI, and pdftotext. */
async function benchLargePdf(dir: string, req: ReqValues) {
  const long = join(CORPUS, 'bench-100pages.pdf');
  if (!existsSync(long)) {
    const para = '<p>' + '本机关坚持以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开，'.repeat(8) + '</p>';
    const html = buildReport({ layout: 'html', requests: req, overview: `<p>（一）主动公开</p>${para.repeat(400)}<p>（二）依申请公开</p>${para}` });
    writeFileSync(join(CORPUS, 'bench-100pages.html'), html);
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', join(CORPUS, 'bench-100pages.html'), '--outdir', CORPUS], { stdio: 'ignore' });
  }
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [long], { encoding: 'utf8' }))?.[1]);
  const ms: number[] = [];
  for (let i = 0; i < 4; i++) {
    const t0 = performance.now();
    parseDocument(await readDocumentFile(long));
    ms.push(performance.now() - t0);
  }
  const s = stats(ms.slice(1));
  let t0 = performance.now();
  execFileSync('pdftotext', ['-layout', long, '/dev/null']);
  const tText = performance.now() - t0;
  const [, tCheck, cpuCheck] = cli(['check', '--json', long]);
  row([`one ${pages}-page PDF read + parsed (median of 3, warm)`, s.n, fmt(s.median), '']);
  row([`one ${pages}-page PDF: nianbao check --json (cold process) / pdftotext -layout`, 1, `${fmt(tCheck)} (CPU ${fmt(cpuCheck)}) / ${fmt(tText)}`, '']);
}

/** 1,000 files of mixed formats in one folder: the CLI, and the app's import through AppService. */
async function benchMixedFolder(pdfs: string[], values: ReqValues[]) {
  const dir = join(CORPUS, 'bench-mixed');
  mkdirSync(dir, { recursive: true });
  const want = { pdf: 100, docx: 100, html: 400, txt: 400 };
  pdfs.slice(0, want.pdf).forEach((p, i) => {
    const f = join(dir, `m-pdf-${i}.pdf`);
    if (!existsSync(f)) copyFileSync(p, f);
  });
  const conv = join(CORPUS, 'bench-mixed-src');
  mkdirSync(conv, { recursive: true });
  const docxTodo: string[] = [];
  for (let i = 0; i < want.docx; i++) {
    if (existsSync(join(dir, `m-docx-${i}.docx`))) continue;
    const f = join(conv, `m-docx-${i}.html`);
    writeFileSync(f, buildReport({ layout: 'html', requests: values[i % values.length], agency: `第${i}号文档局`, year: 2022 }));
    docxTodo.push(f);
  }
  if (docxTodo.length) {
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${conv}/profile`, '--convert-to', 'docx:MS Word 2007 XML', ...docxTodo, '--outdir', dir], { stdio: 'ignore', timeout: 1_200_000 });
  }
  for (let i = 0; i < want.html; i++) {
    const f = join(dir, `m-html-${i}.html`);
    if (!existsSync(f)) writeFileSync(f, buildReport({ layout: 'html', requests: values[i % values.length], agency: `第${i}号网页局`, year: 2021 + (i % 3) }));
  }
  for (let i = 0; i < want.txt; i++) {
    const f = join(dir, `m-txt-${i}.txt`);
    if (!existsSync(f)) writeFileSync(f, buildReport({ layout: i % 2 ? 'tab' : 'pipe', requests: values[i % values.length], agency: `第${i}号文本局`, year: 2021 + (i % 3) }));
  }
  const files = readdirSync(dir).length;
  const [res, tCheck, cpuCheck] = cli(['check', '--json', dir]);
  const docs = JSON.parse(res.stdout).documents as { reports: unknown[] }[];
  row([`${files}-file mixed folder (100 PDF, 100 DOCX, 400 HTML, 400 TXT): nianbao check --json`, docs.filter((d) => d.reports.length).length, `${fmt(tCheck)} (${(tCheck / files).toFixed(1)} ms/file; CPU ${fmt(cpuCheck)})`, '']);
  const app = new AppService({ storePath: join(mkdtempSync(join(tmpdir(), 'nianbao-bench-mixed-')), 'review.json'), auditor: '基准', files: [dir] });
  const t0 = performance.now();
  await app.init();
  const tApp = performance.now() - t0;
  row([`the same folder imported by the app (AppService, store written)`, app.getWorkspace().items.length, `${fmt(tApp)} (${(tApp / files).toFixed(1)} ms/file)`, '']);
}
