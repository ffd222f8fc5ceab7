// Workspace and import: opening the store and the files it remembers, importing files (progress,
// cancel, the import summary), the auditor's agency types and merges, moving the store.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Args, FileError, ImportProgress, ImportSummary, Result } from '../../ipc/contract.js';
import { normalizeAgency } from '../../core/rules/index.js';
import { displayAgency } from '../../core/agency.js';
import { checkFilesParallel, correctionsOf, expandPaths, type CheckedDocument } from '../check.js';
import { correctionSignature } from './state.js';
import { resourcesDir } from '../resources.js';
import { ReviewStore } from '../store/index.js';
import { AppState } from './state.js';
import type { ReadErrorCode } from '../read-errors.js';

const KIND_WORDS = { txt: '纯文本', html: '网页', docx: 'Word', pdf: 'PDF', image: '图片' } as const;

/** What to do about a file that could not be read, by error code. */
// What to do about each way a file can fail (every code has its own; the type keeps it so).
const ADVICE: Record<ReadErrorCode | 'R-NO-TEXT', string> = {
  NOT_FOUND: '检查文件是否已移动或删除，然后重新打开',
  EMPTY: '重新下载文件，或向报送单位索取',
  TOO_LARGE: '确认是否为年报文件；年报通常不超过几十 MB',
  IMAGE_TOO_LARGE: '图片（或扫描件中的页面图片）像素过多，未解码以免程序崩溃：用 200–300 dpi 重新扫描，或用看图软件缩小后另存为 PNG/JPEG，或向报送单位索取带文字的 PDF',
  LEGACY_DOC: '用 Word 或 WPS 另存为 DOCX 或 PDF 后再导入',
  UNSUPPORTED: '提供 PDF、DOCX、HTML 或 TXT 文件',
  ENCRYPTED: '向报送单位索取无密码版本，或解除密码后另存再导入',
  CORRUPT: '重新下载，或用原程序打开后另存再导入',
  NOT_TEXT: '确认文件类型和编码；文本请另存为 UTF-8 或 GBK',
  TIMEOUT: '用 PDF 阅读器另存（打印为 PDF）后再导入',
  TOO_COMPLEX: '文件结构异常（嵌套或表格过大、内容被构造过）：用原程序另存或打印为 PDF 后再导入，仍不行请向报送单位索取正常版本',
  READ_FAILED: '检查文件权限，或复制到本机文件夹后再导入',
  CANCELLED: '导入已取消：需要时重新导入这些文件',
  BAD_NAME: '文件名的编码无法识别：把文件改成中文或英文名后再导入',
  SYMLINK: '这是一个快捷方式（链接），它指向的文件不存在：找到原文件后直接导入',
  'R-NO-TEXT': '已做文字识别（OCR）但几乎没有识别出文字：图片可能过于模糊或不是年报，请向报送单位索取清晰的扫描件或带文字的 PDF；不能视为没有问题',
  INTERNAL: '请把这个文件和出错信息发给维护人员',
};
const adviceFor = (code: string): string => ADVICE[code as keyof typeof ADVICE] ?? ADVICE.INTERNAL;

export class WorkspaceImport {
  private progress: ImportProgress = { running: false, done: 0, total: 0, current: '', errors: [], cancelled: false };
  private abort: AbortController | null = null;
  /** The import under way (its workers are terminated by cancelImport). */
  private running: Promise<void> | null = null;
  private summary: ImportSummary | null = null;

  constructor(private readonly s: AppState) {}

  /** Import once no other import runs (files fetched from the team server, team-files.ts). */
  async importWhenFree(paths: string[]): Promise<void> {
    while (this.running) await this.running;
    await this.importPaths({ paths });
    while (this.running) await this.running;
  }

  async init(): Promise<void> {
    const { store, notice } = await ReviewStore.open(this.s.opts.storePath, { auditor: this.s.opts.auditor });
    this.s.store = store;
    this.s.notice = notice;
    this.s.settings = this.s.settingsFromStore();
    store.onChange = () => undefined;
    store.onFault = this.s.onStoreFault;
    await this.s.moveTeamSecret();
    this.s.attachTeam();
    let files = this.s.opts.files ?? Object.values(store.data.workspace.files).map((f) => f.path);
    if (!files.length) {
      files = [join(resourcesDir(), 'samples')];
      this.s.sample = true;
    }
    const first = this.runImport(files, { remember: !this.s.sample });
    this.s.ready = first.catch(() => undefined);
    await first;
  }

  async close(): Promise<void> {
    this.abort?.abort();
    await this.running;
    await this.s.teamFilesIdle?.().catch(() => undefined);
    await this.running;
    await this.s.team?.close();
    await this.s.store.close();
  }

