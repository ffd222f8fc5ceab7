// Preload (sandboxed, CommonJS): one function per IPC channel of the contract, event subscription
// for the contract's events, and the paths of dropped files. Nothing generic is exposed.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CHANNELS, EVENT_NAMES, ipcChannel, ipcEvent } from '../ipc/channels';

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
api.pathsForFiles = (files: File[]) => files.map((f) => webUtils.getPathForFile(f)).filter(Boolean);

contextBridge.exposeInMainWorld('nianbao', Object.freeze(api));
