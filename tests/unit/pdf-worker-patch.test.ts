// The load-time changes to pdf.js's worker (src/services/pdf.ts) apply only to the source they were
// written for; on another pdf.js the module loads unchanged and reading is silently slower. This
// fails when an upgrade of pdfjs-dist leaves any of them unapplied, so the patch is revisited then.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { WORKER_PATCH } from '../../src/services/pdf.js';

it('every change to the pdf.js worker finds its place exactly once in the installed pdf.js', () => {
  const src = readFileSync(fileURLToPath(import.meta.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs')), 'utf8');
  expect(WORKER_PATCH.length).toBeGreaterThan(0);
  for (const [from] of WORKER_PATCH) expect(src.split(from).length - 1, from.slice(0, 60)).toBe(1);
});
