// Issue 23 point 3: a scan too coarse to read says so. The generated report printed by Chromium,
// scanned at 60 and at 100 dpi (noise, slant, seal, JPEG 70): one document finding R-SCAN-COARSE
// with the resolution, and no error or warning that is not needs-review.
import { afterAll, describe, expect, it } from 'vitest';
import { readDocumentFile } from '../../src/services/readers.js';
import { closeOcrPool } from '../../src/services/ocr/engine.js';
import { checkText } from '../../src/services/check.js';
import { resolveSettings } from '../../src/core/rules/index.js';
import { scannedPdfOf } from '../helpers/scan.js';
import { genReport } from '../bench/ocr.js';

const gen = genReport();
afterAll(() => closeOcrPool());

describe('coarse scans say so', () => {
  for (const dpi of [60, 100]) {
    it(`${dpi} dpi: R-SCAN-COARSE with the figure, every error and warning 需复核`, async () => {
      const scan = scannedPdfOf(gen.pdf, { dpi, skew: 1.2, noise: 0.35, quality: 70, seal: true });
      const doc = await readDocumentFile(scan, { ocr: {} });
      expect(doc.ocr?.coarse).toBe(true);
      expect(Math.abs(doc.ocr!.dpi! - dpi)).toBeLessThanOrEqual(2);
      const c = checkText(scan, doc, resolveSettings());
      const coarse = c.json.findings.filter((f) => f.rule === 'R-SCAN-COARSE');
      expect(coarse).toHaveLength(1);
      expect(coarse[0]!.message).toContain(`${dpi} dpi`);
      const unflagged = c.json.reports.flatMap((r) => r.findings).filter((f) => f.severity !== 'info' && !f.needsReview);
      expect(unflagged.map((f) => f.message)).toEqual([]);
    }, 400_000);
  }
});
