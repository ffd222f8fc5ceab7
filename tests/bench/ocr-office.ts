// Office-style scans benchmark (issue 23): reports printed by LibreOffice so that table 三 splits a
// row at a page break, scanned with a red seal over its last rows and the signature, slant, light
// noise and JPEG (tests/helpers/office-scan.ts), at 100/150/200/300 dpi. Per scan: table 三+四 cells
// right, wrong cells not flagged low-confidence, error/warning findings not marked 需复核 that the
// text reading of the same print does not have (false), seconds per page, peak memory (this process
// and its children). `OFFICE_DPI=200,300`, `OFFICE_DOC=gen,pingtan,shanghai,hongze`, `OFFICE_SEED`,
// `OFFICE_PHOTO=1` (phone photos instead of scans), `OFFICE_SHIPPED=0` (no CLI/desk timing columns).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readDocumentFile } from '../../src/services/readers.js';
import { checkText } from '../../src/services/check.js';
import { resolveSettings } from '../../src/core/rules/index.js';
import { closeOcrPool } from '../../src/services/ocr/engine.js';
import type { Report } from '../../src/core/model.js';
import { ROOT } from '../helpers/engine.js';
import { officePrint, officeScanPdf } from '../helpers/office-scan.js';
import { buildReport, consistentRequests, type V } from '../helpers/reportgen.js';
import { row } from './util.js';
import { treeRss } from './ocr.js';

const REAL = join(ROOT, '..', 'shared', 'fixtures', 'real');

/** The generated report of the office scans: a city government office, 2021 format. */
export function officeGen(seed = 1) {
  let s = 11;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const req = consistentRequests(rand, 300);
  req['denied.state_secret']![2] = '';
  const reviews: V[] = [3, 1, 0, 2, 6, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0];
  const html = buildReport({ layout: 'html', requests: req, reviews, agency: '测试市人民政府办公室', year: 2023 });
  return { html, req, reviews, ...officePrint('gen', html, seed, 0, 12) };
}

type Doc = { name: string; pdf: string; reference: Report; refFindings: Set<string>; sealName: string };

async function reading(file: string) {
  const c = checkText(file, await readDocumentFile(file), resolveSettings());
  return c;
}

/** RSS of a process and all its descendants (threads included: /proc status is per process). */
export function pidTreeRss(root: number): number {
  const kids = new Map<number, number[]>();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(pid)]);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const walk = (pid: number) => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      return;
    }
    for (const k of kids.get(pid) ?? []) walk(k);
  };
  walk(root);
  return total;
}

/**
 * The scan read as shipped, in a process of its own with a fresh OCR cache: the bundled CLI
 * (`nianbao check --json`) and the bundled desk (its import of a folder holding the scan, until it
 * answers). Wall seconds and the peak RSS of the process tree (the recognisers and the raster child).
 */
