// The app's state and every action behind the IPC contract, as a plain Node service: the Electron
// main process and the test host both call it. No Electron here.

import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Args, FileError, FindingView, ImportProgress, QueueItem, ReportView, Result, RuleInfo, TableView, CellView, Events, EventName } from '../../ipc/contract.js';
import type { DocumentParse, DocumentText, Report, TableKey } from '../../core/model.js';
import { SECTION_KEYS } from '../../core/model.js';
import { pageAt, type CheckJson, type FindingJson } from '../../core/output.js';
import { RULE_BY_ID, RULES, normalizeAgency, resolveSettings, type Settings } from '../../core/rules/index.js';
import { locationWords } from '../../core/sheets.js';
import { makeAnchor, reanchor, suggestScore, totalOf, type Rubric } from '../../core/review.js';
import { checkFilesParallel, crossYear, expandPaths, type CheckedDocument } from './check.js';
import { writeXlsx, ExportError } from './export.js';
import { defaultRubric, resourcesDir } from './resources.js';
import { ReviewStore, type ReviewFile } from './store.js';

interface Loaded {
  file: string;
  doc: DocumentText;
  parse: DocumentParse;
  json: CheckJson['documents'][number];
}

export interface AppServiceOptions {
  storePath: string;
  auditor?: string;
  /** Open these instead of the stored workspace (test host, command line). */
  files?: string[];
  /** Ask the user for paths (Electron dialogs); the test host has none. */
  dialogs?: {
    openFiles(folder: boolean): Promise<string[]>;
    saveFile(defaultName: string, ext: 'xlsx' | 'json'): Promise<string | null>;
    openFile(ext: 'json'): Promise<string | null>;
  };
  openExternal?: (url: string) => Promise<void>;
  /** Remember where the store now is (Electron keeps it in the app's data folder). */
  onStoreMoved?: (path: string) => void;
}

export class AppService {
  private store!: ReviewStore;
  private notice: string | null = null;
  private readonly docs = new Map<string, Loaded>(); // by sha256
  private readonly reportIndex = new Map<string, { sha: string; i: number }>();
  private cross: CheckJson['crossYear'] = [];
  private errors: FileError[] = [];
  private sample = false;
  private settings: Settings = resolveSettings();
  private progress: ImportProgress = { running: false, done: 0, total: 0, current: '', errors: [], cancelled: false };
  private abort: AbortController | null = null;
  private listeners = new Set<<E extends EventName>(e: E, payload: Events[E]) => void>();

  constructor(private opts: AppServiceOptions) {}

