// Encodings (generated at test time) and the `nianbao` command as a user runs it.
import { describe, expect, it, beforeAll } from 'vitest';
import iconv from 'iconv-lite';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeText } from '../../src/core/text/decode.js';
import { normalizeForMatch } from '../../src/core/text/normalize.js';
import { readDocumentFile } from '../../src/services/readers.js';
import { FIXTURES, ROOT, SEEDS } from '../helpers/engine.js';

const sample = readFileSync(SEEDS.haidong, 'utf8');

describe('text encodings', () => {
  it('UTF-8 with and without BOM', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(sample)])).text).toBe(sample);
    expect(decodeText(Buffer.from(sample)).text).toBe(sample);
  });
  it('UTF-16 LE/BE with and without BOM', () => {
    const le = Buffer.from(sample, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), le])).text).toBe(sample);
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be])).text).toBe(sample);
    expect(decodeText(le)).toMatchObject({ text: sample, encoding: 'utf-16le' });
    expect(decodeText(be)).toMatchObject({ text: sample, encoding: 'utf-16be' });
  });
  it('GBK and GB18030 without mojibake', () => {
    expect(decodeText(iconv.encode(sample, 'gbk'))).toMatchObject({ text: sample, encoding: 'gb18030' });
    const rare = sample + '\n𠀀㐀'; // characters only GB18030 encodes
    expect(decodeText(iconv.encode(rare, 'gb18030')).text).toBe(rare);
  });
  it('a GBK report reads the same as its UTF-8 original', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-enc-'));
    const p = join(dir, 'gbk.txt');
    writeFileSync(p, iconv.encode(readFileSync(SEEDS.liaocheng, 'utf8'), 'gbk'));
    const a = await readDocumentFile(p);
    const b = await readDocumentFile(SEEDS.liaocheng);
    expect(a.text).toBe(b.text);
  });
  it('normalisation keeps offsets: full-width digits and Kangxi radicals', () => {
    const s = '⾏政复议（一）１２３件';
    const n = normalizeForMatch(s);
    expect(n).toHaveLength(s.length);
    expect(n).toBe('行政复议(一)123件');
  });
});

describe('nianbao CLI', () => {
  const bin = join(ROOT, 'bin', 'nianbao.mjs');
  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { cwd: ROOT });
  });
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });

  it('check --json returns every report of every fixture with its tables (contract shape)', () => {
    const r = run('check', '--json', FIXTURES);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.version).toBe(1);
    expect(Array.isArray(out.crossYear)).toBe(true);
    const reports = out.documents.flatMap((d: { reports: unknown[] }) => d.reports);
    expect(reports).toHaveLength(11);
    for (const d of out.documents) {
      expect(d).toMatchObject({ error: null });
      expect(d.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(['txt', 'html', 'pdf']).toContain(d.kind);
    }
    for (const rep of reports) {
      expect(Object.keys(rep.sections).sort()).toEqual(['other', 'overview', 'proactive', 'problems', 'requests', 'reviews']);
      expect(rep.tables.requests.rows.received).toBeDefined();
      expect(rep.tables.reviews.review).toBeDefined();
      expect(['2019', '2021']).toContain(rep.format);
      for (const f of rep.findings) {
        expect(f).toHaveProperty('rule');
        expect(['error', 'warning', 'info']).toContain(f.severity);
        expect(Array.isArray(f.source)).toBe(true);
      }
    }
    const sh = out.documents.find((d: { file: string }) => d.file.endsWith('shanghai-office-2019.html'));
    expect(sh.reports[0].tables.requests.rows.received).toEqual({ natural: 821, business: 35, research: null, nonprofit: null, legal: 2, other_org: 1, total: 859 });
  });

  it('prints a readable Chinese summary without --json', () => {
    const r = run('check', SEEDS.liaocheng);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('聊城市机关事务管理局 2023 年度');
    expect(r.stdout).toMatch(/共 1 个文件.*5 份年报/);
  });

  it('a file it cannot read gets a per-file error, the batch goes on, exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-bad-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'old.doc'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]));
    writeFileSync(join(dir, 'broken.docx'), Buffer.from('PK\u0003\u0004garbage-not-a-zip'));
    writeFileSync(join(dir, 'noise.txt'), Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256)));
    copyFileSync(SEEDS.dehui, join(dir, 'sub', 'good.txt'));
    const r = run('check', '--json', dir);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    const byName = Object.fromEntries(out.documents.map((d: { file: string }) => [d.file.split('/').pop(), d]));
    expect(byName['empty.txt'].error.code).toBe('EMPTY');
    expect(byName['old.doc'].error).toMatchObject({ code: 'LEGACY_DOC', message: expect.stringContaining('DOCX') });
    expect(byName['broken.docx'].error.code).toBe('CORRUPT');
    expect(byName['noise.txt'].error.code).toBe('NOT_TEXT');
    expect(byName['good.txt'].reports).toHaveLength(1);
  });

  it('bad usage exits 2 with the usage text', () => {
    const r = run('check');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('用法');
    expect(run('frobnicate').status).toBe(2);
    expect(run('check', '--deadline-days', 'x', SEEDS.dehui).status).toBe(2);
  });

  it('--deadline-days moves the department deadline', () => {
    const late = JSON.parse(run('check', '--json', '--deadline-days', '10', SEEDS.dehui).stdout);
    expect(late.documents[0].reports[0].findings.map((f: { rule: string }) => f.rule)).toContain('R-DATE-LATE');
    const ok = JSON.parse(run('check', '--json', SEEDS.dehui).stdout);
    expect(ok.documents[0].reports[0].findings.map((f: { rule: string }) => f.rule)).not.toContain('R-DATE-LATE');
  });
});
