// `nianbao export`: check the files, add an auditor's store (read-only) if given, write the workbook.
import { existsSync } from 'node:fs';
import type { Settings } from '../../core/rules/index.js';
import type { SheetInput } from '../../core/sheets.js';
import { checkPaths } from './check.js';
import { ExportError, writeCsv, writeJson, writeXlsx } from './export.js';
import { defaultRubric } from './resources.js';
import { ReviewStore } from './store.js';

export interface ExportArgs {
  paths: string[];
  xlsx?: string;
  csv?: string;
  json?: string;
  store?: string;
  force: boolean;
  settings: Settings;
}

export async function runExport(args: ExportArgs): Promise<number> {
  for (const out of [args.xlsx, args.json].filter((x): x is string => !!x)) {
    if (existsSync(out) && !args.force) {
      process.stderr.write(`nianbao: ${out} 已存在，不会覆盖；加 --force 覆盖，或换一个文件名\n`);
      return 2;
    }
  }
  let review: SheetInput['review'];
  let rubric = defaultRubric();
  if (args.store) {
    if (!existsSync(args.store)) {
      process.stderr.write(`nianbao: 审核数据文件 ${args.store} 不存在\n`);
      return 2;
    }
    const { store, notice } = await ReviewStore.open(args.store, { readOnly: true });
    if (notice) process.stderr.write(`nianbao: ${notice}\n`);
    review = { decisions: store.data.decisions, annotations: store.data.annotations, scores: store.data.scores, statuses: store.data.statuses };
    rubric = store.data.rubrics[store.data.settings.rubricId] ?? rubric;
    await store.close();
  }
  const { result, docs } = await checkPaths(args.paths, { settings: args.settings });
  const reports = new Map<string, { report: NonNullable<(typeof docs)[number]['parse']>['reports'][number]; text: string }>();
  for (const d of docs) {
    if (!d.parse || !d.doc) continue;
    d.parse.reports.forEach((r, i) => reports.set(d.json.reports[i]!.key, { report: r, text: d.doc!.text }));
  }
  const input: SheetInput = { check: result, reports, review, rubric, settings: args.settings, exportedAt: new Date().toISOString() };
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
