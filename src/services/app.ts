// The app's state and every action behind the IPC contract, as a plain Node service: the Electron
// main process and the test host both call it. No Electron here.

import { confidenceAt, isLowConfidence, ocrSuspectCells } from '../core/ocr.js';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, parse as parsePath, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { BrowseView, ChooserStart, GrantInfo, Purpose, Args, FileError, FindingView, ImportProgress, ImportSummary, QueueItem, ReportView, Result, RuleInfo, TableView, CellView, Events, EventName } from '../ipc/contract.js';
import type { DocumentParse, DocumentText, Report, TableKey } from '../core/model.js';
import { SECTION_KEYS } from '../core/model.js';
import { documentJson, pageAt, type CheckJson, type FindingJson } from '../core/output.js';
import { RULE_BY_ID, RULES, checkDocument, normalizeAgency, resolveSettings, type Settings } from '../core/rules/index.js';
import { AGENCY_KIND_LABELS, agencyGroups, classifyAgency, displayAgency } from '../core/agency.js';
import { locationWords, type SheetInput } from '../core/sheets.js';
import { roundStats } from '../core/stats.js';
import { buildLetters, DEFAULT_LETTER_SETTINGS } from '../core/letters.js';
import { writeLetters } from './letters.js';
import { checkScore, makeAnchor, reanchor, suggestScore, totalOf, type Rubric } from '../core/review.js';
import { checkFilesParallel, crossYear, expandPaths, type CheckedDocument } from './check.js';
import { atomicWrite, writeXlsx, ExportError } from './export.js';
import { GrantRegistry, PURPOSE_MODE } from './grants.js';
import { defaultRubric, resourcesDir } from './resources.js';
import { ReviewStore, StoreError, type StoreFault } from './store/index.js';
import type { ReadErrorCode } from './read-errors.js';

const KIND_WORDS = { txt: '纯文本', html: '网页', docx: 'Word', pdf: 'PDF', image: '图片' } as const;
const VERDICT_WORDS = { confirmed: '确认问题', dismissed: '不是问题', pending: '待定' } as const;

/** What to do about a file that could not be read, by error code. */
// What to do about each way a file can fail (every code has its own; the type keeps it so).
const ADVICE: Record<ReadErrorCode | 'R-NO-TEXT', string> = {
  NOT_FOUND: '检查文件是否已移动或删除，然后重新打开',
  EMPTY: '重新下载文件，或向报送单位索取',
  TOO_LARGE: '确认是否为年报文件；年报通常不超过几十 MB',
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
  /**
   * Native dialogs (Electron): ask the user for paths for a purpose (save dialogs confirm replacing
   * a file). Without them (the browser desk) the renderer shows the host's own chooser (browse).
   */
  dialogs?: { choose(purpose: Purpose, defaultName: string, extensions: string[]): Promise<string[]> };
  /** Where dropped files uploaded to the browser desk are kept (default: beside the store). */
  uploadsDir?: string;
  /** Why the store cannot be moved from the app (it is fixed by NIANBAO_STORE), if so. */
  storeFixed?: string;
  /** Remember where the store now is (Electron keeps it in the app's data folder). */
  onStoreMoved?: (path: string) => void;
}

/** File types each chooser purpose shows. */
const EXTENSIONS: Record<Purpose, string[]> = {
  openFiles: ['pdf', 'docx', 'doc', 'html', 'htm', 'txt', 'png', 'jpg', 'jpeg', 'tif', 'tiff'],
  openFolder: ['pdf', 'docx', 'doc', 'html', 'htm', 'txt', 'png', 'jpg', 'jpeg', 'tif', 'tiff'], // shown, not chosen: the folder is
  openReview: ['json'],
  openRubric: ['json'],
  saveWorkbook: ['xlsx'],
  saveReview: ['json'],
  saveRubric: ['json'],
  saveLetters: ['docx'], // shown, not chosen: the folder is
  moveStore: ['json'],
};

const UPLOAD_LIMIT = 512 * 1024 * 1024;

