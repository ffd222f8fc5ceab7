// Packaging test helpers: run electron-builder's `dir` target with a stand-in Electron made here,
// and read what a package holds (app.asar header, app.asar.unpacked, extra resources).
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// electron-builder's own dependencies: the asar reader and the PE writer it uses itself.
const builderRequire = createRequire(createRequire(join(ROOT, 'package.json')).resolve('app-builder-lib/package.json'));
export const asar = builderRequire('@electron/asar') as {
  getRawHeader(archive: string): { header: AsarNode };
  extractAll(archive: string, dest: string): void;
  extractFile(archive: string, filename: string): Buffer;
};
// resedit: the PE resource editor electron-builder itself uses (untyped here).
const resedit = builderRequire("resedit") as any;

/** An empty Windows executable with a version resource (what electron-builder edits in electron.exe). */
function emptyExe(): Buffer {
  const exe = resedit.NtExecutable.createEmpty(false, false);
  const res = resedit.NtExecutableResource.from(exe);
  const vi = resedit.Resource.VersionInfo.create(1033, { fileVersionMS: 0 }, [{ lang: 1033, codepage: 1200, values: { ProductName: 'stand-in' } }]);
  vi.outputToResourceEntries(res.entries);
  res.outputResource(exe);
  return Buffer.from(exe.generate() as ArrayBuffer);
}

interface AsarNode {
  files?: Record<string, AsarNode>;
  size?: number;
  unpacked?: boolean;
  link?: string;
}

export type Target = 'linux' | 'win';

/**
 * A stand-in Electron distribution, as electron-builder's `electronDist` (an unpacked directory):
 * the executable it renames (`electron`, `electron.exe`; Windows: a real, empty PE image, since
 * with a version resource, since electron-builder writes the asar integrity resource into it),
 * `resources/`, one locale, LICENSE.
 * It is not Electron and cannot run the app.
 */
export function standInElectron(dir: string, target: Target): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'resources'), { recursive: true });
  mkdirSync(join(dir, 'locales'), { recursive: true });
  writeFileSync(join(dir, 'locales', 'zh-CN.pak'), '');
  writeFileSync(join(dir, 'LICENSE'), 'stand-in for the Electron distribution (packaging test)\n');
  if (target === 'linux') {
    writeFileSync(join(dir, 'electron'), '#!/bin/sh\necho "stand-in Electron: not runnable" >&2\nexit 1\n');
    chmodSync(join(dir, 'electron'), 0o755);
  } else {
    writeFileSync(join(dir, 'electron.exe'), emptyExe());
  }
  return dir;
}

/**
 * A copy of the project as electron-builder sees it (package.json, the builder config and hooks, the
 * built app, resources), with node_modules linked. Built from a copy so that electron-builder
 * walks the dependency tree itself (its traversal collector; no lock file here) — `npm ls` cannot
 * read a node_modules that is a link, as in the helpers' worktrees.
 */
