// The `nianbao` command: check and export on the same engine as the app.

import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CheckJson, FindingJson } from '../core/output.js';
import { RULE_BY_ID, resolveSettings, withDeadlineDays, type Settings } from '../core/rules/index.js';
import { checkPaths } from '../services/check.js';
import { closeOcrPool } from '../services/ocr/engine.js';

const VERSION = '0.1.0';

const USAGE = `用法 / usage:
  nianbao check [--json] [--no-ocr] [--ocr-cache DIR] [--deadline-days N] [--settings FILE] PATH...
      检查年报文件或文件夹（递归），输出每份年报的问题。
      扫描件（无文字层的 PDF）和图片（PNG/JPEG）用文字识别（OCR）读取，结果按文件缓存。
      --json             按 check-output.md 输出 JSON
      --no-ocr           不做文字识别：扫描件报“无文字层”
      --ocr-cache DIR    OCR 结果缓存目录（默认 ~/.cache/nianbao/ocr）
      --deadline-days N  政府部门年报的发布期限：次年 1 月 1 日起第 N 天（默认 31，即 1 月 31 日）
      --settings FILE    规则设置（JSON：开关、严重程度、期限、相似度阈值）
  nianbao export --xlsx OUT [--csv OUT] [--json OUT] [--store FILE] PATH...
      导出评审表格（Excel / CSV / JSON，含“统计”表和图）；--store 加入审核人的判定、批注和评分
  nianbao letters --store FILE --out DIR [--include-unreviewed] [--letter FILE] [--force] PATH...
      为审核完成（状态“已完成”）的每份年报写一份反馈意见书（DOCX）：得分、每个确认的问题（说明、位置、原文）和审核意见
      --include-unreviewed  也为尚未审核完成的年报写出：意见书注明未经审阅，问题列为“尚未经审核人确认”
      --letter FILE         意见书措辞（JSON：title 抬头、salutation 称呼、opening 开头、closing 结语、issuer 落款）
  nianbao --version | --help

退出码：0 全部文件已读取（有问题也为 0）；1 有文件无法读取；2 用法错误。`;

const SEV_ZH: Record<string, string> = { error: '错误', warning: '警告', info: '提示' };

class UsageError extends Error {}

function defaultOcrCache(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'nianbao', 'ocr');
}

async function loadSettings(file: string | undefined, deadlineDays: string | undefined): Promise<Settings> {
  let s = resolveSettings();
  if (file) {
    let raw: string;
    try {
      raw = await readFile(file, 'utf8');
    } catch {
      throw new UsageError(`无法读取设置文件 ${file}`);
    }
    let parsed: Partial<Settings>;
    try {
      parsed = JSON.parse(raw) as Partial<Settings>;
    } catch {
      throw new UsageError(`设置文件 ${file} 不是有效的 JSON`);
    }
    s = resolveSettings(parsed);
    const bad = Object.entries((parsed.agencyTypes ?? {}) as Record<string, unknown>).filter(([k]) => !(k.trim() in s.agencyTypes));
    if (bad.length) {
      throw new UsageError(`设置文件 ${file} 中 agencyTypes 的“${bad[0]![0]}”取值“${String(bad[0]![1])}”无效：应为“政府”或“部门”（government / department）`);
    }
  }
  if (deadlineDays !== undefined) {
    const n = Number(deadlineDays);
    if (!Number.isInteger(n) || n < 1 || n > 366) throw new UsageError('--deadline-days 应为 1 到 366 的整数');
    s = withDeadlineDays(s, n);
  }
  return s;
}

function findingLine(f: FindingJson | CheckJson['crossYear'][number]): string {
  const title = RULE_BY_ID[f.rule]?.title ?? '';
  return `    [${SEV_ZH[f.severity] ?? f.severity}] ${f.rule} ${title}：${f.message}`;
}

export function summary(result: CheckJson): string {
  const out: string[] = [];
  let reports = 0;
  const totals = { error: 0, warning: 0, info: 0 } as Record<string, number>;
  let unread = 0;
  for (const d of result.documents) {
    out.push(`■ ${d.file}${d.kind ? `（${d.kind.toUpperCase()}）` : ''}`);
    if (d.error) {
      unread++;
      out.push(`  无法读取 [${d.error.code}]：${d.error.message}`);
      continue;
    }
    if (d.ocr) {
      out.push(
        `  文字识别（OCR）读取：${d.ocr.pages} 页，${d.ocr.lowConfidence} 处低置信度${d.ocr.cached ? '（来自缓存）' : `，用时 ${(d.ocr.ms / 1000).toFixed(1)} 秒`}；涉及低置信度单元格的问题标为“需复核”，请对照原件`,
      );
    }
    for (const f of d.findings) {
      totals[f.severity] = (totals[f.severity] ?? 0) + 1;
      out.push(findingLine(f));
    }
    if (!d.reports.length) out.push('  未找到年报（没有“一、总体情况”等章节标题）');
    for (const r of d.reports) {
      reports++;
      const n = { error: 0, warning: 0, info: 0 } as Record<string, number>;
      for (const f of r.findings) n[f.severity] = (n[f.severity] ?? 0) + 1;
      for (const k of Object.keys(n)) totals[k] = (totals[k] ?? 0) + n[k]!;
      out.push(
        `  ▸ ${r.agency ?? '（单位不详）'} ${r.year ?? '？'} 年度 · ${r.format === 'unknown' ? '格式不详' : `${r.format} 版格式`} · ${r.publishedOn ? `${r.publishedOn}（${{ signature: '落款', page: '页面发布时间', metadata: '文件属性' }[r.publishedOnSource ?? 'signature']}）` : '无日期'} — 错误 ${n.error}，警告 ${n.warning}，提示 ${n.info}`,
      );
      for (const f of r.findings) out.push(findingLine(f));
    }
  }
  if (result.crossYear.length) {
    out.push('■ 跨年度核对');
    for (const f of result.crossYear) {
      totals[f.severity] = (totals[f.severity] ?? 0) + 1;
      out.push(`  ${f.agency} ${f.years[0]}→${f.years[1]}`);
      out.push(findingLine(f));
    }
  }
  out.push('');
  out.push(
    `共 ${result.documents.length} 个文件（${unread} 个无法读取），${reports} 份年报；错误 ${totals.error}，警告 ${totals.warning}，提示 ${totals.info}`,
  );
  return out.join('\n');
}

