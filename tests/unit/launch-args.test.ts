// Files handed to the installed app by the system (file associations, a second launch).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesFromArgv } from '../../src/services/launch-args.js';

describe('filesFromArgv', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'nianbao-args-')), '张 三 的文件', '2023 年报');
  mkdirSync(dir, { recursive: true });
  const pdf = join(dir, '某某县 统计局 2023年报.pdf');
  const txt = join(dir, 'b.txt');
  writeFileSync(pdf, '%PDF-1.4');
  writeFileSync(txt, '一、总体情况');

  it('takes the documents after the executable of a packaged app, Chinese names and spaces included', () => {
    const argv = ['C:\\Users\\张 三\\AppData\\Local\\Programs\\nianbao\\nianbao.exe', pdf, txt];
    expect(filesFromArgv(argv, true)).toEqual([pdf, txt]);
  });

  it('skips the app path in development, switches, and paths that do not exist', () => {
    const argv = ['/usr/lib/electron', '/repo/out/main/index.mjs', '--allow-file-access-from-files', '-psn_0_1234', pdf, join(dir, '不存在.pdf'), ''];
    expect(filesFromArgv(argv, false)).toEqual([pdf]);
  });

  it("resolves a second launch's relative paths from that launch's working directory", () => {
    expect(filesFromArgv(['nianbao', 'b.txt', '某某县 统计局 2023年报.pdf'], true, dir)).toEqual([txt, pdf]);
    // The same relative name from elsewhere is not a file there.
    expect(filesFromArgv(['nianbao', 'b.txt'], true, tmpdir())).toEqual([]);
  });
});