export function stageProject(dir: string, edit: { pkg?: (pkg: Record<string, unknown>) => void; config?: (yml: string) => string } = {}): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of ['electron-builder.yml', 'out', 'resources', 'packaging']) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  edit.pkg?.(pkg);
  if (edit.config) writeFileSync(join(dir, 'electron-builder.yml'), edit.config(readFileSync(join(dir, 'electron-builder.yml'), 'utf8')));
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Environment for electron-builder: the traversal collector, no downloads of its own tools. */
export function builderEnv(): NodeJS.ProcessEnv {
  return { npm_config_user_agent: 'traversal', npm_execpath: '', ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
}

export interface PackageListing {
  /** Files in app.asar (paths relative to the app, '/'-separated) → size and whether unpacked. */
  files: Map<string, { size: number; unpacked: boolean }>;
  resourcesDir: string;
}

export function readPackage(appOutDir: string): PackageListing {
  const resourcesDir = join(appOutDir, 'resources');
  const files = new Map<string, { size: number; unpacked: boolean }>();
  const walk = (node: AsarNode, path: string) => {
    if (node.files) for (const [name, child] of Object.entries(node.files)) walk(child, path ? `${path}/${name}` : name);
    else if (node.link === undefined) files.set(path, { size: node.size ?? 0, unpacked: node.unpacked === true });
  };
  walk(asar.getRawHeader(join(resourcesDir, 'app.asar')).header, '');
  return { files, resourcesDir };
}

/** Every file under dir, relative, '/'-separated. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (lstatSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

export function dirSize(dir: string): number {
  return listFiles(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

/**
 * The production dependency closure from the real node_modules: package.json dependencies and
 * optionalDependencies, resolved as Node resolves them, as name@version (electron-builder may lay
 * the packages out differently from the disk, so paths are not compared).
 */
export function productionPackages(root = ROOT): Set<string> {
  const nm = realpathSync(join(root, 'node_modules'));
  const top = dirname(nm);
  const seen = new Set<string>();
  const resolveFrom = (pkgDir: string, name: string): string | null => {
    // Node's lookup: <dir>/node_modules/<name> for the package's folder and each folder above it.
    for (let d = pkgDir; d.startsWith(top); d = dirname(d)) {
      if (d.endsWith(`${sep}node_modules`)) continue;
      const cand = join(d, 'node_modules', name);
      if (existsSync(join(cand, 'package.json'))) return cand;
      if (d === top) break;
    }
    return null; // an optional dependency for another platform
  };
  // The project's package.json, resolved from the folder its node_modules really is in.
  const visit = (pkgDir: string, from = pkgDir) => {
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      const found = resolveFrom(from, name);
      if (!found) continue;
      const { version } = JSON.parse(readFileSync(join(found, 'package.json'), 'utf8')) as { version: string };
      const id = `${name}@${version}`;
      if (!seen.has(id)) {
        seen.add(id);
        visit(found);
      }
    }
  };
  visit(root, top);
  return seen;
}