  private async runImport(paths: string[], { remember }: { remember: boolean }): Promise<void> {
    this.abort = new AbortController();
    // Running from the first moment: a second import or a cancel sees this one at once.
    this.progress = { running: true, done: 0, total: 0, current: '', errors: [], cancelled: false };
    const { files, missing, skipped } = await expandPaths(paths);
    const errors: FileError[] = missing.map((m) => ({ file: m, code: 'NOT_FOUND', message: '文件或文件夹不存在（可能已移动或删除），请重新打开' }));
    errors.push(...skipped);
    this.progress = { running: true, done: 0, total: files.length, current: '', errors, cancelled: false };
    this.s.emit('importProgress', this.progress);
    // The auditor's corrections travel with the files: each is read and checked with its own.
    const corrections = this.s.store.correctionsOf();
    const checked: CheckedDocument[] = await checkFilesParallel(files, this.s.settings, {
      corrections,
      signal: this.abort.signal,
      // Scans are read by OCR once, then served from a cache beside the review store.
      ocr: { enabled: true, cacheDir: join(dirname(this.s.opts.storePath), 'ocr-cache') },
      onProgress: (done, total, current) => {
        this.progress = { ...this.progress, done, total, current, ocrPage: undefined };
        this.s.emit('importProgress', this.progress);
      },
      onOcrPage: (file, done, total, stage) => {
        this.progress = { ...this.progress, current: file, ocrPage: { done, total, ...(stage ? { stage } : {}) } };
        this.s.emit('importProgress', this.progress);
      },
    });
    const summary: ImportSummary = { at: new Date().toISOString(), cancelled: false, total: files.length, added: [], duplicates: [], notReports: [], unreadable: [] };
    for (const e of errors) summary.unreadable.push({ ...e, advice: adviceFor(e.code) });
    const seenNow = new Map<string, string>(); // sha256 → first path in this import
    for (const c of checked) {
      if (c.json.error || !c.doc || !c.parse) {
        const e = { file: c.file, code: c.json.error?.code ?? 'INTERNAL', message: c.json.error?.message ?? '未知错误' };
        errors.push(e);
        summary.unreadable.push({ ...e, advice: adviceFor(e.code) });
        continue;
      }
      if (!c.json.reports.length) {
        // Read, but nothing to review: a scan without text, or not an annual report at all.
        const f = c.json.findings.find((x) => x.rule === 'R-NO-TEXT') ?? c.json.findings[0];
        const e = { file: c.file, code: f?.rule ?? 'NO_REPORT', message: f?.message ?? `这个${KIND_WORDS[c.doc.kind]}文件中没有找到年报（没有“一、总体情况”等章节标题），已跳过` };
        errors.push(e);
        if (e.code === 'R-NO-TEXT') summary.unreadable.push({ ...e, advice: ADVICE['R-NO-TEXT'] });
        else summary.notReports.push({ file: c.file, kind: c.doc.kind, message: e.message });
        continue;
      }
      // Identical content under another path: one set of reports, both paths remembered.
      const first = seenNow.get(c.doc.sha256) ?? [...this.s.docs.values()].find((l) => l.doc.sha256 === c.doc!.sha256 && l.file !== c.file)?.file;
      const same = this.s.sameContent.get(c.doc.sha256) ?? [];
      if (!same.includes(c.file)) this.s.sameContent.set(c.doc.sha256, [...same, c.file]);
      if (first && first !== c.file) {
        summary.duplicates.push({ file: c.file, sameAs: first });
        continue;
      }
      seenNow.set(c.doc.sha256, c.file);
      // A re-imported file whose content changed replaces its old version (same path).
      for (const [sha, l] of this.s.docs) if (l.file === c.file && sha !== c.doc.sha256) this.s.dropDoc(sha);
      this.s.docs.set(c.doc.sha256, { file: c.file, doc: c.doc, parse: c.parse, json: c.json, applied: correctionSignature(correctionsOf(c.doc, corrections)) });
      c.json.reports.forEach((r, i) => this.s.reportIndex.set(r.key, { sha: c.doc!.sha256, i }));
      summary.added.push({ file: c.file, reports: c.json.reports.map((r) => ({ key: r.key, agency: r.agency ?? '（单位不详）', year: r.year })) });
      if (remember) {
        const s = await stat(c.file).catch(() => null);
        this.s.store.addFiles([{ path: c.file, sha256: c.doc.sha256, size: s?.size ?? 0, addedAt: new Date().toISOString() }]);
      }
    }
    // Files remembered by hash but moved: the same content under a new path keeps its data.
    this.s.errors = [...this.s.errors.filter((e) => !files.includes(e.file)), ...errors];
    this.s.recomputeCrossYear();
    const cancelled = this.abort.signal.aborted;
    summary.cancelled = cancelled;
    if (!this.s.sample || this.s.opts.files) this.summary = summary;
    this.progress = { running: false, done: checked.length, total: files.length, current: '', errors, cancelled };
    this.s.emit('importProgress', this.progress);
    this.s.emit('workspaceChanged', { reason: 'import' });
  }

