// Electron main process: one secure window, menus, the IPC handlers. The work is in AppService.
import { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage, session, shell, type IpcMainInvokeEvent, type MenuItemConstructorOptions } from 'electron';
import { existsSync, statSync } from 'node:fs';
import { storeFixedReason, storeLocation } from '../services/location.js';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppService } from '../services/app/index.js';
import { dispatch } from '../services/dispatch.js';
import { CHANNELS, EVENT_NAMES, ipcChannel, ipcEvent, type Channel, type Purpose } from '../ipc/contract.js';
import { DROP_CHANNEL } from '../ipc/channels.js';
import { PURPOSE_MODE } from '../services/grants.js';
import { CSP } from '../services/csp.js';
import { resourcesDir } from '../services/resources.js';
import { filesFromArgv } from '../services/launch-args.js';
import { TeamSecrets } from '../services/team/secrets.js';

const here = import.meta.dirname;
const rendererUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = join(here, '../renderer/index.html');
let win: BrowserWindow | null = null;
let service: AppService | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A file double-clicked (or "opened with") while the desk runs arrives in the second launch's argv.
  app.on('second-instance', (_e, argv, cwd) => {
    openLater(filesFromArgv(argv, app.isPackaged, cwd));
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  // macOS hands associated files over by event, also before the app is ready.
  app.on('open-file', (e, path) => {
    e.preventDefault();
    openLater([path]);
  });
  void app.whenReady().then(start);
}

const pendingFiles: string[] = [];
let serviceReady = false;

/** Open files from the system (associations, second launch) as the 打开 menu does: grant, then open. */
function openLater(paths: string[]): void {
  if (!paths.length) return;
  if (!service || !serviceReady) {
    pendingFiles.push(...paths);
    return;
  }
  const grants = paths.map((p) => service!.grants.grant(p, 'openFiles', { kind: existsSync(p) && statSync(p).isDirectory() ? 'folder' : 'file' }).id);
  void dispatch(service, 'openGranted', { grants }).catch((e: unknown) => dialog.showErrorBox('年报审阅台', (e as Error).message));
}

/** Only our own page, in our own window, may call the app. */
function trusted(e: IpcMainInvokeEvent): boolean {
  if (!win || e.sender !== win.webContents) return false;
  const url = e.senderFrame?.url ?? '';
  return rendererUrl ? url.startsWith(rendererUrl) : url === pathToFileURL(rendererFile).href || url.startsWith(pathToFileURL(rendererFile).href + '#');
}

async function start() {
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (ev) => ev.preventDefault());
    contents.on('will-navigate', (ev, url) => {
      if (!(rendererUrl && url.startsWith(rendererUrl))) ev.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (/^https?:\/\//.test(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  // Where the auditor's store is: the same rule as the browser desk (src/services/location.ts).
  const location = storeLocation(app.getPath('userData'));
  const storePath = location.storePath;
  service = new AppService({
    storePath,
    files: [...filesFromArgv(process.argv, app.isPackaged), ...pendingFiles.splice(0)],
    // Native dialogs: what the user picks here becomes a grant (src/services/grants.ts).
    dialogs: {
      async choose(purpose: Purpose, defaultName: string, extensions: string[]) {
        const names: Record<Purpose, string> = {
          openFiles: '年报（PDF、DOCX、HTML、TXT）',
          openFolder: '',
          openReview: '审核交换文件',
          openRubric: '评分表文件',
          saveWorkbook: 'Excel 工作簿',
          saveReview: '审核交换文件',
          saveRubric: '评分表文件',
          saveLetters: '',
          moveStore: '审核数据',
        };
        const filters = extensions.length && purpose !== 'openFolder' ? [{ name: names[purpose], extensions }] : [];
        if (purpose === 'saveLetters') {
          // A folder for the letters; replacing letters already there is asked in the app.
          const r = await dialog.showOpenDialog(win!, { title: '选择保存反馈意见书的文件夹', properties: ['openDirectory', 'createDirectory'] });
          return r.canceled ? [] : r.filePaths.slice(0, 1);
        }
        if (PURPOSE_MODE[purpose] === 'write') {
          // Asks before replacing a file (Linux: showOverwriteConfirmation).
          const r = await dialog.showSaveDialog(win!, { defaultPath: defaultName, filters, properties: ['showOverwriteConfirmation', 'createDirectory'] });
          return r.canceled || !r.filePath ? [] : [r.filePath];
        }
        const r = await dialog.showOpenDialog(win!, {
          title: purpose === 'openFolder' ? '打开年报文件夹' : purpose === 'openFiles' ? '打开年报文件' : names[purpose],
          properties: purpose === 'openFolder' ? ['openDirectory', 'multiSelections'] : purpose === 'openFiles' ? ['openFile', 'multiSelections'] : ['openFile'],
          filters,
        });
        return r.canceled ? [] : r.filePaths;
      },
    },
    uploadsDir: join(app.getPath('userData'), 'uploads'),
    // The team line's password, sealed by the system keychain where it has one (never in the store).
    teamSecrets: new TeamSecrets(
      join(app.getPath('userData'), 'team-secrets.json'),
      safeStorage.isEncryptionAvailable() ? { encrypt: (t) => safeStorage.encryptString(t), decrypt: (b) => safeStorage.decryptString(b) } : undefined,
    ),
    storeFixed: storeFixedReason(),
    onStoreMoved: (path) => location.remember(path),
  });

  for (const c of CHANNELS) {
    ipcMain.handle(ipcChannel(c), async (e, arg) => {
      if (!trusted(e)) throw new Error('untrusted sender');
      return dispatch(service!, c, arg);
    });
  }
  // Dropped files: the preload resolves the File objects of a real drop (webUtils) and sends the
  // paths here; they are granted for import, and the renderer only ever sees the grants.
  ipcMain.handle(DROP_CHANNEL, (e, paths: unknown) => {
    if (!trusted(e)) throw new Error('untrusted sender');
    if (!Array.isArray(paths) || paths.length > 10_000 || !paths.every((p) => typeof p === 'string' && p.length > 0 && p.length <= 4096)) throw new Error('bad drop');
    return (paths as string[]).map((p) => service!.grants.grant(p, 'openFiles', { kind: existsSync(p) && statSync(p).isDirectory() ? 'folder' : 'file' }));
  });
  service.on((event, payload) => {
    if (EVENT_NAMES.includes(event) && win && !win.isDestroyed()) win.webContents.send(ipcEvent(event), payload);
  });

  win = new BrowserWindow({
    width: 1500,
    height: 920,
    minWidth: 1100,
    minHeight: 700,
    title: '年报审阅台',
    icon: join(resourcesDir(), 'icon.png'),
    show: false,
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win?.show());
  Menu.setApplicationMenu(Menu.buildFromTemplate(menu()));
  if (rendererUrl) await win.loadURL(rendererUrl);
  else await win.loadFile(rendererFile);
  try {
    await service.init();
  } catch (e) {
    dialog.showErrorBox('年报审阅台', (e as Error).message);
  }
  serviceReady = true;
  openLater(pendingFiles.splice(0));
}

function menu(): MenuItemConstructorOptions[] {
  const fail = (e: unknown) => dialog.showErrorBox('年报审阅台', (e as Error).message);
  const call = (c: Channel, arg: unknown = {}) => () => void dispatch(service!, c, arg).catch(fail);
  // Menu items run in main: a native dialog, then the granted channel (the same path as the buttons).
  const pick = (purpose: Purpose, c: Channel) => () =>
    void (async () => {
      const r = (await dispatch(service!, 'choose', { purpose })) as { grants: { id: string }[] };
      if (!r.grants.length) return;
      await dispatch(service!, c, c === 'openGranted' ? { grants: r.grants.map((g) => g.id) } : { grant: r.grants[0]!.id });
    })().catch(fail);
  return [
    {
      label: '文件',
      submenu: [
        { label: '打开年报文件…', accelerator: 'CmdOrCtrl+O', click: pick('openFiles', 'openGranted') },
        { label: '打开文件夹…', accelerator: 'CmdOrCtrl+Shift+O', click: pick('openFolder', 'openGranted') },
        { type: 'separator' },
        { label: '导出评审表（Excel）…', accelerator: 'CmdOrCtrl+E', click: pick('saveWorkbook', 'exportWorkbook') },
        { label: '导出审核数据（交换文件）…', click: pick('saveReview', 'exportReview') },
        { label: '导入同事的审核数据…', click: pick('openReview', 'importReview') },
        { label: '更改审核数据位置…', click: pick('moveStore', 'relocateStore') },
        { type: 'separator' },
        { label: '退出', role: 'quit' },
      ],
    },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', accelerator: 'CmdOrCtrl+Z', click: call('undo') },
        { label: '重做', accelerator: 'CmdOrCtrl+Shift+Z', click: call('redo') },
        { type: 'separator' },
        { label: '复制', role: 'copy' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图',
      submenu: [
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        { label: '实际大小', role: 'resetZoom' },
        { type: 'separator' },
        { label: '全屏', role: 'togglefullscreen' },
      ],
    },
  ];
}

app.on('window-all-closed', async () => {
  await service?.close();
  app.quit();
});
