// `nianbao export` and `nianbao letters`: check the files, add an auditor's store (read-only) if given,
// write the workbook or the feedback letters.
import { existsSync } from 'node:fs';
import type { Settings } from '../core/rules/index.js';
import type { SheetInput } from '../core/sheets.js';
import { checkPaths } from './check.js';
import { ExportError, writeCsv, writeJson, writeXlsx } from './export.js';
import { defaultRubric } from './resources.js';
import { ReviewStore } from './store/index.js';
import { writeLetters } from './letters.js';
import { buildLetters, letterCandidates, type LetterSettings } from '../core/letters.js';
import { basename } from 'node:path';
import type { Correction } from '../core/corrections.js';

export interface ExportArgs {
  paths: string[];
  xlsx?: string;
  csv?: string;
  json?: string;
  store?: string;
  force: boolean;
  settings: Settings;
}

export interface LettersArgs {
  paths: string[];
  out: string;
  store?: string;
  force: boolean;
  settings: Settings;
  /** Wording over the store's letter settings (抬头/称呼/开头/结语/落款). */
  letter?: Partial<LetterSettings>;
  /** Also write letters for reports not marked 已完成 (each says it was not reviewed). */
  includeUnreviewed?: boolean;
}

/** Check the files and add the auditor's store (read-only): everything a workbook or a letter needs. */
async function loadRound(paths: string[], storePath: string | undefined, settings: Settings): Promise<{ input: SheetInput; letters?: Partial<LetterSettings> } | number> {
  let review: SheetInput['review'];
  let rubric = defaultRubric();
  let letters: Partial<LetterSettings> | undefined;
  let corrections: Correction[] = [];
  if (storePath) {
    if (!existsSync(storePath)) {
      process.stderr.write(`nianbao: 审核数据文件 ${storePath} 不存在\n`);
      return 2;
    }
    const { store, notice } = await ReviewStore.open(storePath, { readOnly: true });
    if (notice) process.stderr.write(`nianbao: ${notice}\n`);
    review = { decisions: store.data.decisions, annotations: store.data.annotations, scores: store.data.scores, statuses: store.data.statuses };
    rubric = store.data.rubrics[store.data.settings.rubricId] ?? rubric;
    letters = store.data.settings.letters;
    // The auditor's corrections: the files are re-read and checked with them.
    corrections = Object.values(store.data.corrections ?? {}).filter((c) => !c.deleted);
    await store.close();
  }
  const { result, docs } = await checkPaths(paths, { settings, corrections });
  const reports = new Map<string, { report: NonNullable<(typeof docs)[number]['parse']>['reports'][number]; text: string }>();
  for (const d of docs) {
    if (!d.parse || !d.doc) continue;
    d.parse.reports.forEach((r, i) => reports.set(d.json.reports[i]!.key, { report: r, text: d.doc!.text }));
  }
  return { input: { check: result, reports, review, corrections, rubric, settings, exportedAt: new Date().toISOString() }, letters };
}

export async function runExport(args: ExportArgs): Promise<number> {
  for (const out of [args.xlsx, args.json].filter((x): x is string => !!x)) {
    if (existsSync(out) && !args.force) {
      process.stderr.write(`nianbao: ${out} 已存在，不会覆盖；加 --force 覆盖，或换一个文件名\n`);
      return 2;
    }
  }
  const round = await loadRound(args.paths, args.store, args.settings);
  if (typeof round === 'number') return round;
  const { input } = round;
  const result = input.check;
  try {
    if (args.xlsx) {
      await writeXlsx(args.xlsx, input, args.force);
      process.stdout.write(`已导出 ${args.xlsx}\n`);
    }
    if (args.csv) for (const p of await writeCsv(args.csv, input, args.force)) process.stdout.write(`已导出 ${p}\n`);
    if (args.json) {
      await writeJson(args.json, input, args.force);
      process.stdout.write(`已导出 ${args.json}\n`);
    }
  } catch (e) {
    if (e instanceof ExportError) {
      process.stderr.write(`nianbao: ${e.message}\n`);
      return e.code === 'EXISTS' ? 2 : 1;
    }
    throw e;
  }
  return result.documents.some((d) => d.error) ? 1 : 0;
}

/** `nianbao letters`: one 反馈意见书 (DOCX) per agency and year into a folder. */
export async function runLetters(args: LettersArgs): Promise<number> {
  const round = await loadRound(args.paths, args.store, args.settings);
  if (typeof round === 'number') return round;
  const { input } = round;
  const texts = new Map([...(input.reports ?? new Map())].map(([k, v]) => [k, v.text] as const));
  const settings = { ...(round.letters ?? {}), ...(args.letter ?? {}) };
  const letters = buildLetters({ check: input.check, review: input.review, rubric: input.rubric, texts, settings, date: input.exportedAt, aliases: input.settings.agencyAliases, includeUnreviewed: !!args.includeUnreviewed });
  const { unreviewed } = letterCandidates({ check: input.check, review: input.review });
  if (unreviewed.length && !args.includeUnreviewed)
    process.stderr.write(`nianbao: ${unreviewed.length} 份年报尚未审核完成（状态不是“已完成”），没有为它们写意见书；如确需写出，加 --include-unreviewed（意见书中会注明未经审阅）\n`);
  if (!letters.length) {
    process.stderr.write('nianbao: 没有审核完成的年报，没有写出反馈意见书\n');
    return 1;
  }
  try {
    const r = await writeLetters(args.out, letters, {
      overwrite: args.force,
      onProgress: (done, total, file) => process.stderr.write(`\r已写 ${done}/${total} ${basename(file)}`.padEnd(60).slice(0, 120)),
    });
    if (r.existing.length) {
      process.stderr.write(`nianbao: ${r.existing.length} 份反馈意见书已存在（如 ${r.existing[0]}），不会覆盖；加 --force 覆盖，或换一个文件夹\n`);
      return 2;
    }
    process.stderr.write('\n');
    for (const p of r.written) process.stdout.write(`已写出 ${p}\n`);
  } catch (e) {
    if (e instanceof ExportError) {
      process.stderr.write(`nianbao: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  return input.check.documents.some((d) => d.error) ? 1 : 0;
}
