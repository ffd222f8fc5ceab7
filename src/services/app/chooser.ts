// Choosing files: native dialogs (Electron) or the browser desk's own chooser (browse, grantChosen),
// dropped files (uploads); every path the user chose becomes an opaque grant.
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, parse as parsePath, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { BrowseView, ChooserStart, GrantInfo, Purpose, Args, Result } from '../../ipc/contract.js';
import { PURPOSE_MODE } from '../grants.js';
import { AppState } from './state.js';

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

export class FileChooser {
  /** The browser chooser starts where the user last chose something. */
  private lastChosenDir: string | null = null;

  constructor(private readonly s: AppState) {}

  private defaultName(purpose: Purpose): string {
    const day = new Date().toISOString().slice(0, 10);
    switch (purpose) {
      case 'saveWorkbook':
        return `年报评审表-${day}.xlsx`;
      case 'saveReview':
        return `审核数据-${this.s.store.auditor || '审核人'}-${day}.json`;
      case 'saveRubric':
        return `评分表-${this.s.rubric().title}.json`;
      case 'moveStore':
        return 'review.json';
      default:
        return '';
    }
  }

  /** Folders the auditor has opened files from (where the chooser offers to start). */
  private openedFolders(): string[] {
    const dirs = new Set<string>();
    for (const f of Object.values(this.s.store.data.workspace.files)) dirs.add(dirname(f.path));
    if (this.s.sample) dirs.clear();
    return [...dirs].slice(0, 12);
  }

  async choose(a: Args<'choose'>): Promise<Result<'choose'>> {
    const write = PURPOSE_MODE[a.purpose] === 'write';
    if (this.s.opts.dialogs) {
      const paths = await this.s.opts.dialogs.choose(a.purpose, this.defaultName(a.purpose), EXTENSIONS[a.purpose]);
      // Native save dialogs have asked before replacing a file.
      const kind = a.purpose === 'openFolder' || a.purpose === 'saveLetters' ? 'folder' : write ? 'target' : 'file';
      // Native save dialogs have asked before replacing a file (letters ask in the app).
      return { native: true, grants: paths.map((p) => this.s.grants.grant(p, a.purpose, { kind, overwrite: write && a.purpose !== 'saveLetters' })) };
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
    if (this.s.opts.dialogs) throw new Error('本窗口使用系统的文件对话框，请用“打开”“导出”按钮选择文件');
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
      // The code tells the browser desk the HTTP status (404, 400, 403).
      if (code === 'ENOENT') throw Object.assign(new Error(`文件夹不存在：${dir}（请检查路径，或从上一级文件夹选择）`), { code });
      if (code === 'ENOTDIR') throw Object.assign(new Error(`这不是文件夹：${dir}`), { code });
      if (code === 'EACCES' || code === 'EPERM') throw Object.assign(new Error(`没有权限打开这个文件夹：${dir}`), { code });
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
        out.push(this.s.grants.grant(p, a.purpose, { kind: s.isDirectory() ? 'folder' : 'file' }));
      }
      this.lastChosenDir = a.purpose === 'openFolder' ? paths[0]! : dirname(paths[0]!);
      return { grants: out };
    }
    if (paths.length !== 1) throw new Error('导出时请只选择一个保存位置');
    if (a.purpose === 'saveLetters') {
      const s = await stat(paths[0]!).catch(() => null);
      if (!s?.isDirectory()) throw new Error(`请选择一个文件夹：${paths[0]}`);
      this.lastChosenDir = paths[0]!;
      return { grants: [this.s.grants.grant(paths[0]!, a.purpose, { kind: 'folder' })] };
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
    return { grants: [this.s.grants.grant(target, a.purpose, { kind: 'target', overwrite: !!existing })] };
  }

  /** A file dropped on the browser desk: written to the uploads folder (atomically) and granted. */
  async acceptUpload(name: string, data: AsyncIterable<Buffer>): Promise<GrantInfo> {
    // eslint-disable-next-line no-control-regex
    const clean = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f<>:"/\\|?*]/g, '_').slice(-120).replace(/^\.+/, '_') || '文件';
    const dir = join(this.s.opts.uploadsDir ?? join(dirname(this.s.opts.storePath), 'uploads'), `${new Date().toISOString().slice(0, 10)}-${randomBytes(6).toString('hex')}`);
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
    return this.s.grants.grant(path, 'openFiles', { kind: 'file' });
  }
}