  on(cb: <E extends EventName>(e: E, payload: Events[E]) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private emit<E extends EventName>(e: E, payload: Events[E]): void {
    for (const l of this.listeners) l(e, payload);
  }

  async init(): Promise<void> {
    const { store, notice } = await ReviewStore.open(this.opts.storePath, { auditor: this.opts.auditor });
    this.store = store;
    this.notice = notice;
    this.settings = resolveSettings(store.data.settings.rules);
    store.onChange = () => undefined;
    let files = this.opts.files ?? Object.values(store.data.workspace.files).map((f) => f.path);
    if (!files.length) {
      files = [join(resourcesDir(), 'samples')];
      this.sample = true;
    }
    await this.runImport(files, { remember: !this.sample });
  }

  async close(): Promise<void> {
    this.abort?.abort();
    await this.store.close();
  }

  // ---- import --------------------------------------------------------------------------------

  private async runImport(paths: string[], { remember }: { remember: boolean }): Promise<void> {
    this.abort = new AbortController();
    const { files, missing } = await expandPaths(paths);
    const errors: FileError[] = missing.map((m) => ({ file: m, code: 'NOT_FOUND', message: '文件或文件夹不存在（可能已移动或删除），请重新打开' }));
    this.progress = { running: true, done: 0, total: files.length, current: '', errors, cancelled: false };
    this.emit('importProgress', this.progress);
    const checked: CheckedDocument[] = await checkFilesParallel(files, this.settings, {
      signal: this.abort.signal,
      inThread: false,
      onProgress: (done, total, current) => {
        this.progress = { ...this.progress, done, total, current };
        this.emit('importProgress', this.progress);
      },
    });
    for (const c of checked) {
      if (c.json.error || !c.doc || !c.parse) {
        errors.push({ file: c.file, code: c.json.error?.code ?? 'INTERNAL', message: c.json.error?.message ?? '未知错误' });
        continue;
      }
      if (!c.json.reports.length) {
        // Read, but nothing to review: a scan without text, or not an annual report at all.
        const f = c.json.findings.find((x) => x.rule === 'R-NO-TEXT') ?? c.json.findings[0];
        errors.push({ file: c.file, code: f?.rule ?? 'NO_REPORT', message: f?.message ?? '文件中没有找到年报（没有“一、总体情况”等章节标题）' });
        continue;
      }
      // A re-imported file whose content changed replaces its old version (same path).
      for (const [sha, l] of this.docs) if (l.file === c.file && sha !== c.doc.sha256) this.dropDoc(sha);
      this.docs.set(c.doc.sha256, { file: c.file, doc: c.doc, parse: c.parse, json: c.json });
      c.json.reports.forEach((r, i) => this.reportIndex.set(r.key, { sha: c.doc!.sha256, i }));
      if (remember) {
        const s = await stat(c.file).catch(() => null);
        this.store.addFiles([{ path: c.file, sha256: c.doc.sha256, size: s?.size ?? 0, addedAt: new Date().toISOString() }]);
      }
    }
    // Files remembered by hash but moved: the same content under a new path keeps its data.
    this.errors = [...this.errors.filter((e) => !files.includes(e.file)), ...errors];
    this.recomputeCrossYear();
    const cancelled = this.abort.signal.aborted;
    this.progress = { running: false, done: checked.length, total: files.length, current: '', errors, cancelled };
    this.emit('importProgress', this.progress);
    this.emit('workspaceChanged', { reason: 'import' });
  }

  private dropDoc(sha: string): void {
    const l = this.docs.get(sha);
    if (!l) return;
    for (const r of l.json.reports) this.reportIndex.delete(r.key);
    this.docs.delete(sha);
    this.store.removeFile(sha);
  }

  private recomputeCrossYear(): void {
    const list: CheckedDocument[] = [...this.docs.values()].map((l) => ({ file: l.file, doc: l.doc, parse: l.parse, json: l.json }));
    this.cross = crossYear(list, this.settings);
  }

  async pickAndImport(a: Args<'pickAndImport'>): Promise<Result<'pickAndImport'>> {
    if (!this.opts.dialogs) return { started: false };
    const paths = await this.opts.dialogs.openFiles(a.folder);
    if (!paths.length) return { started: false };
    void this.importPaths({ paths });
    return { started: true };
  }

  async importPaths(a: Args<'importPaths'>): Promise<Result<'importPaths'>> {
    if (this.progress.running) return { started: false };
    if (this.sample) {
      // Opening real files replaces the samples.
      for (const sha of [...this.docs.keys()]) this.dropDoc(sha);
      this.sample = false;
    }
    const run = this.runImport(a.paths, { remember: true });
    void run.catch((e) => this.emit('notice', { message: `导入失败：${(e as Error).message}`, level: 'error' }));
    return { started: true };
  }

  cancelImport(): Result<'cancelImport'> {
    const running = this.progress.running;
    this.abort?.abort();
    return { cancelled: running };
  }

  getImportProgress(): Result<'getImportProgress'> {
    return this.progress;
  }

  // ---- views ---------------------------------------------------------------------------------

  private loaded(key: string): { l: Loaded; report: Report; json: CheckJson['documents'][number]['reports'][number] } {
    const at = this.reportIndex.get(key);
    const l = at && this.docs.get(at.sha);
    if (!at || !l) throw new Error(`找不到这份年报（${key}），请重新导入文件`);
    return { l, report: l.parse.reports[at.i]!, json: l.json.reports[at.i]! };
  }

  private crossFor(agency: string | null, year: number | null): CheckJson['crossYear'] {
    if (!agency || year === null) return [];
    const a = normalizeAgency(agency);
    return this.cross.filter((f) => normalizeAgency(f.agency) === a && (f.years[0] === year || f.years[1] === year));
  }

  getWorkspace(): Result<'getWorkspace'> {
    const d = this.store.data;
    // Indexes built once per call: this runs after every change, on thousands of reports.
    const confirmedBy = new Map<string, number>();
    for (const x of Object.values(d.decisions)) if (x.verdict === 'confirmed') confirmedBy.set(x.reportKey, (confirmedBy.get(x.reportKey) ?? 0) + 1);
    const crossBy = new Map<string, CheckJson['crossYear']>();
    for (const f of this.cross) {
      const k = `${normalizeAgency(f.agency)}|${f.years[1]}`;
      crossBy.set(k, [...(crossBy.get(k) ?? []), f]);
    }
    const items: QueueItem[] = [];
    for (const l of this.docs.values()) {
      for (const r of l.json.reports) {
        const cross = r.agency && r.year !== null ? (crossBy.get(`${normalizeAgency(r.agency)}|${r.year}`) ?? []) : [];
        const all = [...r.findings, ...cross];
        items.push({
          key: r.key,
          file: l.file,
          fileName: basename(l.file),
          kind: l.json.kind,
          agency: r.agency ?? '（单位不详）',
          year: r.year,
          format: r.format,
          publishedOn: r.publishedOn,
          errors: all.filter((f) => f.severity === 'error').length,
          warnings: all.filter((f) => f.severity === 'warning').length,
          infos: all.filter((f) => f.severity === 'info').length,
          confirmed: confirmedBy.get(r.key) ?? 0,
          status: d.statuses[r.key]?.status ?? 'todo',
          score: d.scores[r.key]?.total ?? null,
        });
      }
    }
    items.sort((a, b) => a.agency.localeCompare(b.agency, 'zh') || (b.year ?? 0) - (a.year ?? 0));
    return {
      items,
      errors: this.errors,
      storePath: this.opts.storePath,
      auditor: d.settings.auditor,
      sample: this.sample,
      notice: this.notice,
      undo: this.store.canUndo(),
      redo: this.store.canRedo(),
    };
  }

  private rubric(): Rubric {
    return this.store.data.rubrics[this.store.data.settings.rubricId] ?? defaultRubric();
  }

  getReport(a: Args<'getReport'>): Result<'getReport'> {
    const { l, report, json } = this.loaded(a.key);
    const d = this.store.data;
    const decisionOf = (fp: string) => d.decisions[`${a.key}|${fp}`] ?? null;
    const view = (f: FindingJson): FindingView => ({
      ...f,
      title: RULE_BY_ID[f.rule]?.title ?? f.rule,
      explanation: RULE_BY_ID[f.rule]?.explanation ?? '',
      location: locationWords(f),
      decision: decisionOf(f.fingerprint),
    });
    const findings: FindingView[] = [...l.json.findings.map(view), ...json.findings.map(view)];
    for (const c of this.crossFor(report.agency, report.year)) {
      const fp = c.fingerprint;
      const mine = c.source.filter((s) => s.file === l.file && s.year === report.year);
      findings.push({
        rule: c.rule,
        severity: c.severity,
        message: `${c.years[0]}→${c.years[1]}：${c.message}`,
        fingerprint: fp,
        section: c.section,
        table: c.table,
        row: c.row,
        col: c.col,
        expected: c.expected,
        actual: c.actual,
        blankInvolved: c.blankInvolved,
        source: mine.map((s) => ({ start: s.start, end: s.end, role: s.role })),
        title: RULE_BY_ID[c.rule]?.title ?? c.rule,
        explanation: RULE_BY_ID[c.rule]?.explanation ?? '',
        location: `${c.years[0]}→${c.years[1]} ${locationWords(c as unknown as FindingJson)}`,
        decision: decisionOf(fp),
        crossYear: { years: c.years, files: [...new Set(c.source.map((s) => s.file))] },
      });
    }
    // Errors first, then warnings, then notes; the engine's order within each.
    const rank = { error: 0, warning: 1, info: 2 } as Record<string, number>;
    findings.sort((x, y) => (rank[x.severity] ?? 3) - (rank[y.severity] ?? 3));
    const fps = new Set(findings.map((f) => f.fingerprint));
    const orphanDecisions = Object.values(d.decisions).filter((x) => x.reportKey === a.key && !fps.has(x.fingerprint));

    // Cell status from the findings: a failed total, the parts it was compared with.
    const roleAt = new Map<number, 'fail' | 'part'>();
    for (const f of json.findings) {
      if (!f.rule.startsWith('R-SUM') && f.rule !== 'R-TEXT-TABLE') continue;
      for (const s of f.source) {
        if (s.role === 'total') roleAt.set(s.start, 'fail');
        else if (s.role === 'part' && roleAt.get(s.start) !== 'fail') roleAt.set(s.start, 'part');
      }
    }
    const pageOf = (off: number) => pageAt(l.doc.spans, off);
    const tables = {} as Record<TableKey, TableView>;
    for (const tk of ['proactive', 'requests', 'reviews'] as const) {
      const t = report.tables[tk];
      const rows: TableView['rows'] = {};
      for (const [rk, row] of Object.entries(t.rows)) {
        const cells: Record<string, CellView> = {};
        for (const [ck, c] of Object.entries(row.cells)) {
          const status: CellView['status'] =
            roleAt.get(c.range.start) ?? (c.kind === 'blank' ? 'blank' : c.kind === 'na' ? 'na' : c.kind === 'text' ? 'text' : 'ok');
          cells[ck] = { ...c, status, page: pageOf(c.range.start) };
        }
        rows[rk] = { label: row.label, cells, uncertain: !row.shape.certain };
      }
      tables[tk] = { key: tk, present: t.present, rowOrder: t.rowOrder, columns: t.columns, rows };
    }
    const annotations = Object.values(d.annotations)
      .filter((x) => x.reportKey === a.key && !x.deleted)
      .map((x) => {
        const m = reanchor(x.anchor, l.doc.text);
        return m.how === 'lost' ? { ...x, anchorState: 'lost' as const, start: 0, end: 0 } : { ...x, anchorState: m.how, start: m.start, end: m.end };
      });
    const rubric = this.rubric();
    const confirmedRules = Object.values(d.decisions)
      .filter((x) => x.reportKey === a.key && x.verdict === 'confirmed')
      .map((x) => x.rule);
    const sections = {} as ReportView['sections'];
    for (const k of SECTION_KEYS) {
      const s = report.sections[k];
      sections[k] = { present: s.present, empty: s.empty, title: s.title, heading: s.heading, subheads: s.subheads, numbering: s.numbering };
    }
    const agency = report.agency ? normalizeAgency(report.agency) : null;
    const siblings: ReportView['siblings'] = [];
    if (agency) {
      for (const o of this.docs.values()) for (const r of o.json.reports) if (r.agency && normalizeAgency(r.agency) === agency) siblings.push({ key: r.key, year: r.year });
      siblings.sort((x, y) => (y.year ?? 0) - (x.year ?? 0));
    }
    const { findings: _f, tables: _t, ...rest } = json;
    void _f;
    void _t;
    return {
      key: a.key,
      file: l.file,
      kind: l.doc.kind,
      sha256: l.doc.sha256,
      text: l.doc.text,
      spans: l.doc.spans,
      report: rest,
      sections,
      tables,
      findings,
      orphanDecisions,
      annotations,
      score: d.scores[a.key] ?? null,
      status: d.statuses[a.key] ?? null,
      rubric,
      suggested: suggestScore(rubric, confirmedRules),
      siblings,
    };
  }

  async getPdfBytes(a: Args<'getPdfBytes'>): Promise<Result<'getPdfBytes'>> {
    const { l } = this.loaded(a.key);
    if (l.doc.kind !== 'pdf') throw new Error('不是 PDF 文件');
    return new Uint8Array(await readFile(l.file));
  }

  // ---- review actions ------------------------------------------------------------------------

  private touch(key: string): void {
    if (!this.store.data.statuses[key]) this.store.setStatus(key, 'in_progress');
  }

  setDecision(a: Args<'setDecision'>): Result<'setDecision'> {
    this.loaded(a.key);
    // The status first, so that undo takes back the decision itself.
    this.touch(a.key);
    const d = this.store.setDecision({ reportKey: a.key, fingerprint: a.fingerprint, rule: a.rule, verdict: a.verdict, comment: a.comment });
    this.emit('workspaceChanged', { reason: 'decision' });
    return d;
  }

  upsertAnnotation(a: Args<'upsertAnnotation'>): Result<'upsertAnnotation'> {
    const { l } = this.loaded(a.key);
    if (a.end < a.start || a.end > l.doc.text.length) throw new Error('批注位置超出了原文范围');
    const page = l.doc.spans.find((s) => s.start <= a.start && s.end > a.start)?.page;
    const id = a.id ?? `n${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
    const prev = this.store.data.annotations[id];
    const anchor = prev && prev.anchor.start === a.start && prev.anchor.end === a.end ? prev.anchor : makeAnchor(l.doc.text, a.start, a.end, l.doc.sha256, page);
    this.touch(a.key);
    const r = this.store.upsertAnnotation({ id, reportKey: a.key, anchor, cellRef: a.cellRef, category: a.category, severity: a.severity, note: a.note });
    this.emit('workspaceChanged', { reason: 'annotation' });
    return r;
  }

  deleteAnnotation(a: Args<'deleteAnnotation'>): Result<'deleteAnnotation'> {
    this.store.deleteAnnotation(a.id);
    this.emit('workspaceChanged', { reason: 'annotation' });
    return { ok: true };
  }

  setScore(a: Args<'setScore'>): Result<'setScore'> {
    this.loaded(a.key);
    const rubric = this.rubric();
    this.touch(a.key);
    const s = this.store.setScore({ reportKey: a.key, rubricId: rubric.id, rubricVersion: rubric.version, criteria: a.criteria, total: totalOf(a.criteria) });
    this.emit('workspaceChanged', { reason: 'score' });
    return s;
  }

  setStatus(a: Args<'setStatus'>): Result<'setStatus'> {
    this.loaded(a.key);
    const r = this.store.setStatus(a.key, a.status);
    this.emit('workspaceChanged', { reason: 'status' });
    return r;
  }

  undo(): Result<'undo'> {
    const label = this.store.undo();
    this.emit('workspaceChanged', { reason: 'undo' });
    return { label };
  }

  redo(): Result<'redo'> {
    const label = this.store.redo();
    this.emit('workspaceChanged', { reason: 'redo' });
    return { label };
  }

  getHistory(a: Args<'getHistory'>): Result<'getHistory'> {
    return this.store.historyOf(a.key);
  }

  getRules(): RuleInfo[] {
    return RULES.map((r) => ({ id: r.id, title: r.title, explanation: r.explanation, severity: this.settings.rules[r.id]?.severity ?? r.severity, enabled: this.settings.rules[r.id]?.enabled !== false }));
  }

  setAuditor(a: Args<'setAuditor'>): Result<'setAuditor'> {
    this.store.setSetting('auditor', a.name);
    this.emit('workspaceChanged', { reason: 'settings' });
    return { ok: true };
  }

  getCheck(): Result<'getCheck'> {
    return { crossYear: this.cross };
  }

  // ---- files out -----------------------------------------------------------------------------

  async exportWorkbook(a: Args<'exportWorkbook'>): Promise<Result<'exportWorkbook'>> {
    let path = a.path ?? null;
    if (!path) path = (await this.opts.dialogs?.saveFile(`年报评审表-${new Date().toISOString().slice(0, 10)}.xlsx`, 'xlsx')) ?? null;
    if (!path) return { path: null };
    // The save dialog asks before replacing a file; without one (test host) ask the caller.
    if (!this.opts.dialogs && existsSync(path) && !a.overwrite) return { path, exists: true };
    const reports = new Map<string, { report: Report; text: string }>();
    const docs: CheckJson['documents'] = [];
    for (const l of this.docs.values()) {
      docs.push(l.json);
      l.parse.reports.forEach((r, i) => reports.set(l.json.reports[i]!.key, { report: r, text: l.doc.text }));
    }
    const d = this.store.data;
    try {
      await writeXlsx(
        path,
        {
          check: { version: 1, documents: docs, crossYear: this.cross },
          reports,
          review: { decisions: d.decisions, annotations: d.annotations, scores: d.scores, statuses: d.statuses },
          rubric: this.rubric(),
          settings: this.settings,
          exportedAt: new Date().toISOString(),
        },
        // The save dialog has already asked before replacing a file.
        !!this.opts.dialogs || !!a.overwrite,
      );
    } catch (e) {
      if (e instanceof ExportError && e.code === 'EXISTS') return { path, exists: true };
      throw e;
    }
    return { path };
  }

  async exportReview(a: Args<'exportReview'>): Promise<Result<'exportReview'>> {
    const path = a.path ?? (await this.opts.dialogs?.saveFile(`审核数据-${this.store.auditor}-${new Date().toISOString().slice(0, 10)}.json`, 'json')) ?? null;
    if (!path) return { path: null };
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, JSON.stringify(this.store.exportReview(), null, 1));
    return { path };
  }

  async importReview(a: Args<'importReview'>): Promise<Result<'importReview'>> {
    const path = a.path ?? (await this.opts.dialogs?.openFile('json')) ?? null;
    if (!path) return null;
    const file = JSON.parse(await readFile(path, 'utf8')) as ReviewFile;
    const r = this.store.importReview(file);
    this.emit('workspaceChanged', { reason: 'merge' });
    const words = (x: { by: string; at: string; verdict?: string; note?: string; total?: number | null }) =>
      `${x.by} ${x.at.replace('T', ' ').slice(0, 16)}：${x.verdict ? { confirmed: '确认问题', dismissed: '不是问题', pending: '待定' }[x.verdict] : x.note ?? (x.total !== undefined ? `评分 ${x.total}` : '')}`;
    return { taken: r.taken, conflicts: r.conflicts.map((c) => ({ id: c.id, kept: words(c.kept as never), other: words(c.other as never) })) };
  }

  saveRubric(a: Args<'saveRubric'>): Result<'saveRubric'> {
    const total = a.rubric.criteria.reduce((x, c) => x + c.points, 0);
    // Scores record the rubric version they were given under: a changed rubric is a new version.
    const current = this.store.data.rubrics[a.rubric.id] ?? (this.rubric().id === a.rubric.id ? this.rubric() : null);
    const version = current ? Math.max(current.version, a.rubric.version) + 1 : a.rubric.version;
    const rubric: Rubric = { ...a.rubric, total, version };
    this.store.saveRubric(rubric);
    this.store.setSetting('rubricId', rubric.id);
    this.emit('workspaceChanged', { reason: 'rubric' });
    return rubric;
  }

  async exportRubric(a: Args<'exportRubric'>): Promise<Result<'exportRubric'>> {
    const path = a.path ?? (await this.opts.dialogs?.saveFile(`评分表-${this.rubric().title}.json`, 'json')) ?? null;
    if (!path) return { path: null };
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, JSON.stringify(this.rubric(), null, 2));
    return { path };
  }

  async importRubric(a: Args<'importRubric'>): Promise<Result<'importRubric'>> {
    const path = a.path ?? (await this.opts.dialogs?.openFile('json')) ?? null;
    if (!path) return null;
    const { rubricSchema } = await import('../../ipc/contract.js');
    const parsed = rubricSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    if (!parsed.success) throw new Error(`评分表文件格式不对：${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
    return this.saveRubric({ rubric: parsed.data });
  }

  /** Move the auditor's store to another folder (a shared drive, a larger disk). */
  async relocateStore(a: Args<'relocateStore'>): Promise<Result<'relocateStore'>> {
    const path = a.path ?? (await this.opts.dialogs?.saveFile('review.json', 'json')) ?? null;
    if (!path || path === this.opts.storePath) return { path: null };
    if (existsSync(path)) throw new Error(`${path} 已存在：请选择一个新的文件名，以免覆盖其他审核数据`);
    await this.store.snapshot();
    const { copyFile } = await import('node:fs/promises');
    await copyFile(this.opts.storePath, path);
    await this.store.close();
    const { store, notice } = await ReviewStore.open(path);
    this.store = store;
    if (notice) this.emit('notice', { message: notice, level: 'warning' });
    this.opts.storePath = path;
    this.opts.onStoreMoved?.(path);
    this.emit('workspaceChanged', { reason: 'store' });
    return { path };
  }

  async openExternal(a: Args<'openExternal'>): Promise<Result<'openExternal'>> {
    if (!/^https?:/.test(a.url) || !this.opts.openExternal) return { ok: false };
    await this.opts.openExternal(a.url);
    return { ok: true };
  }
}
