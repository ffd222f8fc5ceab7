// Packaging (issue 25): electron-builder's `dir` targets for Linux x64 and Windows x64, built here
// with a stand-in Electron (tests/helpers/package.ts), then what the package holds, how big it is,
// and the CLI run from the package. The installers themselves (NSIS, portable, AppImage, deb) need
// downloads and the real Electron: `npm run dist` on a release machine (docs/packaging.md).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { Arch, build, Platform } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asar, builderEnv, dirSize, packageProblems, ROOT, stageProject, standInElectron, type Target } from '../helpers/package.js';

/** Budget for what the app adds to Electron (app.asar + app.asar.unpacked + bin), in MB; see docs/packaging.md. */
const BUDGET_MB = { linux: 110, win: 80 };

const WORK = mkdtempSync(join(tmpdir(), 'nianbao-pack-'));
// The output folder and the user's profile have Chinese names with spaces, as on auditors' machines.
const OUT = join(WORK, '安装 目录');
const PROFILE = join(WORK, '用户 张三');
const CANVAS_WIN = existsSync(join(ROOT, 'node_modules/@napi-rs/canvas-win32-x64-msvc'));

async function buildDir(projectDir: string, target: Target, output: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const saved = { ...process.env };
  Object.assign(process.env, builderEnv(), env);
  try {
    await build({
      projectDir,
      targets: (target === 'linux' ? Platform.LINUX : Platform.WINDOWS).createTarget('dir', Arch.x64),
      config: { electronDist: standInElectron(join(WORK, `electron-${target}`), target), directories: { output } },
      publish: 'never',
    });
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
  return join(output, target === 'linux' ? 'linux-unpacked' : 'win-unpacked');
}

const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
let linuxDir = '';
let winDir = '';

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'out/main/index.mjs')) || !existsSync(join(ROOT, 'out/cli/nianbao.mjs'))) {
    throw new Error('out/ is not built: run `npm run build` first (npm test builds before the unit tests)');
  }
  console.log(
    'packaging: building the `dir` targets (linux-x64, win-x64) with a stand-in Electron, nothing downloaded.\n' +
      '  not built here, they need downloads: Electron 41 zips (linux x64/arm64, win x64); NSIS + nsis-resources (win nsis, portable);\n' +
      '  the AppImage runtime (linux AppImage); fpm (linux deb); a Mac for dmg. `npm run dist` builds them on a release machine.',
  );
  const project = stageProject(join(WORK, 'project'));
  linuxDir = await buildDir(project, 'linux', OUT);
  if (!CANVAS_WIN) {
    console.log('packaging: win-x64 is built without @napi-rs/canvas-win32-x64-msvc (npm installs only this machine\'s binary); `npm run dist` installs it, and the build refuses a Windows package without it unless NIANBAO_ALLOW_MISSING_NATIVE=1.');
  }
  winDir = await buildDir(project, 'win', OUT, CANVAS_WIN ? {} : { NIANBAO_ALLOW_MISSING_NATIVE: '1' });
}, 900_000);

// NIANBAO_KEEP_PACKAGE=1 keeps the packages for a look (the folder is printed).
afterAll(() => (process.env.NIANBAO_KEEP_PACKAGE ? console.log(`packaging: kept ${WORK}`) : rmSync(WORK, { recursive: true, force: true })));