export async function shipped(scan: string): Promise<{ cli: { s: number; peak: number }; desk: { s: number; peak: number } } | null> {
  const cliJs = join(ROOT, 'out', 'cli', 'nianbao.mjs');
  const hostJs = join(ROOT, 'out', 'cli', 'testhost.mjs');
  if (!existsSync(cliJs) || !existsSync(hostJs)) return null;
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-office-'));
  const folder = join(dir, 'in');
  mkdirSync(folder);
  copyFileSync(scan, join(folder, 'scan.pdf'));
  const run = (args: string[], done: (out: string) => boolean) =>
    new Promise<{ s: number; peak: number }>((resolve) => {
      const t0 = performance.now();
      const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
      let peak = 0;
      let out = '';
      let over = false;
      const poll = setInterval(() => (peak = Math.max(peak, pidTreeRss(p.pid!))), 100);
      // The CLI is done when it exits (whatever its code: findings are not a failure here), the desk
      // when it says it is ready (its import of the folder is over by then).
      let took = 0;
      const end = () => {
        if (over) return;
        over = true;
        took = performance.now() - t0;
        clearInterval(poll);
      };
      p.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (done(out) && !over) {
          end();
          p.kill('SIGTERM');
        }
      });
      // Resolved once the process is gone (the desk still writes its store as it closes).
      p.on('exit', () => {
        end();
        resolve({ s: took / 1000, peak });
      });
    });
  try {
    const cli = await run([cliJs, 'check', '--json', '--ocr-cache', join(dir, 'cli-cache'), folder], () => false);
    const desk = await run([hostJs, '--port', '0', '--store', join(dir, 'store', 'review.json'), folder], (o) => o.includes('NIANBAO_TESTHOST_READY'));
    return { cli, desk };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Cells of tables 三 and 四 of `ref` against `got`, and the wrong ones not flagged low-confidence. */
export function cellScore(ref: Report, got: Report | undefined, low: Set<string>) {
  const cells: { where: string; ok: boolean; want: number | null; got: number | null | undefined }[] = [];
  for (const t of ['requests', 'reviews'] as const) {
    for (const [r, rv] of Object.entries(ref.tables[t].rows)) {
      for (const [col, cell] of Object.entries(rv.cells)) {
        const g = got?.tables[t].rows[r]?.cells[col]?.value;
        cells.push({ where: `${t}.${r}.${col}`, ok: g === cell.value, want: cell.value, got: g });
      }
    }
  }
  const wrong = cells.filter((c) => !c.ok);
  return { ok: cells.length - wrong.length, all: cells.length, wrong, unflagged: wrong.filter((c) => !low.has(c.where)) };
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

export async function benchOcrOffice() {
  const seed = Number(process.env.OFFICE_SEED ?? 1);
  const dpis = (process.env.OFFICE_DPI ?? '100,150,200,300').split(',').map(Number);
  const which = (process.env.OFFICE_DOC ?? 'gen,pingtan,shanghai,hongze').split(',');
  // Phone photos of the printed pages instead of scans (desk around the page, uneven light, blur).
  const photo = process.env.OFFICE_PHOTO === '1';
  console.log(`\n### OCR of office-style scans (issue 23), seed ${seed}\n`);
  const docs: Doc[] = [];
  const key = (f: { rule: string; severity: string }) => `${f.rule}:${f.severity}`;
  const add = async (name: string, pdf: string, refFile: string, sealName: string) => {
    const ref = await reading(refFile);
    const printed = await reading(pdf);
    docs.push({
      name,
      pdf,
      reference: ref.parse!.reports[0]!,
      // Findings of the text reading of the same print (and of the source): a scan's finding that
      // neither has, not marked 需复核, is false.
      refFindings: new Set([...(printed.json.reports[0]?.findings ?? []), ...(ref.json.reports[0]?.findings ?? [])].map(key)),
      sealName,
    });
  };
  if (which.includes('gen')) {
    const g = officeGen(seed);
    // Reference: the print's own text layer (it reads 190/190 against the generated values).
    await add('generated 2021 (city office)', g.pdf, g.pdf, '测试市人民政府办公室');
  }
  if (which.includes('pingtan')) {
    const src = join(REAL, 'pingtan-2021.html');
    await add('Pingtan 2021 (real HTML)', officePrint('pingtan-2021', readFileSync(src, 'utf8'), seed).pdf, src, '平潭综合实验区管委会');
  }
  if (which.includes('shanghai')) {
    const src = join(REAL, 'shanghai-office-2019.html');
    await add('Shanghai 2019 (real HTML)', officePrint('shanghai-office-2019', readFileSync(src, 'utf8'), seed).pdf, src, '上海市人民政府办公厅');
  }
  if (which.includes('hongze')) {
    const src = join(REAL, 'hongze-2024.pdf');
    await add('Hongze 2024 (real WPS PDF)', src, src, '淮安市洪泽区人民政府');
  }
  const shipCols = process.env.OFFICE_SHIPPED !== '0';
  if (shipCols && !existsSync(join(ROOT, 'out', 'cli', 'testhost.mjs'))) console.log('(no out/cli bundle: run `npm run build:cli` for the CLI and desk columns)\n');
  row(['document', 'dpi', 'pages', 'cells 三+四 right', 'wrong not flagged', 'flagged', 'R-SCAN-COARSE', 'unflagged error/warning, false', 's/page in-process', 's/page CPU', 'peak RSS (bench)', 'CLI s/page', 'CLI peak', 'desk s/page', 'desk peak', 'load 1 min']);
  row(['---', '---', '---', '---', '---', '---', '---', '---', '---', '---', '---', '---', '---', '---', '---', '---']);
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, treeRss())), 100);
  for (const dpi of dpis) {
    for (const d of docs) {
      const scan = officeScanPdf(d.pdf, { dpi, seed, ...(photo ? { photo } : {}) }, d.sealName);
      peak = 0;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const doc = await readDocumentFile(scan, { ocr: {} });
      const wall = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const c = checkText(scan, doc, resolveSettings());
      const rj = c.json.reports[0];
      const low = new Set((rj?.lowConfidence ?? []).map((x) => `${x.table}.${x.row}.${x.col}`));
      const sc = cellScore(d.reference, c.parse?.reports[0], low);
      const all = [...(c.json.findings ?? []), ...(rj?.findings ?? [])];
      const coarse = all.some((f) => f.rule === 'R-SCAN-COARSE');
      const falseUnflagged = (rj?.findings ?? []).filter((f) => (f.severity === 'error' || f.severity === 'warning') && !f.needsReview && !d.refFindings.has(key(f)));
      if (sc.wrong.length) console.error(d.name, dpi, 'wrong:', JSON.stringify(sc.wrong.map((w) => `${w.where} ${w.want}→${w.got}${low.has(w.where) ? '' : ' UNFLAGGED'}`)));
      if (falseUnflagged.length) console.error(d.name, dpi, 'false findings:', JSON.stringify(falseUnflagged.map((f) => `${f.rule} ${f.message}`)));
      const pages = doc.ocr?.pages ?? 1;
      const ship = shipCols ? await shipped(scan) : null;
      row([
        photo ? `${d.name}, photo` : d.name,
        dpi,
        pages,
        `${sc.ok}/${sc.all} (${((100 * sc.ok) / sc.all).toFixed(1)}%)`,
        sc.unflagged.length,
        low.size,
        coarse ? 'yes' : 'no',
        falseUnflagged.length,
        (wall / pages).toFixed(1),
        ((cpu.user + cpu.system) / 1e6 / pages).toFixed(1),
        `${(peak / 1024 / 1024).toFixed(0)} MB`,
        ...(ship ? [(ship.cli.s / pages).toFixed(1), mb(ship.cli.peak), (ship.desk.s / pages).toFixed(1), mb(ship.desk.peak)] : ['—', '—', '—', '—']),
        loadavg()[0]!.toFixed(1),
      ]);
    }
  }
  clearInterval(timer);
  await closeOcrPool();
}