export class AppService {
  /** Paths the user chose, by opaque id (src/services/grants.ts). */
  readonly grants = new GrantRegistry();
  /** The browser chooser starts where the user last chose something. */
  private lastChosenDir: string | null = null;
  private store!: ReviewStore;
  private notice: string | null = null;
  private readonly docs = new Map<string, Loaded>(); // by sha256
  private readonly reportIndex = new Map<string, { sha: string; i: number }>();
  private cross: CheckJson['crossYear'] = [];
  private errors: FileError[] = [];
  private sample = false;
  private summary: ImportSummary | null = null;
  /** Paths seen with the same content (sha256), so identical files can be told apart. */
  private readonly sameContent = new Map<string, string[]>();
  private settings: Settings = resolveSettings();
  private groups = new Map<string, string>();
  private progress: ImportProgress = { running: false, done: 0, total: 0, current: '', errors: [], cancelled: false };
  private abort: AbortController | null = null;
  /** The import under way (its workers are terminated by cancelImport). */
  private running: Promise<void> | null = null;
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
    this.settings = this.settingsFromStore();
    store.onChange = () => undefined;
    store.onFault = this.onStoreFault;
    let files = this.opts.files ?? Object.values(store.data.workspace.files).map((f) => f.path);
    if (!files.length) {
      files = [join(resourcesDir(), 'samples')];
      this.sample = true;
    }
    await this.runImport(files, { remember: !this.sample });
  }

  /** Store faults after opening (failed snapshot or write, lock taken by another program) reach the window. */
  private readonly onStoreFault = (f: StoreFault): void => this.emit('notice', { message: f.message, level: f.level });

  async close(): Promise<void> {
    this.abort?.abort();
    await this.running;
    await this.store.close();
  }

  // ---- import --------------------------------------------------------------------------------

  private async runImport(paths: string[], { remember }: { remember: boolean }): Promise<void> {
    this.abort = new AbortController();
    // Running from the first moment: a second import or a cancel sees this one at once.
    this.progress = { running: true, done: 0, total: 0, current: '', errors: [], cancelled: false };
    const { files, missing, skipped } = await expandPaths(paths);
    const errors: FileError[] = missing.map((m) => ({ file: m, code: 'NOT_FOUND', message: '文件或文件夹不存在（可能已移动或删除），请重新打开' }));
    errors.push(...skipped);
    this.progress = { running: true, done: 0, total: files.length, current: '', errors, cancelled: false };
    this.emit('importProgress', this.progress);
    const checked: CheckedDocument[] = await checkFilesParallel(files, this.settings, {
      signal: this.abort.signal,
      // Scans are read by OCR once, then served from a cache beside the review store.
      ocr: { enabled: true, cacheDir: join(dirname(this.opts.storePath), 'ocr-cache') },
      onProgress: (done, total, current) => {
        this.progress = { ...this.progress, done, total, current, ocrPage: undefined };
        this.emit('importProgress', this.progress);
      },
      onOcrPage: (file, done, total) => {
        this.progress = { ...this.progress, current: file, ocrPage: { done, total } };
        this.emit('importProgress', this.progress);
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
      const first = seenNow.get(c.doc.sha256) ?? [...this.docs.values()].find((l) => l.doc.sha256 === c.doc!.sha256 && l.file !== c.file)?.file;
      const same = this.sameContent.get(c.doc.sha256) ?? [];
      if (!same.includes(c.file)) this.sameContent.set(c.doc.sha256, [...same, c.file]);
      if (first && first !== c.file) {
        summary.duplicates.push({ file: c.file, sameAs: first });
        continue;
      }
      seenNow.set(c.doc.sha256, c.file);
      // A re-imported file whose content changed replaces its old version (same path).
      for (const [sha, l] of this.docs) if (l.file === c.file && sha !== c.doc.sha256) this.dropDoc(sha);
      this.docs.set(c.doc.sha256, { file: c.file, doc: c.doc, parse: c.parse, json: c.json });
      c.json.reports.forEach((r, i) => this.reportIndex.set(r.key, { sha: c.doc!.sha256, i }));
      summary.added.push({ file: c.file, reports: c.json.reports.map((r) => ({ key: r.key, agency: r.agency ?? '（单位不详）', year: r.year })) });
      if (remember) {
        const s = await stat(c.file).catch(() => null);
        this.store.addFiles([{ path: c.file, sha256: c.doc.sha256, size: s?.size ?? 0, addedAt: new Date().toISOString() }]);
      }
    }
    // Files remembered by hash but moved: the same content under a new path keeps its data.
    this.errors = [...this.errors.filter((e) => !files.includes(e.file)), ...errors];
    this.recomputeCrossYear();
    const cancelled = this.abort.signal.aborted;
    summary.cancelled = cancelled;
    if (!this.sample || this.opts.files) this.summary = summary;
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
    const names = new Set<string>();
    for (const l of this.docs.values()) for (const r of l.json.reports) if (r.agency) names.add(r.agency);
    this.groups = agencyGroups(names, this.settings.agencyAliases);
  }

  /** Rule settings plus the auditor's agency types and merges, all from the review store. */
  private settingsFromStore(): Settings {
    const st = this.store.data.settings;
    return resolveSettings({ ...(st.rules ?? {}), agencyTypes: st.agencyTypes ?? {}, agencyAliases: st.agencyAliases ?? {} });
  }

  /** Group key of an agency name (with or without its parent city, merges applied). */
  private groupOf(agency: string): string {
    return this.groups.get(agency) ?? normalizeAgency(agency);
  }

  /** Re-run the rules on every loaded report after a setting changed (the parse stays). */
  private recheckAll(): void {
    this.settings = this.settingsFromStore();
    for (const l of this.docs.values()) l.json = documentJson(l.file, l.parse, checkDocument(l.parse, this.settings));
    this.recomputeCrossYear();
  }

  setAgencyType(a: Args<'setAgencyType'>): Result<'setAgencyType'> {
    const { report } = this.loaded(a.key);
    if (!report.agency) throw new Error('这份年报没有识别出单位名称，无法设置单位类型');
    const types = { ...(this.store.data.settings.agencyTypes ?? {}) };
    for (const k of Object.keys(types)) if (normalizeAgency(k) === normalizeAgency(report.agency)) delete types[k];
    if (a.type !== 'auto') types[report.agency] = a.type;
    this.store.setSetting('agencyTypes', types);
    this.recheckAll();
    this.emit('workspaceChanged', { reason: 'settings' });
    return { ok: true };
  }

  mergeAgency(a: Args<'mergeAgency'>): Result<'mergeAgency'> {
    const { report } = this.loaded(a.key);
    if (!report.agency) throw new Error('这份年报没有识别出单位名称，无法合并');
    const aliases = { ...(this.store.data.settings.agencyAliases ?? {}) };
    for (const k of Object.keys(aliases)) if (normalizeAgency(k) === normalizeAgency(report.agency)) delete aliases[k];
    if (a.into !== null) {
      if (normalizeAgency(a.into) === normalizeAgency(report.agency)) throw new Error('不能把单位合并到它自己');
      if (normalizeAgency(displayAgency(a.into, aliases)) === normalizeAgency(report.agency)) throw new Error(`“${a.into}”已合并到“${report.agency}”，不能再反向合并`);
      aliases[report.agency] = a.into;
    }
    this.store.setSetting('agencyAliases', aliases);
    this.recheckAll();
    this.emit('workspaceChanged', { reason: 'settings' });
    return { ok: true };
  }

  // ---- choosing files (grants) ----------------------------------------------------------------

  private defaultName(purpose: Purpose): string {
    const day = new Date().toISOString().slice(0, 10);
    switch (purpose) {
      case 'saveWorkbook':
        return `年报评审表-${day}.xlsx`;
      case 'saveReview':
        return `审核数据-${this.store.auditor || '审核人'}-${day}.json`;
      case 'saveRubric':
        return `评分表-${this.rubric().title}.json`;
      case 'moveStore':
        return 'review.json';
      default:
        return '';
    }
  }

  /** Folders the auditor has opened files from (where the chooser offers to start). */
  private openedFolders(): string[] {
    const dirs = new Set<string>();
    for (const f of Object.values(this.store.data.workspace.files)) dirs.add(dirname(f.path));
    if (this.sample) dirs.clear();
    return [...dirs].slice(0, 12);
  }

  async choose(a: Args<'choose'>): Promise<Result<'choose'>> {
    const write = PURPOSE_MODE[a.purpose] === 'write';
    if (this.opts.dialogs) {
      const paths = await this.opts.dialogs.choose(a.purpose, this.defaultName(a.purpose), EXTENSIONS[a.purpose]);
      // Native save dialogs have asked before replacing a file.
      const kind = a.purpose === 'openFolder' || a.purpose === 'saveLetters' ? 'folder' : write ? 'target' : 'file';
      // Native save dialogs have asked before replacing a file (letters ask in the app).
      return { native: true, grants: paths.map((p) => this.grants.grant(p, a.purpose, { kind, overwrite: write && a.purpose !== 'saveLetters' })) };
    }
    const home = homedir();
    const opened = this.openedFolders();
    const last = this.lastChosenDir && existsSync(this.lastChosenDir) ? this.lastChosenDir : null;
    const places = [{ label: '主目录', path: home }, ...[...new Set([...(last ? [last] : []), ...opened])].map((p) => ({ label: basename(p) || p, path: p }))];
    const root = parsePath(home).root;
    if (root && root !== home) places.push({ label: '根目录', path: root });
    const start: ChooserStart = { dir: last ?? opened[0] ?? home, places, suggestedName: this.defaultName(a.purpose), extensions: EXTENSIONS[a.purpose] };
    return { native: false, grants: [], start };
  }

  private hostChooser(): void {
    if (this.opts.dialogs) throw new Error('本窗口使用系统的文件对话框，请用“打开”“导出”按钮选择文件');
  }

  private absolute(p: string): string {
    const t = p.trim();
    const expanded = t === '~' ? homedir() : t.startsWith('~/') || t.startsWith('~\\') ? join(homedir(), t.slice(2)) : t;
    if (!isAbsolute(expanded)) throw new Error(`请填写完整路径（从根目录或盘符开始）：${p}`);
    return resolve(expanded);
  }

  /** The browser desk's chooser: one folder's subfolders and the files that fit the purpose. */
  async browse(a: Args<'browse'>): Promise<Result<'browse'>> {
    this.hostChooser();
    const dir = this.absolute(a.dir);
    let names;
    try {
      names = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new Error(`文件夹不存在：${dir}`);
      if (code === 'ENOTDIR') throw new Error(`这不是文件夹：${dir}`);
      if (code === 'EACCES' || code === 'EPERM') throw new Error(`没有权限打开这个文件夹：${dir}`);
      throw new Error(`无法打开文件夹 ${dir}：${code ?? (e as Error).message}`);
    }
    const exts = EXTENSIONS[a.purpose];
    const entries: BrowseView['entries'] = [];
    const LIMIT = 3000;
    let truncated = false;
    for (const d of names) {
      if (d.name.startsWith('.') || d.name.startsWith('~$')) continue;
      const path = join(dir, d.name);
      const s = await stat(path).catch(() => null); // follows links; broken links are left out
      if (!s) continue;
      const kind = s.isDirectory() ? 'folder' : s.isFile() ? 'file' : null;
      if (!kind) continue;
      if (kind === 'file' && exts.length && !exts.includes(extname(d.name).slice(1).toLowerCase())) continue;
      if (entries.length >= LIMIT) {
        truncated = true;
        break;
      }
      entries.push({ name: d.name, path, kind, size: s.size, mtime: s.mtime.toISOString() });
    }
    entries.sort((x, y) => (x.kind === y.kind ? x.name.localeCompare(y.name, 'zh') : x.kind === 'folder' ? -1 : 1));
    const parent = dirname(dir);
    return { dir, parent: parent === dir ? null : parent, entries, truncated };
  }

  /** The browser desk's chooser: the user chose these paths; grant them for the purpose. */
  async grantChosen(a: Args<'grantChosen'>): Promise<Result<'grantChosen'>> {
    this.hostChooser();
    const paths = a.paths.map((p) => this.absolute(p));
    if (PURPOSE_MODE[a.purpose] === 'read') {
      const out: GrantInfo[] = [];
      for (const p of paths) {
        const s = await stat(p).catch(() => null);
        if (!s) throw new Error(`找不到：${p}`);
        if (a.purpose === 'openFolder' && !s.isDirectory()) throw new Error(`请选择文件夹：${p} 是文件`);
        if ((a.purpose === 'openReview' || a.purpose === 'openRubric') && !s.isFile()) throw new Error(`请选择一个 .json 文件：${p} 不是文件`);
        out.push(this.grants.grant(p, a.purpose, { kind: s.isDirectory() ? 'folder' : 'file' }));
      }
      this.lastChosenDir = a.purpose === 'openFolder' ? paths[0]! : dirname(paths[0]!);
      return { grants: out };
    }
    if (paths.length !== 1) throw new Error('导出时请只选择一个保存位置');
    if (a.purpose === 'saveLetters') {
      const s = await stat(paths[0]!).catch(() => null);
      if (!s?.isDirectory()) throw new Error(`请选择一个文件夹：${paths[0]}`);
      this.lastChosenDir = paths[0]!;
      return { grants: [this.grants.grant(paths[0]!, a.purpose, { kind: 'folder' })] };
    }
    let target = paths[0]!;
    const ext = EXTENSIONS[a.purpose][0]!;
    if (extname(target).toLowerCase() !== `.${ext}`) target += `.${ext}`;
    const folder = await stat(dirname(target)).catch(() => null);
    if (!folder?.isDirectory()) throw new Error(`保存位置的文件夹不存在：${dirname(target)}`);
    const existing = await stat(target).catch(() => null);
    if (existing?.isDirectory()) throw new Error(`已有同名文件夹：${target}，请换一个文件名`);
    if (existing && a.purpose === 'moveStore') throw new Error(`${target} 已存在：请选择一个新的文件名，以免覆盖其他审核数据`);
    // Replacing a file needs the user's confirmation (asked by the chooser, then sent as overwrite).
    if (existing && !a.overwrite) return { grants: [], exists: target };
    this.lastChosenDir = dirname(target);
    return { grants: [this.grants.grant(target, a.purpose, { kind: 'target', overwrite: !!existing })] };
  }

  /** A file dropped on the browser desk: written to the uploads folder (atomically) and granted. */
  async acceptUpload(name: string, data: AsyncIterable<Buffer>): Promise<GrantInfo> {
    // eslint-disable-next-line no-control-regex
    const clean = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f<>:"/\\|?*]/g, '_').slice(-120).replace(/^\.+/, '_') || '文件';
    const dir = join(this.opts.uploadsDir ?? join(dirname(this.opts.storePath), 'uploads'), `${new Date().toISOString().slice(0, 10)}-${randomBytes(6).toString('hex')}`);
    await mkdir(dir, { recursive: true });
    const path = join(dir, clean);
    const tmp = `${path}.part`;
    const fh = await open(tmp, 'wx');
    let size = 0;
    try {
      for await (const chunk of data) {
        size += chunk.length;
        if (size > UPLOAD_LIMIT) throw new Error(`${clean} 太大（超过 512 MB），请用“打开文件”直接选择`);
        await fh.write(chunk);
      }
      await fh.sync();
      await fh.close();
      await rename(tmp, path);
    } catch (e) {
      await fh.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
    return this.grants.grant(path, 'openFiles', { kind: 'file' });
  }

  /** In-process only (dispatch reaches it through granted paths: openGranted). */
  async importPaths(a: { paths: string[] }): Promise<Result<'openGranted'>> {
    // A cancelled import is still terminating its workers: the new one starts once it has ended.
    if (this.progress.running && this.abort?.signal.aborted) await this.running;
    if (this.progress.running) {
      this.emit('notice', { message: '正在导入其他文件：请等待完成，或先取消当前导入', level: 'info' });
      return { started: false };
    }
    if (this.sample) {
      // Opening real files replaces the samples.
      for (const sha of [...this.docs.keys()]) this.dropDoc(sha);
      this.sample = false;
    }
    const run = this.runImport(a.paths, { remember: true }).catch((e) => this.emit('notice', { message: `导入失败：${(e as Error).message}`, level: 'error' }));
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

  // ---- views ---------------------------------------------------------------------------------

  private loaded(key: string): { l: Loaded; report: Report; json: CheckJson['documents'][number]['reports'][number] } {
    const at = this.reportIndex.get(key);
    const l = at && this.docs.get(at.sha);
    if (!at || !l) throw new Error(`找不到这份年报（${key}），请重新导入文件`);
    return { l, report: l.parse.reports[at.i]!, json: l.json.reports[at.i]! };
  }

  private crossFor(agency: string | null, year: number | null): CheckJson['crossYear'] {
    if (!agency || year === null) return [];
    const a = this.groupOf(agency);
    return this.cross.filter((f) => this.groupOf(f.agency) === a && (f.years[0] === year || f.years[1] === year));
  }

  /** Cross-year findings by agency and year (both years of a pair show them). */
  private crossIndex(): Map<string, CheckJson['crossYear']> {
    const by = new Map<string, CheckJson['crossYear']>();
    for (const f of this.cross) {
      for (const y of new Set(f.years)) {
        const k = `${this.groupOf(f.agency)}|${y}`;
        const list = by.get(k);
        if (list) list.push(f);
        else by.set(k, [f]);
      }
    }
    return by;
  }

  /** Every finding the auditor decides on for a report (document-level, report, cross-year). */
  private findingsOf(l: Loaded, r: CheckJson['documents'][number]['reports'][number], crossBy = this.crossIndex()): { rule: string; fingerprint: string; severity: string }[] {
    const cross = r.agency && r.year !== null ? (crossBy.get(`${this.groupOf(r.agency)}|${r.year}`) ?? []) : [];
    // A document's own findings (a guide on the page, …) belong to its first report only, as the report
    // view shows them: counted and decided once, not once per report on the page.
    const docFindings = l.json.reports[0] === r ? l.json.findings : [];
    return [...docFindings, ...r.findings, ...cross];
  }

  getWorkspace(): Result<'getWorkspace'> {
    const d = this.store.data;
    // Indexes built once per call: this runs after every change, on thousands of reports.
    const confirmedBy = new Map<string, number>();
    const verdicts = new Map<string, Map<string, string>>();
    for (const x of Object.values(d.decisions)) {
      if (x.verdict === 'confirmed') confirmedBy.set(x.reportKey, (confirmedBy.get(x.reportKey) ?? 0) + 1);
      let m = verdicts.get(x.reportKey);
      if (!m) verdicts.set(x.reportKey, (m = new Map()));
      m.set(x.fingerprint, x.verdict);
    }
    const crossBy = this.crossIndex();
    const rubric = this.rubric();
    const items: QueueItem[] = [];
    for (const l of this.docs.values()) {
      for (const r of l.json.reports) {
        const all = this.findingsOf(l, r, crossBy);
        const v = verdicts.get(r.key);
        const decided = v ? all.filter((f) => { const x = v.get(f.fingerprint); return x === 'confirmed' || x === 'dismissed'; }).length : 0;
        const score = d.scores[r.key];
        const sc = score ? checkScore(score, rubric) : null;
        items.push({
          key: r.key,
          file: l.file,
          fileName: basename(l.file),
          folder: dirname(l.file),
          sha256: l.doc.sha256,
          kind: l.json.kind,
          agency: r.agency ?? '（单位不详）',
          year: r.year,
          format: r.format,
          publishedOn: r.publishedOn,
          errors: all.filter((f) => f.severity === 'error').length,
          warnings: all.filter((f) => f.severity === 'warning').length,
          infos: all.filter((f) => f.severity === 'info').length,
          findings: all.length,
          decided,
          rules: [...new Set(all.map((f) => f.rule))],
          confirmed: confirmedBy.get(r.key) ?? 0,
          status: d.statuses[r.key]?.status ?? 'todo',
          score: sc ? sc.validTotal : null,
          scoreProblem: sc?.problem || (sc && sc.over.length === 0 && sc.missing.length ? '评分未完成' : '') || null,
          sameContent: this.sameContent.get(l.doc.sha256)?.filter((p) => p !== l.file) ?? [],
          ...(l.json.ocr ? { ocr: { lowConfidence: r.lowConfidence?.length ?? 0 } } : {}),
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
      ...(l.doc.ocr ? { ocr: f.needsReview || f.source.some((x) => isLowConfidence(l.doc, x)) ? ('low' as const) : ('ok' as const) } : {}),
    });
    // Document findings (a 信息公开指南 on the same page …) belong to the document: shown with its first report only.
    const docFindings = l.json.reports[0] === json ? l.json.findings : [];
    const findings: FindingView[] = [...docFindings.map(view), ...json.findings.map(view)];
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
    const suspect = new Map(ocrSuspectCells(l.doc, report).map((c) => [`${c.table}.${c.row}.${c.col}`, c.reason]));
    for (const tk of ['proactive', 'requests', 'reviews'] as const) {
      const t = report.tables[tk];
      const rows: TableView['rows'] = {};
      for (const [rk, row] of Object.entries(t.rows)) {
        const cells: Record<string, CellView> = {};
        for (const [ck, c] of Object.entries(row.cells)) {
          const status: CellView['status'] =
            roleAt.get(c.range.start) ?? (c.kind === 'blank' ? 'blank' : c.kind === 'na' ? 'na' : c.kind === 'text' ? 'text' : 'ok');
          cells[ck] = { ...c, status, page: pageOf(c.range.start) };
          if (l.doc.ocr) {
            const conf = confidenceAt(l.doc, c.range);
            if (conf !== undefined) cells[ck]!.confidence = conf;
            const why = suspect.get(`${tk}.${rk}.${ck}`);
            if (why) Object.assign(cells[ck]!, { lowConfidence: true, ocrReason: why });
          }
        }
        rows[rk] = { label: row.label, cells, uncertain: !row.shape.certain };
      }
      tables[tk] = { key: tk, present: t.present, rowOrder: t.rowOrder, columns: t.columns, rows };
    }
    const annotations = Object.values(d.annotations)
      .filter((x) => x.reportKey === a.key && !x.deleted)
      .map((x) => {
        // A note on a table cell follows the cell (a blank cell has no quote to search for).
        const cell = x.cellRef ? cellAt(tables, x.cellRef) : undefined;
        if (cell) {
          const same = cell.range.start === x.anchor.start && cell.range.end === x.anchor.end;
          return { ...x, anchorState: same ? ('exact' as const) : ('moved' as const), start: cell.range.start, end: cell.range.end };
        }
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
    const agency = report.agency ? this.groupOf(report.agency) : null;
    const siblings: ReportView['siblings'] = [];
    if (agency) {
      for (const o of this.docs.values()) for (const r of o.json.reports) if (r.agency && this.groupOf(r.agency) === agency) siblings.push({ key: r.key, year: r.year, fileName: basename(o.file), file: o.file });
      siblings.sort((x, y) => (y.year ?? 0) - (x.year ?? 0));
    }
    let agencyInfo: ReportView['agencyInfo'] = null;
    if (report.agency) {
      const t = classifyAgency(report.agency, this.settings.agencyTypes);
      const st = this.store.data.settings;
      const own = normalizeAgency(report.agency);
      const override = Object.entries(st.agencyTypes ?? {}).find(([k]) => normalizeAgency(k) === own)?.[1] ?? null;
      const merged = Object.entries(st.agencyAliases ?? {}).find(([k]) => normalizeAgency(k) === own)?.[1] ?? null;
      const others = new Set<string>();
      for (const o of this.docs.values()) for (const r of o.json.reports) if (r.agency && normalizeAgency(r.agency) !== own) others.add(r.agency);
      agencyInfo = { name: report.agency, kind: t.kind, certain: t.certain, why: t.why, override, mergedInto: merged, others: [...others].sort((x, y) => x.localeCompare(y, 'zh')) };
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
      ...(l.doc.layout ? { layout: l.doc.layout } : {}),
      report: rest,
      sections,
      tables,
      findings,
      orphanDecisions,
      annotations,
      score: d.scores[a.key] ?? null,
      scoreCheck: d.scores[a.key] ? checkScore(d.scores[a.key]!, rubric) : null,
      status: d.statuses[a.key] ?? null,
      rubric,
      suggested: suggestScore(rubric, confirmedRules),
      siblings,
      agencyInfo,
    };
  }

  async getPdfBytes(a: Args<'getPdfBytes'>): Promise<Result<'getPdfBytes'>> {
    const { l } = this.loaded(a.key);
    if (l.doc.kind === 'image') {
      // A photo or scan image: shown as a one-page PDF so the viewer and OCR boxes work alike.
      const { imageToPdf } = await import('./ocr/imagepdf.js');
      return new Uint8Array(await imageToPdf(new Uint8Array(await readFile(l.file))));
    }
    if (l.doc.kind !== 'pdf') throw new Error('不是 PDF 文件');
    return new Uint8Array(await readFile(l.file));
  }

  // ---- review actions ------------------------------------------------------------------------

  private touch(key: string): void {
    if (!this.store.data.statuses[key]) this.store.setStatus(key, 'in_progress');
  }

  setDecision(a: Args<'setDecision'>): Result<'setDecision'> {
    this.loaded(a.key);
    // The automatic status and the decision are one undo step.
    const d = this.store.grouped(`判定：${VERDICT_WORDS[a.verdict]}`, () => {
      this.touch(a.key);
      return this.store.setDecision({ reportKey: a.key, fingerprint: a.fingerprint, rule: a.rule, verdict: a.verdict, comment: a.comment });
    });
    this.emit('workspaceChanged', { reason: 'decision' });
    return d;
  }

  decideRule(a: Args<'decideRule'>): Result<'decideRule'> {
    const crossBy = this.crossIndex();
    const todo: { key: string; fingerprint: string }[] = [];
    for (const key of new Set(a.keys)) {
      const at = this.reportIndex.get(key);
      const l = at && this.docs.get(at.sha);
      if (!at || !l) throw new Error(`找不到这份年报（${key}），请重新导入文件；没有做任何判定`);
      const seen = new Set<string>();
      for (const f of this.findingsOf(l, l.json.reports[at.i]!, crossBy)) {
        if (f.rule !== a.rule || seen.has(f.fingerprint)) continue;
        seen.add(f.fingerprint);
        const prev = this.store.data.decisions[`${key}|${f.fingerprint}`];
        if (a.onlyUndecided && prev && prev.verdict !== 'pending') continue;
        if (prev && prev.verdict === a.verdict && (a.comment === undefined || prev.comment === a.comment)) continue;
        todo.push({ key, fingerprint: f.fingerprint });
      }
    }
    if (!todo.length) return { decided: 0, reports: 0 };
    const reports = new Set(todo.map((t) => t.key));
    // One undo step; each decision is still its own record and history line.
    this.store.grouped(`批量判定 ${a.rule}：${VERDICT_WORDS[a.verdict]}（${todo.length} 个）`, () => {
      for (const k of reports) this.touch(k);
      for (const t of todo) this.store.setDecision({ reportKey: t.key, fingerprint: t.fingerprint, rule: a.rule, verdict: a.verdict, comment: a.comment });
    });
    this.emit('workspaceChanged', { reason: 'decision' });
    return { decided: todo.length, reports: reports.size };
  }

  upsertAnnotation(a: Args<'upsertAnnotation'>): Result<'upsertAnnotation'> {
    const { l } = this.loaded(a.key);
    if (a.end < a.start || a.end > l.doc.text.length) throw new Error('批注位置超出了原文范围');
    const page = l.doc.spans.find((s) => s.start <= a.start && s.end > a.start)?.page;
    const id = a.id ?? `n${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
    const prev = this.store.data.annotations[id];
    const anchor = prev && prev.anchor.start === a.start && prev.anchor.end === a.end ? prev.anchor : makeAnchor(l.doc.text, a.start, a.end, l.doc.sha256, page);
    const r = this.store.grouped(prev ? '修改批注' : '添加批注', () => {
      this.touch(a.key);
      return this.store.upsertAnnotation({ id, reportKey: a.key, anchor, cellRef: a.cellRef, category: a.category, severity: a.severity, note: a.note });
    });
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
    // Points above a criterion's maximum are refused, not clamped: the auditor sees what was kept.
    for (const c of a.criteria) {
      const rc = rubric.criteria.find((x) => x.id === c.id);
      if (!rc) throw new Error(`评分项 ${c.id} 不在当前评分表（第 ${rubric.version} 版）中，请重新打开评分页`);
      if (c.points !== null && c.points > rc.points) throw new Error(`“${rc.title}”最多 ${rc.points} 分，填写的是 ${c.points} 分`);
    }
    const s = this.store.grouped('评分', () => {
      this.touch(a.key);
      return this.store.setScore({ reportKey: a.key, rubricId: rubric.id, rubricVersion: rubric.version, criteria: a.criteria, total: totalOf(a.criteria), ...(a.comment !== undefined ? { comment: a.comment } : {}) });
    });
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

  /** Everything the workbook, the overview and the letters are made from. */
  private roundInput(): SheetInput {
    const reports = new Map<string, { report: Report; text: string }>();
    const docs: CheckJson['documents'] = [];
    for (const l of this.docs.values()) {
      docs.push(l.json);
      l.parse.reports.forEach((r, i) => reports.set(l.json.reports[i]!.key, { report: r, text: l.doc.text }));
    }
    const d = this.store.data;
    return {
      check: { version: 1, documents: docs, crossYear: this.cross },
      reports,
      review: { decisions: d.decisions, annotations: d.annotations, scores: d.scores, statuses: d.statuses },
      rubric: this.rubric(),
      settings: this.settings,
      exportedAt: new Date().toISOString(),
    };
  }

  getOverview(): Result<'getOverview'> {
    return roundStats(this.roundInput());
  }

  getLetterSettings(): Result<'getLetterSettings'> {
    return { ...DEFAULT_LETTER_SETTINGS, ...(this.store.data.settings.letters ?? {}) };
  }

  setLetterSettings(a: Args<'setLetterSettings'>): Result<'setLetterSettings'> {
    this.store.setSetting('letters', a.settings);
    this.emit('workspaceChanged', { reason: 'settings' });
    return this.getLetterSettings();
  }

  /** 反馈意见书 into a folder the user chose: one DOCX per report; asks before replacing any. */
  // In-process: a folder path; through dispatch: a granted folder (saveLetters), and replace only after
  // the auditor confirmed replacing the letters already there.
  async exportLetters(a: { path?: string; keys: string[] | null; replace?: boolean }): Promise<Result<'exportLetters'>> {
    const dir = a.path ?? null;
    if (!dir) return { dir: null, written: 0, existing: [] };
    const input = this.roundInput();
    const texts = new Map([...(input.reports ?? new Map())].map(([k, v]) => [k, v.text] as const));
    const letters = buildLetters({ check: input.check, review: input.review, rubric: input.rubric, texts, settings: this.store.data.settings.letters, date: input.exportedAt, aliases: this.settings.agencyAliases, ...(a.keys ? { keys: new Set(a.keys) } : {}) });
    const r = await writeLetters(dir, letters, { overwrite: !!a.replace, onProgress: (done, total, file) => this.emit('exportProgress', { what: 'letters', done, total, file }) });
    return { dir, written: r.written.length, existing: r.existing };
  }

  // In-process: paths; through dispatch: a granted path, and overwrite only if the user confirmed it.
  async exportWorkbook(a: { path?: string; overwrite?: boolean }): Promise<Result<'exportWorkbook'>> {
    const path = a.path ?? null;
    if (!path) return { path: null };
    if (existsSync(path) && !a.overwrite) return { path, exists: true };
    try {
      await writeXlsx(path, this.roundInput(), !!a.overwrite);
    } catch (e) {
      if (e instanceof ExportError && e.code === 'EXISTS') return { path, exists: true };
      throw e;
    }
    return { path };
  }

  private async writeOut(path: string, text: string, overwrite: boolean): Promise<{ path: string; exists?: boolean }> {
    try {
      await atomicWrite(path, text, overwrite);
    } catch (e) {
      if (e instanceof ExportError && e.code === 'EXISTS') return { path, exists: true };
      throw e;
    }
    return { path };
  }

  /** A JSON file the user chose, without echoing its content in errors. */
  private async readJson(path: string, what: string): Promise<unknown> {
    const s = await stat(path).catch(() => null);
    if (!s?.isFile()) throw new Error(`找不到${what}：${path}`);
    if (s.size > 200 * 1024 * 1024) throw new Error(`${basename(path)} 太大（${Math.round(s.size / 1048576)} MB），不是${what}`);
    try {
      return JSON.parse(await readFile(path, 'utf8'));
    } catch {
      throw new Error(`${basename(path)} 不是${what}（不是有效的 JSON），请选择从年报审阅台导出的文件`);
    }
  }

  async exportReview(a: { path?: string; overwrite?: boolean }): Promise<Result<'exportReview'>> {
    if (!a.path) return { path: null };
    return this.writeOut(a.path, JSON.stringify(this.store.exportReview(), null, 1), !!a.overwrite);
  }

  async importReview(a: { path?: string }): Promise<Result<'importReview'>> {
    const path = a.path ?? null;
    if (!path) return null;
    // Validated in full (zod) before anything is merged; the merge is one undo step.
    const raw = await this.readJson(path, '审核交换文件');
    let r: ReturnType<ReviewStore['importReview']>;
    try {
      r = this.store.importReview(raw);
    } catch (e) {
      if (e instanceof StoreError && e.code === 'BAD_REVIEW_FILE') throw new StoreError(e.code, `${basename(path)}：${e.message}`);
      throw e;
    }
    // Agency types and merges taken from the other file change groups and type-dependent rules.
    if (r.agencies.taken) this.recheckAll();
    this.emit('workspaceChanged', { reason: 'merge' });
    const words = (x: { by: string; at: string; verdict?: string; note?: string; total?: number | null }) =>
      `${x.by} ${x.at.replace('T', ' ').slice(0, 16)}：${x.verdict ? { confirmed: '确认问题', dismissed: '不是问题', pending: '待定' }[x.verdict] : x.note ?? (x.total !== undefined ? `评分 ${x.total}` : '')}`;
    const setting = (what: 'type' | 'alias', v: string) => (what === 'type' ? AGENCY_KIND_LABELS[v as 'government'] ?? v : `与“${v}”为同一单位`);
    const agencyConflicts = r.agencies.conflicts.map((c) => ({
      id: `agency|${c.what === 'type' ? '单位类型' : '单位合并'}：${c.name}（保留本机的设置）`,
      kept: `本机：${c.reverse ? `“${c.kept}”与本单位为同一单位（合并到本单位）` : setting(c.what, c.kept)}`,
      other: `导入的文件：${setting(c.what, c.other)}`,
    }));
    return {
      taken: r.taken + r.agencies.taken,
      conflicts: [...r.conflicts.map((c) => ({ id: c.id, kept: words(c.kept as never), other: words(c.other as never) })), ...agencyConflicts],
    };
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

  async exportRubric(a: { path?: string; overwrite?: boolean }): Promise<Result<'exportRubric'>> {
    if (!a.path) return { path: null };
    return this.writeOut(a.path, JSON.stringify(this.rubric(), null, 2), !!a.overwrite);
  }

  async importRubric(a: { path?: string }): Promise<Result<'importRubric'>> {
    const path = a.path ?? null;
    if (!path) return null;
    const { rubricSchema } = await import('../ipc/contract.js');
    const parsed = rubricSchema.safeParse(await this.readJson(path, '评分表文件'));
    if (!parsed.success) throw new Error(`评分表文件格式不对：${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
    return this.saveRubric({ rubric: parsed.data });
  }

  /** Move the auditor's store to another folder (a shared drive, a larger disk). */
  async relocateStore(a: { path?: string }): Promise<Result<'relocateStore'>> {
    const path = a.path ?? null;
    if (this.opts.storeFixed) throw new Error(this.opts.storeFixed);
    if (!path || path === this.opts.storePath) return { path: null };
    if (existsSync(path)) throw new Error(`${path} 已存在：请选择一个新的文件名，以免覆盖其他审核数据`);
    await this.store.snapshot();
    const { copyFile } = await import('node:fs/promises');
    await copyFile(this.opts.storePath, path);
    await this.store.close();
    const { store, notice } = await ReviewStore.open(path);
    this.store = store;
    store.onFault = this.onStoreFault;
    if (notice) this.emit('notice', { message: notice, level: 'warning' });
    this.opts.storePath = path;
    this.opts.onStoreMoved?.(path);
    this.emit('workspaceChanged', { reason: 'store' });
    return { path };
  }
}

/** The cell a `table:row:col` reference names in a report view, if it is there. */
function cellAt(tables: Record<TableKey, TableView>, ref: string): CellView | undefined {
  const [t, r, c] = ref.split(':');
  return tables[t as TableKey]?.rows[r ?? '']?.cells[c ?? ''];
}