describe('packaged app (dir targets, stand-in Electron)', () => {
  it('Linux x64: the built app, OCR models, pdf.js fonts and CMaps, native canvas unpacked; no devDependencies, tests or maps', () => {
    expect(packageProblems(linuxDir, 'linux')).toEqual([]);
    expect(statSync(join(linuxDir, 'nianbao')).mode & 0o111).not.toBe(0);
    expect(statSync(join(linuxDir, 'resources/bin/nianbao')).mode & 0o111).not.toBe(0);
  });

  it('Windows x64: the same contents, nianbao.exe, and an ASCII nianbao.cmd with CRLF line ends', () => {
    expect(packageProblems(winDir, 'win', { allowMissingNativeBinary: !CANVAS_WIN })).toEqual([]);
    expect(existsSync(join(winDir, 'nianbao.exe'))).toBe(true);
    const cmd = readFileSync(join(winDir, 'resources/bin/nianbao.cmd'));
    expect([...cmd].every((b) => b < 0x80)).toBe(true); // cmd.exe reads batch files in the OEM code page
    expect(cmd.toString().split('\n').slice(0, -1).every((l) => l.endsWith('\r'))).toBe(true);
  });

  it('stays under its size budget', () => {
    const sizes = Object.fromEntries(
      (['linux', 'win'] as const).map((t) => {
        const res = join(t === 'linux' ? linuxDir : winDir, 'resources');
        const asarMb = mb(statSync(join(res, 'app.asar')).size);
        const unpackedMb = mb(dirSize(join(res, 'app.asar.unpacked')));
        return [t, { asarMb, unpackedMb, totalMb: mb(statSync(join(res, 'app.asar')).size + dirSize(join(res, 'app.asar.unpacked')) + dirSize(join(res, 'bin'))) }];
      }),
    ) as Record<Target, { asarMb: number; unpackedMb: number; totalMb: number }>;
    console.log(`packaging: sizes (MB, without Electron) ${JSON.stringify(sizes)}; budget ${JSON.stringify(BUDGET_MB)}`);
    expect(sizes.linux.totalMb).toBeLessThan(BUDGET_MB.linux);
    expect(sizes.win.totalMb).toBeLessThan(BUDGET_MB.win + (CANVAS_WIN ? 30 : 0));
  });

  it("the packaged package.json starts the app and names its data folder 'nianbao' (the store's folder)", () => {
    const pkg = JSON.parse(asar.extractFile(join(linuxDir, 'resources/app.asar'), 'package.json').toString()) as Record<string, unknown>;
    // Electron's app name (userData = <appData>/<name>) is productName, else name: it must stay
    // 'nianbao' so that the installed app, `npm start` and the browser desk share one store.
    expect(pkg).toMatchObject({ name: 'nianbao', main: 'out/main/index.mjs', type: 'module' });
    expect(pkg.productName).toBeUndefined();
  });

  it('the CLI runs from the package (resources/bin/nianbao) and reads like the development build, OCR included', () => {
    // The stand-in Electron cannot run: unpack app.asar beside it (Electron also runs resources/app)
    // and run the launcher with this Node (NIANBAO_NODE), from a profile with a Chinese name.
    asar.extractAll(join(linuxDir, 'resources/app.asar'), join(linuxDir, 'resources/app'));
    const app = join(linuxDir, 'resources/app');
    const env = { ...process.env, HOME: PROFILE, XDG_CACHE_HOME: join(PROFILE, '.cache'), XDG_CONFIG_HOME: join(PROFILE, '.config'), NIANBAO_NODE: process.execPath };
    mkdirSync(PROFILE, { recursive: true });
    // Every production dependency (and the subpaths the app imports) loads from the package; pdf.js
    // only by its legacy build (the modern one is left out: Node runs the legacy build).
    const deps = [...Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies).filter((d) => d !== 'pdfjs-dist'), 'lowdb/node', 'echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers', 'pdfjs-dist/legacy/build/pdf.mjs', 'pdfjs-dist/legacy/build/pdf.worker.mjs'];
    const loaded = execFileSync(process.execPath, ['--input-type=module', '-e', `const out = []; for (const m of ${JSON.stringify(deps)}) { try { await import(m); } catch (e) { out.push(m + ': ' + e.message.split('\\n')[0]); } } console.log(JSON.stringify(out));`], { cwd: app, encoding: 'utf8' });
    expect(JSON.parse(loaded)).toEqual([]);
    const samples = join(app, 'resources/samples');
    const pdf = join(ROOT, '../shared/fixtures/real/hongze-2024.pdf');
    const inputs = [samples, ...(existsSync(pdf) ? [pdf] : [])];
    const packaged = spawnSync(join(linuxDir, 'resources/bin/nianbao'), ['check', '--json', '--no-ocr', ...inputs], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(packaged.stderr).toBe('');
    expect(packaged.status, packaged.stdout.slice(0, 2000)).toBe(0);
    const dev = execFileSync(process.execPath, [join(ROOT, 'out/cli/nianbao.mjs'), 'check', '--json', '--no-ocr', ...inputs], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(JSON.parse(packaged.stdout)).toEqual(JSON.parse(dev));
    const docs = (JSON.parse(packaged.stdout) as { documents: { error: unknown; reports: unknown[] }[] }).documents;
    expect(docs.length).toBe(readdirSync(samples).filter((f) => f !== 'README.md').length + inputs.length - 1);
    expect(docs.every((d) => d.error === null && d.reports.length > 0)).toBe(true);

    // OCR from the package: tesseract worker, LSTM core, chi_sim model, canvas; the cache lands in the profile.
    const img = join(PROFILE, '扫描 件.png');
    const c = createCanvas(900, 160);
    const g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, 900, 160);
    g.fillStyle = '#000';
    g.font = '48px "Noto Sans CJK SC"';
    g.fillText('政府信息公开工作年度报告 2023', 30, 100);
    writeFileSync(img, c.toBuffer('image/png'));
    const ocr = spawnSync(join(linuxDir, 'resources/bin/nianbao'), ['check', '--json', img], { env, encoding: 'utf8' });
    expect(ocr.status, ocr.stderr + ocr.stdout.slice(0, 2000)).toBe(0);
    const doc = (JSON.parse(ocr.stdout) as { documents: { error: unknown; ocr?: { pages: number; engine: string } }[] }).documents[0]!;
    expect(doc.error).toBeNull();
    expect(doc.ocr).toMatchObject({ pages: 1, engine: expect.stringContaining('chi_sim') });
    expect(readdirSync(join(PROFILE, '.cache/nianbao/ocr')).some((f) => f.endsWith('.json'))).toBe(true);

    // Export (exceljs, chart images through echarts + canvas, the bundled rubric) to a Chinese path.
    const xlsx = join(PROFILE, '导出 结果', '第一轮.xlsx');
    mkdirSync(join(PROFILE, '导出 结果'));
    const exp = spawnSync(join(linuxDir, 'resources/bin/nianbao'), ['export', '--xlsx', xlsx, samples], { env, encoding: 'utf8' });
    expect(exp.stderr).toBe('');
    expect(exp.status, exp.stdout).toBe(0);
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
  }, 400_000);
});

