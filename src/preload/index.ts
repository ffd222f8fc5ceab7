// Preload (sandboxed, CommonJS): one function per IPC channel of the contract, event subscription
// for the contract's events, and dropped files. Nothing generic is exposed. Dropped files are
// resolved to paths here (webUtils works only on real File objects from a drop) and sent to main,
// which grants them; the page gets grants, never paths.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CHANNELS, DROP_CHANNEL, EVENT_NAMES, ipcChannel, ipcEvent } from '../ipc/channels';

const api: Record<string, unknown> = {};
for (const c of CHANNELS) {
  api[c] = (args: unknown) => ipcRenderer.invoke(ipcChannel(c), args ?? {});
}
api.on = (event: string, cb: (payload: unknown) => void) => {
  if (!(EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`unknown event ${event}`);
  const handler = (_e: unknown, payload: unknown) => cb(payload);
  ipcRenderer.on(ipcEvent(event), handler);
  return () => ipcRenderer.removeListener(ipcEvent(event), handler);
};
api.dropFiles = async (files: File[]) => {
  const paths = files.map((f) => webUtils.getPathForFile(f)).filter(Boolean);
  return paths.length ? ipcRenderer.invoke(DROP_CHANNEL, paths) : [];
};

contextBridge.exposeInMainWorld('nianbao', Object.freeze(api));
