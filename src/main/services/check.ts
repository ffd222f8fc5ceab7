// Batch checking: files and folders → the check-output JSON. Used by the CLI and the app.

import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { DocumentParse, DocumentText } from '../../core/model.js';
import { parseDocument } from '../../core/extract/document.js';
import { checkDocument, crossYearRules, resolveSettings, type Settings, type YearEntry } from '../../core/rules/index.js';
import { documentJson, type CheckJson, type DocumentJson } from '../../core/output.js';
import { ReadError, readDocumentFile, SUPPORTED_EXT } from './readers.js';

/** Expand folders (recursively, sorted) into files; explicit files are kept whatever their extension. */
export async function expandPaths(paths: string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name.startsWith('~$')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && SUPPORTED_EXT.has(extname(e.name).toLowerCase())) files.push(p);
    }
  };
  for (const p of paths) {
    try {
      const s = await stat(p);
      if (s.isDirectory()) await walk(p);
      else files.push(p);
    } catch {
      missing.push(p);
    }
  }
  return { files, missing };
}

export interface CheckedDocument {
  file: string;
  doc: DocumentText | null;
  parse: DocumentParse | null;
  json: DocumentJson;
}

export function errorJson(file: string, e: unknown): DocumentJson {
  const err = e instanceof ReadError ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: `处理文件时出错：${String((e as Error)?.message ?? e).slice(0, 200)}` };
  return { file, sha256: '', kind: null, error: err, findings: [], reports: [] };
}

/** Check one document already read. */
export function checkText(file: string, doc: DocumentText, settings: Settings): CheckedDocument {
  const parse = parseDocument(doc);
  const found = checkDocument(parse, settings);
  return { file, doc, parse, json: documentJson(file, parse, found) };
}

export async function checkFile(file: string, settings: Settings): Promise<CheckedDocument> {
  try {
    const doc = await readDocumentFile(file);
    return checkText(file, doc, settings);
  } catch (e) {
    return { file, doc: null, parse: null, json: errorJson(file, e) };
  }
}

/** Cross-year findings over every report of every document. */
export function crossYear(docs: CheckedDocument[], settings: Settings): CheckJson['crossYear'] {
  const entries: YearEntry[] = [];
  for (const d of docs) {
    if (!d.parse || !d.doc) continue;
    for (const r of d.parse.reports) entries.push({ report: r, text: d.doc.text, doc: d.file });
  }
  return crossYearRules(entries, settings).map(({ evidence, ...f }) => ({
    ...f,
    source: evidence.map((e) => ({ file: e.doc, year: e.year, start: e.range.start, end: e.range.end, role: e.role })),
  }));
}

export interface CheckOptions {
  settings?: Partial<Settings>;
  onProgress?: (done: number, total: number, file: string) => void;
}

export async function checkPaths(paths: string[], opts: CheckOptions = {}): Promise<{ result: CheckJson; docs: CheckedDocument[] }> {
  const settings = resolveSettings(opts.settings);
  const { files, missing } = await expandPaths(paths);
  const docs: CheckedDocument[] = [];
  for (const m of missing) {
    docs.push({ file: m, doc: null, parse: null, json: errorJson(m, new ReadError('NOT_FOUND', '文件或文件夹不存在，请检查路径')) });
  }
  let done = 0;
  for (const f of files) {
    opts.onProgress?.(done, files.length, f);
    docs.push(await checkFile(f, settings));
    done++;
  }
  opts.onProgress?.(done, files.length, '');
  return { result: { version: 1, documents: docs.map((d) => d.json), crossYear: crossYear(docs, settings) }, docs };
}
