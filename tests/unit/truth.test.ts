// Cells extracted from the text fixtures against the hand-read truth: 100% correct.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { checkFilePath, FIXTURES } from '../helpers/engine.js';
import { compareCells, TRUTH } from '../helpers/truth.js';

describe('fixture cells against the hand-read truth', () => {
  for (const t of TRUTH) {
    it(`${t.file} report ${t.report}`, async () => {
      const { parse } = await checkFilePath(join(FIXTURES, t.file));
      const cmp = compareCells(t, parse!.reports[t.report]);
      expect(cmp.length).toBeGreaterThan(100);
      expect(cmp.filter((c) => !c.ok)).toEqual([]);
    });
  }
});
