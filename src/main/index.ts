// Electron main process: one secure window, menus, the IPC handlers. The work is in AppService.
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell, type IpcMainInvokeEvent, type MenuItemConstructorOptions } from 'electron';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppService } from './services/app.js';
import { dispatch } from './dispatch.js';
import { CHANNELS, EVENT_NAMES, ipcChannel, ipcEvent } from '../ipc/contract.js';
import { CSP } from './csp.js';

const here = import.meta.dirname;
const rendererUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = join(here, '../renderer/index.html');
let win: BrowserWindow | null = null;
let service: AppService | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  void app.whenReady().then(start);
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

  // Where the auditor's store is: NIANBAO_STORE, else the place chosen in the app, else the data folder.
  const locationFile = join(app.getPath('userData'), 'store-location.json');
  let chosen: string | null = null;
  try {
    chosen = (JSON.parse(readFileSync(locationFile, 'utf8')) as { path?: string }).path ?? null;
  } catch {
    chosen = null;
  }
  const storePath = process.env.NIANBAO_STORE ?? chosen ?? join(app.getPath('userData'), 'review.json');
  service = new AppService({
    storePath,
    files: process.argv.slice(app.isPackaged ? 1 : 2).filter((a) => !a.startsWith('-') && existsSync(a)),
    dialogs: {
      async openFiles(folder) {
        const r = await dialog.showOpenDialog(win!, {
          title: folder ? '打开年报文件夹' : '打开年报文件',
          properties: folder ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'],
          filters: folder ? [] : [{ name: '年报（PDF、DOCX、HTML、TXT）', extensions: ['pdf', 'docx', 'html', 'htm', 'txt', 'doc'] }],
        });
        return r.canceled ? [] : r.filePaths;
      },
      async saveFile(defaultName, ext) {
        const r = await dialog.showSaveDialog(win!, {
          defaultPath: defaultName,
          filters: [ext === 'xlsx' ? { name: 'Excel 工作簿', extensions: ['xlsx'] } : { name: '审核交换文件', extensions: ['json'] }],
        });
        return r.canceled || !r.filePath ? null : r.filePath;
      },
      async openFile() {
        const r = await dialog.showOpenDialog(win!, { filters: [{ name: '审核交换文件', extensions: ['json'] }], properties: ['openFile'] });
        return r.canceled ? null : r.filePaths[0] ?? null;
      },
    },
    openExternal: (url) => shell.openExternal(url),
    onStoreMoved: (path) => writeFileSync(locationFile, JSON.stringify({ path })),
  });

  for (const c of CHANNELS) {
    ipcMain.handle(ipcChannel(c), async (e, arg) => {
      if (!trusted(e)) throw new Error('untrusted sender');
      return dispatch(service!, c, arg);
    });
  }
  service.on((event, payload) => {
    if (EVENT_NAMES.includes(event) && win && !win.isDestroyed()) win.webContents.send(ipcEvent(event), payload);
  });

  win = new BrowserWindow({
    width: 1500,
    height: 920,
    minWidth: 1100,
    minHeight: 700,
    title: '年报审阅台',
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
}

function menu(): MenuItemConstructorOptions[] {
  const call = (c: Parameters<typeof dispatch>[1], arg: unknown = {}) => () => void dispatch(service!, c, arg).catch((e) => dialog.showErrorBox('年报审阅台', (e as Error).message));
  return [
    {
      label: '文件',
      submenu: [
        { label: '打开年报文件…', accelerator: 'CmdOrCtrl+O', click: call('pickAndImport', { folder: false }) },
        { label: '打开文件夹…', accelerator: 'CmdOrCtrl+Shift+O', click: call('pickAndImport', { folder: true }) },
        { type: 'separator' },
        { label: '导出评审表（Excel）…', accelerator: 'CmdOrCtrl+E', click: call('exportWorkbook') },
        { label: '导出审核数据（交换文件）…', click: call('exportReview') },
        { label: '导入同事的审核数据…', click: call('importReview') },
        { label: '更改审核数据位置…', click: call('relocateStore') },
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
