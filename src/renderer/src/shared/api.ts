// The app API: Electron's preload (window.nianbao) or, in the browser desk, the same contract over
// HTTP (POST ipc/<channel>) with events over Server-Sent Events and dropped files uploaded.
// URLs are relative: the page is served below /t/<token>/, so every request carries the token.
import type { Api, EventName, Events, GrantInfo } from '../../../ipc/contract';
import { CHANNELS, EVENT_NAMES, ORDERED_CHANNELS } from '../../../ipc/channels';

declare global {
  interface Window {
    nianbao?: Api;
  }
}

function httpApi(): Api {
  const api: Record<string, unknown> = {};
  // Changes go one after another (parallel requests may reach the desk in any order); reads do not wait.
  let changes: Promise<unknown> = Promise.resolve();
  for (const c of CHANNELS) {
    const call = async (args: unknown) => {
      const r = await fetch(`ipc/${c}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(args ?? {}) });
      if (!r.ok) throw new Error(((await r.json().catch(() => ({}))) as { error?: string }).error ?? `HTTP ${r.status}`);
      if ((r.headers.get('content-type') ?? '').includes('octet-stream')) return new Uint8Array(await r.arrayBuffer());
      return r.json();
    };
    api[c] = ORDERED_CHANNELS.has(c)
      ? (args: unknown) => {
          const p = changes.then(() => call(args));
          changes = p.catch(() => undefined);
          return p;
        }
      : call;
  }
  let source: EventSource | null = null;
  const subs = new Map<string, Set<(p: unknown) => void>>();
  api.on = (event: EventName, cb: (p: unknown) => void) => {
    if (!source) {
      source = new EventSource('events');
      for (const e of EVENT_NAMES) {
        source.addEventListener(e, (m) => {
          const payload = JSON.parse((m as MessageEvent).data);
          for (const s of subs.get(e) ?? []) s(payload);
        });
      }
    }
    if (!subs.has(event)) subs.set(event, new Set());
    subs.get(event)!.add(cb);
    return () => subs.get(event)!.delete(cb);
  };
  // Dropped files are uploaded to the desk's workspace folder and come back as grants.
  api.dropFiles = async (files: File[]) => {
    const out: GrantInfo[] = [];
    for (const f of files) {
      const r = await fetch(`upload?name=${encodeURIComponent(f.name)}`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: f });
      if (!r.ok) throw new Error(((await r.json().catch(() => ({}))) as { error?: string }).error ?? `上传 ${f.name} 失败（HTTP ${r.status}）`);
      out.push((await r.json()) as GrantInfo);
    }
    return out;
  };
  return api as unknown as Api;
}

export const api: Api = window.nianbao ?? httpApi();
export type { Events };