  setAgencyType(a: Args<'setAgencyType'>): Result<'setAgencyType'> {
    const { report } = this.s.loaded(a.key);
    if (!report.agency) throw new Error('这份年报没有识别出单位名称，无法设置单位类型');
    const types = { ...(this.s.store.data.settings.agencyTypes ?? {}) };
    for (const k of Object.keys(types)) if (normalizeAgency(k) === normalizeAgency(report.agency)) delete types[k];
    if (a.type !== 'auto') types[report.agency] = a.type;
    this.s.store.setSetting('agencyTypes', types);
    this.s.recheckAll();
    this.s.emit('workspaceChanged', { reason: 'settings' });
    return { ok: true };
  }

  mergeAgency(a: Args<'mergeAgency'>): Result<'mergeAgency'> {
    const { report } = this.s.loaded(a.key);
    if (!report.agency) throw new Error('这份年报没有识别出单位名称，无法合并');
    const aliases = { ...(this.s.store.data.settings.agencyAliases ?? {}) };
    for (const k of Object.keys(aliases)) if (normalizeAgency(k) === normalizeAgency(report.agency)) delete aliases[k];
    if (a.into !== null) {
      if (normalizeAgency(a.into) === normalizeAgency(report.agency)) throw new Error('不能把单位合并到它自己');
      if (normalizeAgency(displayAgency(a.into, aliases)) === normalizeAgency(report.agency)) throw new Error(`“${a.into}”已合并到“${report.agency}”，不能再反向合并`);
      aliases[report.agency] = a.into;
    }
    this.s.store.setSetting('agencyAliases', aliases);
    this.s.recheckAll();
    this.s.emit('workspaceChanged', { reason: 'settings' });
    return { ok: true };
  }

  /** In-process only (dispatch reaches it through granted paths: openGranted). */
  async importPaths(a: { paths: string[] }): Promise<Result<'openGranted'>> {
    // A cancelled import is still terminating its workers: the new one starts once it has ended.
    if (this.progress.running && this.abort?.signal.aborted) await this.running;
    if (this.progress.running) {
      this.s.emit('notice', { message: '正在导入其他文件：请等待完成，或先取消当前导入', level: 'info' });
      return { started: false };
    }
    if (this.s.sample) {
      // Opening real files replaces the samples.
      for (const sha of [...this.s.docs.keys()]) this.s.dropDoc(sha);
      this.s.sample = false;
    }
    const run = this.runImport(a.paths, { remember: true }).catch((e) => this.s.emit('notice', { message: `导入失败：${(e as Error).message}`, level: 'error' }));
    this.running = run;
    void run.finally(() => {
      if (this.running === run) this.running = null;
    });
    return { started: true };
  }

  /** Stop the import under way: its workers are terminated; resolves once it has ended, so the next import can start. */
  async cancelImport(): Promise<Result<'cancelImport'>> {
    const running = this.progress.running;
    this.abort?.abort();
    await this.running;
    return { cancelled: running };
  }

  getImportProgress(): Result<'getImportProgress'> {
    return this.progress;
  }

  getImportSummary(): Result<'getImportSummary'> {
    return this.summary;
  }

  /** Move the auditor's store to another folder (a shared drive, a larger disk). */
  async relocateStore(a: { path?: string }): Promise<Result<'relocateStore'>> {
    const path = a.path ?? null;
    if (this.s.opts.storeFixed) throw new Error(this.s.opts.storeFixed);
    if (!path || path === this.s.opts.storePath) return { path: null };
    if (existsSync(path)) throw new Error(`${path} 已存在：请选择一个新的文件名，以免覆盖其他审核数据`);
    await this.s.store.snapshot();
    const { copyFile } = await import('node:fs/promises');
    await copyFile(this.s.opts.storePath, path);
    await this.s.team?.close();
    await this.s.store.close();
    const { copyFile: copy } = await import('node:fs/promises');
    await copy(`${this.s.opts.storePath}.changes.jsonl`, `${path}.changes.jsonl`).catch(() => undefined);
    const { store, notice } = await ReviewStore.open(path);
    this.s.store = store;
    store.onFault = this.s.onStoreFault;
    this.s.opts.storePath = path;
    await this.s.moveTeamSecret();
    this.s.attachTeam();
    if (notice) this.s.emit('notice', { message: notice, level: 'warning' });
    this.s.opts.storePath = path;
    this.s.opts.onStoreMoved?.(path);
    this.s.emit('workspaceChanged', { reason: 'store' });
    return { path };
  }
}
