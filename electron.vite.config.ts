import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';

const root = import.meta.dirname;

/** pdf.js needs its CMaps (Chinese PDFs) and standard fonts next to the renderer. */
function pdfjsAssets(): Plugin {
  const base = join(root, 'node_modules', 'pdfjs-dist');
  return {
    name: 'nianbao-pdfjs-assets',
    apply: 'build',
    generateBundle() {
      for (const dir of ['cmaps', 'standard_fonts']) {
        for (const f of readdirSync(join(base, dir))) {
          this.emitFile({ type: 'asset', fileName: `pdfjs/${dir}/${f}`, source: readFileSync(join(base, dir, f)) });
        }
      }
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: { index: resolve(root, 'src/main/index.ts'), 'check-worker': resolve(root, 'src/services/check-worker.ts'), 'ocr-raster': resolve(root, 'src/services/ocr/raster-child.ts') },
        external: ['electron', 'pdfjs-dist', /^pdfjs-dist\//, 'exceljs', 'mammoth', 'lowdb', /^lowdb\//, 'htmlparser2', 'zod', 'docx', 'echarts', /^echarts\//, '@napi-rs/canvas', /^@napi-rs\//, 'tesseract.js', 'tesseract.js-core', /^@tesseract\.js-data\//],
        output: { format: 'es', entryFileNames: '[name].mjs' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [react(), pdfjsAssets()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: resolve(root, 'src/renderer/index.html') },
      chunkSizeWarningLimit: 4000,
    },
  },
});
