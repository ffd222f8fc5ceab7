// Test helpers over the real services: bytes or text in, parse + findings out.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readDocumentBytes, readDocumentFile, type ReadOptions } from '../../src/services/readers.js';
import { checkText } from '../../src/services/check.js';
import { resolveSettings, type Settings } from '../../src/core/rules/index.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHARED = join(ROOT, '..', 'shared');
export const FIXTURES = join(SHARED, 'fixtures');
export const seed = (name: string) => join(FIXTURES, 'seeds', name);
export const SEEDS = {
  haidong: seed('000_8e8a9cd29e07aedf.txt'),
  weihui: seed('001_30467e87f80f2712.txt'),
  dehui: seed('002_f5d5ef7bb5443bb4.txt'),
  liaocheng: seed('004_6174489a5f7162cb.txt'),
  shanghai: join(FIXTURES, 'real', 'shanghai-office-2019.html'),
};

export async function checkFilePath(path: string, settings?: Partial<Settings>, read?: ReadOptions) {
  const doc = await readDocumentFile(path, read);
  return checkText(path, doc, resolveSettings(settings));
}

export async function checkString(text: string, name = 'report.txt', settings?: Partial<Settings>) {
  const doc = await readDocumentBytes(new TextEncoder().encode(text), name);
  return checkText(name, doc, resolveSettings(settings));
}