async function cmdCheck(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      'deadline-days': { type: 'string' },
      settings: { type: 'string' },
      'no-ocr': { type: 'boolean', default: false },
      'ocr-cache': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (!positionals.length) throw new UsageError('请给出要检查的文件或文件夹');
  const settings = await loadSettings(values.settings, values['deadline-days']);
  const ocr = values['no-ocr'] ? { enabled: false } : { enabled: true, cacheDir: values['ocr-cache'] ?? defaultOcrCache() };
  // OCR progress goes to stderr (stdout stays the report / JSON).
  const stages = { render: '读取页面图像', cells: '识别表格', text: '识别文字' };
  const onOcrPage = (file: string, done: number, total: number, stage?: keyof typeof stages) => {
    if (!process.stderr.isTTY && !process.env.NIANBAO_PROGRESS) return;
    process.stderr.write(stage ? `文字识别（OCR）${file}：第 ${done + 1}/${total} 页，${stages[stage]}\n` : `文字识别（OCR）${file}：第 ${done}/${total} 页\n`);
  };
  const { result } = await checkPaths(positionals, { settings, ocr, onOcrPage });
  process.stdout.write(values.json ? JSON.stringify(result, null, 2) + '\n' : summary(result) + '\n');
  return result.documents.some((d) => d.error) ? 1 : 0;
}

async function cmdExport(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      xlsx: { type: 'string' },
      csv: { type: 'string' },
      json: { type: 'string' },
      store: { type: 'string' },
      'deadline-days': { type: 'string' },
      settings: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (!values.xlsx && !values.csv && !values.json) throw new UsageError('请用 --xlsx、--csv 或 --json 指定输出文件');
  if (!positionals.length) throw new UsageError('请给出要导出的文件或文件夹');
  const settings = await loadSettings(values.settings, values['deadline-days']);
  const { runExport } = await import('../services/export-cli.js');
  return runExport({ paths: positionals, xlsx: values.xlsx, csv: values.csv, json: values.json, store: values.store, force: values.force, settings });
}

const LETTER_FIELDS = { title: '抬头', salutation: '称呼', opening: '开头', closing: '结语', issuer: '落款' } as const;

/** --letter FILE.json: the letter's wording ({"title","salutation","opening","closing","issuer"}, any subset). */
async function loadLetterSettings(path: string): Promise<Record<string, string>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`意见书设置文件 ${path} 读不了：${(e as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : '不是有效的 JSON'}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`意见书设置文件 ${path} 应是一个 JSON 对象，如 {"issuer": "某某评议组"}`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!(k in LETTER_FIELDS)) throw new UsageError(`意见书设置文件 ${path} 中的“${k}”不认识；可设置：${Object.entries(LETTER_FIELDS).map(([a, b]) => `${a}（${b}）`).join('、')}`);
    if (typeof v !== 'string') throw new UsageError(`意见书设置文件 ${path} 中的“${k}”应是文字`);
    out[k] = v;
  }
  return out;
}

async function cmdLetters(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      store: { type: 'string' },
      out: { type: 'string' },
      'deadline-days': { type: 'string' },
      settings: { type: 'string' },
      letter: { type: 'string' },
      'include-unreviewed': { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (!values.out) throw new UsageError('请用 --out 指定反馈意见书的输出文件夹');
  if (!values.store) throw new UsageError('请用 --store 指定审核数据文件（反馈意见书只列审核人确认的问题）');
  if (!positionals.length) throw new UsageError('请给出年报文件或文件夹');
  const settings = await loadSettings(values.settings, values['deadline-days']);
  const { runLetters } = await import('../services/export-cli.js');
  const letter = values.letter ? await loadLetterSettings(values.letter) : undefined;
  return runLetters({ paths: positionals, out: values.out, store: values.store, force: values.force, settings, letter, includeUnreviewed: values['include-unreviewed'] });
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      process.stdout.write(USAGE + '\n');
      return cmd ? 0 : 2;
    }
    if (cmd === '--version' || cmd === '-v') {
      process.stdout.write(`nianbao ${VERSION}\n`);
      return 0;
    }
    if (cmd === 'check') return await cmdCheck(rest).finally(closeOcrPool);
    if (cmd === 'export') return await cmdExport(rest);
    if (cmd === 'letters') return await cmdLetters(rest);
    throw new UsageError(`未知命令：${cmd}`);
  } catch (e) {
    await closeOcrPool();
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`nianbao: ${(e as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
}
