// Issue 23 point 3: a scan too coarse to read says so. The first page of the generated report
// printed by Chromium (title, sections 一 and 二, table 二, the start of table 三), scanned at 60 and
// at 100 dpi (noise, slant, seal, JPEG 70) into an image-only PDF: one document finding
// R-SCAN-COARSE with the resolution, and no error or warning that is not needs-review (the sections
// on the pages left out are missing: those findings too). One page keeps it to CI time.
import { afterAll, describe, expect, it } from 'vitest';
import { readDocumentFile } from '../../src/services/readers.js';
import { closeOcrPool } from '../../src/services/ocr/engine.js';
import { checkText } from '../../src/services/check.js';
import { resolveSettings } from '../../src/core/rules/index.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanImages } from '../helpers/scan.js';
import { jpegsToPdf } from '../../src/services/ocr/imagepdf.js';
import { genReport } from '../bench/ocr.js';

const gen = genReport();
afterAll(() => closeOcrPool());

describe('coarse scans say so', () => {
  for (const dpi of [60, 100]) {
    it(`${dpi} dpi: R-SCAN-COARSE with the figure, every error and warning 需复核`, async () => {
      const page = scanImages(gen.pdf, { dpi, skew: 1.2, noise: 0.35, quality: 70, seal: true })[0]!;
      const [w, h] = execFileSync('identify', ['-format', '%w %h', page], { encoding: 'utf8' }).split(' ').map(Number) as [number, number];
      const scan = join(mkdtempSync(join(tmpdir(), 'nianbao-coarse-')), `scan-${dpi}.pdf`);
      writeFileSync(scan, jpegsToPdf([readFileSync(page)], [{ w, h }], dpi));
      const doc = await readDocumentFile(scan, { ocr: {} });
      expect(doc.ocr?.coarse).toBe(true);
      expect(Math.abs(doc.ocr!.dpi! - dpi)).toBeLessThanOrEqual(2);
      const c = checkText(scan, doc, resolveSettings());
      const coarse = c.json.findings.filter((f) => f.rule === 'R-SCAN-COARSE');
      expect(coarse).toHaveLength(1);
      expect(coarse[0]!.message).toContain(`${dpi} dpi`);
      const unflagged = c.json.reports.flatMap((r) => r.findings).filter((f) => f.severity !== 'info' && !f.needsReview);
      expect(unflagged.map((f) => f.message)).toEqual([]);
    }, 900_000);
  }
});
