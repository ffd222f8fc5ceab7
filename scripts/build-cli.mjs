// Bundle the CLI (src/cli) into out/cli/nianbao.mjs. Dependencies stay external (node_modules).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
await build({
  entryPoints: { nianbao: 'src/cli/entry.ts', 'check-worker': 'src/services/check-worker.ts', 'ocr-raster': 'src/services/ocr/raster-child.ts', testhost: 'src/webhost/server.ts' },
  outdir: 'out/cli',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  // Dynamic imports stay separate chunks, loaded when used: \`check\` and each of its worker threads
  // do not load exceljs, echarts or the OCR stack (@napi-rs/canvas) at start-up.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: [...Object.keys(pkg.dependencies ?? {}), 'pdfjs-dist/*', 'echarts/*'],
  logLevel: 'warning',
});
