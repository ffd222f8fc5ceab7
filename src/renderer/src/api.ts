// The app API: Electron's preload (window.nianbao) or, in the test host, the same contract over
// HTTP (POST /ipc/<channel>) with events over Server-Sent Events.
import type { Api, EventName, Events } from '../../ipc/contract';
import { CHANNELS, EVENT_NAMES } from '../../ipc/channels';

declare global {
  interface Window {
    nianbao?: Api;
  }
}

function httpApi(): Api {
  const api: Record<string, unknown> = {};
  for (const c of CHANNELS) {
    api[c] = async (args: unknown) => {
      const r = await fetch(`/ipc/${c}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(args ?? {}) });
      if (!r.ok) throw new Error(((await r.json().catch(() => ({}))) as { error?: string }).error ?? `HTTP ${r.status}`);
      if ((r.headers.get('content-type') ?? '').includes('octet-stream')) return new Uint8Array(await r.arrayBuffer());
      return r.json();
    };
  }
  let source: EventSource | null = null;
  const subs = new Map<string, Set<(p: unknown) => void>>();
  api.on = (event: EventName, cb: (p: unknown) => void) => {
    if (!source) {
      source = new EventSource('/events');
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
  return api as unknown as Api;
}

export const api: Api = window.nianbao ?? httpApi();
export type { Events };
