// Build PDF/DOCX test documents at test time with Debian's LibreOffice and Chromium (installed by
// .ci/run). Results are cached under .tmp/corpus by a hash of their input, so re-runs are fast.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ROOT } from './engine.js';

export const CORPUS = join(ROOT, '.tmp', 'corpus');
mkdirSync(CORPUS, { recursive: true });

const has = (cmd: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
export const TOOLS = { soffice: has('soffice'), chromium: has('chromium'), pdftoppm: has('pdftoppm'), pdftotext: has('pdftotext') };

const hash = (...parts: (string | Buffer)[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 16);
};

function cached(name: string, key: string, make: (out: string) => void): string {
  const out = join(CORPUS, `${key}-${name}`);
  if (existsSync(out)) return out;
  const tmp = `${out}.part`;
  make(tmp);
  renameSync(tmp, out);
  return out;
}

/** LibreOffice: an HTML or text file → pdf | docx. */
export function soffice(input: { name: string; content: string | Buffer }, to: 'pdf' | 'docx', filter?: string): string {
  const key = hash(input.content, to, filter ?? '');
  const stem = input.name.replace(/\.[^.]+$/, '');
  return cached(`${stem}.${to}`, key, (out) => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-lo-'));
    const src = join(dir, input.name);
    writeFileSync(src, input.content);
    const target = filter ?? (to === 'docx' ? 'docx:MS Word 2007 XML' : 'pdf');
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', target, src, '--outdir', dir], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    const produced = readdirSync(dir).find((f) => f.startsWith(stem) && f.endsWith(`.${to}`) && f !== input.name);
    if (!produced) throw new Error(`LibreOffice produced no ${to} for ${input.name}`);
    renameSync(join(dir, produced), out);
    rmSync(dir, { recursive: true, force: true });
  });
}

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-pdf-header-footer',
];

/** Chromium --print-to-pdf of an HTML string. */
export function chromiumPdf(name: string, html: string): string {
  return cached(`${name}.pdf`, hash(html, 'chromium'), (out) => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-cr-'));
    const src = join(dir, `${name}.html`);
    writeFileSync(src, html);
    execFileSync('chromium', [...CHROMIUM_FLAGS, `--user-data-dir=${dir}/profile`, `--print-to-pdf=${out}`, `file://${src}`], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    rmSync(dir, { recursive: true, force: true });
  });
}

/** A "scanned" PDF: the pages of a PDF rasterised, printed again as images only. */
export function scannedPdf(pdf: string): string {
  const bytes = readFileSync(pdf);
  return cached(`scan-${basename(pdf)}`, hash(bytes, 'scan'), (out) => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-scan-'));
    execFileSync('pdftoppm', ['-r', '60', '-png', pdf, join(dir, 'p')], { stdio: 'ignore' });
    const pages = readdirSync(dir).filter((f) => f.endsWith('.png')).sort();
    const html = `<!doctype html><html><body style="margin:0">${pages
      .map((p) => `<img src="file://${join(dir, p)}" style="width:100%;page-break-after:always">`)
      .join('')}</body></html>`;
    const src = join(dir, 'scan.html');
    writeFileSync(src, html);
    execFileSync('chromium', [...CHROMIUM_FLAGS, '--allow-file-access-from-files', `--user-data-dir=${dir}/profile`, `--print-to-pdf=${out}`, `file://${src}`], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    rmSync(dir, { recursive: true, force: true });
  });
}

/** Text of given pages (poppler), to check how a generated document was laid out. */
export function pdfPageText(pdf: string, page: number): string {
  return execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-'], { encoding: 'utf8' });
}

export function pdfPages(pdf: string): number {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
}
