// The app API: Electron's preload (window.nianbao) or, in the browser desk, the same contract over
// HTTP (POST ipc/<channel>) with events over Server-Sent Events and dropped files uploaded.
// URLs are relative: the page is served below /t/<token>/, so every request carries the token.
// When the desk is gone (stopped, or restarted with a new address) the page says so once, plainly,
// and every call fails with a Chinese message (never "Failed to fetch"): what was typed stays in its field.
import type { Api, EventName, Events, GrantInfo } from '../../../ipc/contract';
import { CHANNELS, EVENT_NAMES, ORDERED_CHANNELS } from '../../../ipc/channels';
import { M } from './messages';

declare global {
  interface Window {
    nianbao?: Api;
  }
}

/** The banner that tells the auditor the desk is gone (one, at the top of the page). */
function deskGone(restartedAt?: string): void {
  let el = document.getElementById('desk-gone');
  if (!el) {
    el = document.createElement('div');
    el.id = 'desk-gone';
    el.setAttribute('role', 'alert');
    el.dataset.testid = 'desk-gone';
    el.className = 'desk-gone';
    document.body.prepend(el);
  }
  el.replaceChildren(document.createTextNode(restartedAt ? M.deskRestarted : M.deskStopped));
  if (restartedAt) {
    const a = document.createElement('a');
    a.href = restartedAt;
    a.textContent = restartedAt;
    el.append(' ', a);
  }
}

/** A call that did not reach the desk, or reached a restarted one: the error to show, and the banner. */
async function unreachable(r: Response | null): Promise<Error> {
  if (!r) {
    deskGone();
    return new Error(M.deskStoppedCall);
  }
  const body = (await r.json().catch(() => ({}))) as { error?: string; code?: string; url?: string };
  if (body.code === 'RESTARTED' && body.url) {
    deskGone(body.url);
    return new Error(body.error ?? M.deskRestarted);
  }
  if (r.status === 403 && !body.error) {
    deskGone();
    return new Error(M.deskStoppedCall);
  }
  return new Error(body.error ?? M.httpFailed(r.status));
}

async function send(url: string, init: RequestInit): Promise<Response> {
  let r: Response;
  try {
    r = await fetch(url, init);
  } catch {
    throw await unreachable(null);
  }
  if (!r.ok) throw await unreachable(r);
  document.getElementById('desk-gone')?.remove();
  return r;
}

function httpApi(): Api {
  const api: Record<string, unknown> = {};
  // Changes go one after another (parallel requests may reach the desk in any order); reads do not wait.
  let changes: Promise<unknown> = Promise.resolve();
  for (const c of CHANNELS) {
    const call = async (args: unknown) => {
      const r = await send(`ipc/${c}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(args ?? {}) });
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
      // The stream broke: ask the desk (a cheap call) whether it is still there; a failed call shows the banner.
      source.addEventListener('error', () => void (api.getRules as (a: unknown) => Promise<unknown>)({}).catch(() => undefined));
    }
    if (!subs.has(event)) subs.set(event, new Set());
    subs.get(event)!.add(cb);
    return () => subs.get(event)!.delete(cb);
  };
  // Dropped files are uploaded to the desk's workspace folder and come back as grants.
  api.dropFiles = async (files: File[]) => {
    const out: GrantInfo[] = [];
    for (const f of files) {
      const r = await send(`upload?name=${encodeURIComponent(f.name)}`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: f });
      out.push((await r.json()) as GrantInfo);
    }
    return out;
  };
  return api as unknown as Api;
}

export const api: Api = window.nianbao ?? httpApi();
export type { Events };