describe('packaging configuration', () => {
  it("fails the package when a model, a font or the native module is missing, or a devDependency is shipped", async () => {
    // A deliberately broken copy: iconv-lite (a devDependency) moved to dependencies; the chi_sim
    // model, pdf.js's standard fonts and the Linux canvas binary excluded.
    const project = stageProject(join(WORK, 'broken'), {
      pkg: (p) => {
        (p.dependencies as Record<string, string>)['iconv-lite'] = (p.devDependencies as Record<string, string>)['iconv-lite']!;
      },
      config: (yml) =>
        yml.replace(
          /\n# Native code must/,
          '  - "!node_modules/@tesseract.js-data/chi_sim/**"\n  - "!node_modules/pdfjs-dist/standard_fonts/**"\n  - "!node_modules/@napi-rs/canvas-linux-x64-gnu/**"\n' +
            // (and, to keep this build short, the largest packages this case does not look at)
            '  - "!node_modules/{docx,echarts,zrender,exceljs,tesseract.js-core}/**"\n\n# Native code must',
        ),
    });
    const out = join(WORK, 'broken-out');
    // The afterPack hook refuses it: no native canvas for the target.
    await expect(buildDir(project, 'linux', out)).rejects.toThrow(/@napi-rs\/canvas-linux-x64-gnu .*is not in the package/);
    const problems = packageProblems(join(out, 'linux-unpacked'), 'linux');
    console.log(`packaging: the broken package's problems:\n  ${problems.join('\n  ')}`);
    expect(problems).toContain('OCR model chi_sim missing: node_modules/@tesseract.js-data/chi_sim/4.0.0_best_int/chi_sim.traineddata.gz');
    expect(problems).toContain('pdf.js font missing: node_modules/pdfjs-dist/standard_fonts/FoxitSerif.pfb');
    expect(problems).toContain('native canvas binary missing: @napi-rs/canvas-linux-x64-gnu');
    expect(problems).toContain('devDependency in the package: iconv-lite');
  }, 600_000);

  it('electron-builder rejects missing metadata and invalid options', async () => {
    const noVersion = stageProject(join(WORK, 'no-version'), { pkg: (p) => delete p.version });
    await expect(buildDir(noVersion, 'linux', join(WORK, 'no-version-out'))).rejects.toThrow(/Please specify 'version' in the package.json/);
    const typo = stageProject(join(WORK, 'typo'), { config: (yml) => yml.replace('  perMachine: false\n', '  perMachien: false\n') });
    await expect(buildDir(typo, 'linux', join(WORK, 'typo-out'))).rejects.toThrow(/Invalid configuration object[\s\S]*configuration\.nsis/);
  }, 300_000);
});