/** The package a path in node_modules belongs to: node_modules/a/node_modules/@s/b/x.js → node_modules/a/node_modules/@s/b. */
export function packageOf(path: string): string | null {
  const m = /^((?:node_modules\/(?:@[^/]+\/)?[^/]+\/)*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(path);
  return m ? m[1]! : null;
}

/** Development-only packages that must never ship (besides anything outside the production closure). */
export const DEV_ONLY = ['vitest', '@playwright/test', 'playwright', 'playwright-core', 'electron', 'electron-vite', 'electron-builder', 'app-builder-lib', 'typescript', 'vite', 'esbuild', 'tsx', 'react', 'react-dom', 'dependency-cruiser', 'fast-check', 'iconv-lite'];

const CANVAS_TRIPLE: Record<Target, string> = { linux: 'linux-x64-gnu', win: 'win32-x64-msvc' };

/**
 * What is wrong with a package, as sentences (empty when it is sound). Inputs are the real files:
 * the built app in out/, the models, pdf.js data and tesseract cores in node_modules.
 */
export function packageProblems(appOutDir: string, target: Target, opts: { allowMissingNativeBinary?: boolean } = {}): string[] {
  const problems: string[] = [];
  if (!existsSync(join(appOutDir, 'resources', 'app.asar'))) return [`no resources/app.asar in ${appOutDir}`];
  const { files, resourcesDir } = readPackage(appOutDir);
  const need = (path: string, what: string) => {
    if (!files.has(path)) problems.push(`${what} missing: ${path}`);
  };
  const nm = realpathSync(join(ROOT, 'node_modules'));
  // The built app: every file electron-vite wrote (source maps aside), the CLI bundle and its worker.
  for (const f of listFiles(join(ROOT, 'out'))) {
    if (/^(main|preload|renderer)\//.test(f) && !f.endsWith('.map')) need(`out/${f}`, 'built app file');
  }
  need('out/cli/nianbao.mjs', 'CLI');
  need('out/cli/check-worker.mjs', 'CLI worker');
  for (const f of ['rubric-default.json', 'icon.png', ...readdirSync(join(ROOT, 'resources', 'samples')).map((s) => `samples/${s}`)]) need(`resources/${f}`, 'resource');
  // OCR: both LSTM models and the engine (worker script, the cores it may load with their WebAssembly).
  for (const lang of ['chi_sim', 'eng']) need(`node_modules/@tesseract.js-data/${lang}/4.0.0_best_int/${lang}.traineddata.gz`, `OCR model ${lang}`);
  need('node_modules/tesseract.js/src/worker-script/node/index.js', 'OCR worker');
  for (const v of ['', '-simd', '-relaxedsimd']) {
    for (const lstm of ['', '-lstm']) for (const ext of ['js', 'wasm']) need(`node_modules/tesseract.js-core/tesseract-core${v}${lstm}.${ext}`, 'OCR engine');
  }
  // pdf.js in Node (the legacy build) with every CMap, standard font and wasm decoder it ships;
  // the renderer's copy of the CMaps and fonts is in out/renderer/pdfjs (checked above).
  need('node_modules/pdfjs-dist/legacy/build/pdf.mjs', 'pdf.js');
  need('node_modules/pdfjs-dist/legacy/build/pdf.worker.mjs', 'pdf.js worker');
  for (const dir of ['cmaps', 'standard_fonts', 'wasm']) {
    for (const f of readdirSync(join(nm, 'pdfjs-dist', dir))) need(`node_modules/pdfjs-dist/${dir}/${f}`, dir === 'standard_fonts' ? 'pdf.js font' : `pdf.js ${dir}`);
  }
  for (const dir of ['cmaps', 'standard_fonts']) if (!listFiles(join(ROOT, 'out/renderer/pdfjs', dir)).length) problems.push(`out/renderer/pdfjs/${dir} is empty: run npm run build`);
  // Native canvas: the loader and the platform binary, unpacked (real files next to app.asar).
  const unpackedDir = join(resourcesDir, 'app.asar.unpacked');
  for (const [path, f] of files) {
    if (!path.startsWith('node_modules/@napi-rs/canvas')) continue;
    if (!f.unpacked) problems.push(`native module file not unpacked from app.asar: ${path}`);
    else if (!existsSync(join(unpackedDir, path))) problems.push(`unpacked file missing on disk: ${path}`);
  }
  need('node_modules/@napi-rs/canvas/index.js', 'native canvas loader');
  const binary = [...files.keys()].some((p) => p.startsWith(`node_modules/@napi-rs/canvas-${CANVAS_TRIPLE[target]}/`) && p.endsWith('.node'));
  if (!binary && !opts.allowMissingNativeBinary) problems.push(`native canvas binary missing: @napi-rs/canvas-${CANVAS_TRIPLE[target]}`);
  const foreign = [...files.keys()].filter((p) => /^node_modules\/@napi-rs\/canvas-/.test(p) && !p.startsWith(`node_modules/@napi-rs/canvas-${CANVAS_TRIPLE[target]}/`));
  if (foreign.length) problems.push(`native canvas for another platform in the package: ${packageOf(foreign[0]!)}`);
  // Only production dependencies; nothing from the development tree.
  const prod = productionPackages();
  const archive = join(resourcesDir, 'app.asar');
  const shipped = new Set<string>();
  for (const dir of new Set([...files.keys()].map(packageOf).filter((p): p is string => p !== null))) {
    const manifest = files.has(`${dir}/package.json`) ? (JSON.parse(asar.extractFile(archive, `${dir}/package.json`).toString()) as { name?: string; version?: string }) : null;
    const id = manifest?.name ? `${manifest.name}@${manifest.version}` : dir;
    shipped.add(manifest?.name ?? dir);
    if (!prod.has(id)) problems.push(`not a production dependency: ${id} (${dir})`);
  }
  for (const name of DEV_ONLY) if (shipped.has(name)) problems.push(`devDependency in the package: ${name}`);
  // No tests, sources or source maps.
  for (const path of files.keys()) {
    if (/^(tests?|src|scripts|docs)\//.test(path) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(path) || /\.map$/.test(path) || (/\.tsx?$/.test(path) && !/\.d\.[cm]?ts$/.test(path))) {
      problems.push(`test, source or map in the package: ${path}`);
    }
  }
  // The app's own package.json: what Electron reads at start (entry, module type, name → data dir).
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
  if (!files.has('package.json')) problems.push('no package.json in app.asar');
  else if (!files.has(pkg.main)) problems.push(`package.json main ${pkg.main} not in the package`);
  // The CLI launchers beside the app.
  for (const f of ['nianbao', 'nianbao.cmd']) if (!existsSync(join(resourcesDir, 'bin', f))) problems.push(`CLI launcher missing: resources/bin/${f}`);
  return problems;
}
