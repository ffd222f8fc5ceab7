// Every finding message the engine writes on the real fixtures, as a letter prints it (issue 22): no
// rule id and no word about how the tool read or computed (推断, 已按…, 核实, 复核, 读取, 识别, 跳过).
// A new engine message that speaks about the tool fails here until letters.ts words it for an agency.
import { expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../helpers/engine.js';
import { checkPaths } from '../../src/services/check.js';
import { letterWords } from '../../src/core/letters.js';

const TOOL_WORDS = /已按|推断|按 ?0 ?计算|核实|复核|读取|识别|跳过|对照原文|\bR-[A-Z]/;

it('letters carry no tool words and no rule ids, for every message the fixtures produce', async () => {
  const files = ['seeds', 'real'].flatMap((d) =>
    readdirSync(join(FIXTURES, d))
      .filter((f) => !/\.(json|md)$/.test(f))
      .map((f) => join(FIXTURES, d, f)),
  );
  const { result } = await checkPaths(files);
  const messages = new Set(result.documents.flatMap((d) => d.reports.flatMap((r) => r.findings.map((f) => f.message))));
  expect(messages.size).toBeGreaterThan(30);
  const leaks = [...messages].map(letterWords).filter((m) => TOOL_WORDS.test(m));
  expect(leaks).toEqual([]);
}, 300_000);
