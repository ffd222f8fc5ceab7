// Start the real test host (the built bundle, as users run it) on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Host {
  /** The page to open, with this start's access token (http://127.0.0.1:PORT/t/TOKEN/). */
  url: string;
  /** The origin without the token (for tests that it is refused). */
  origin: string;
  storePath: string;
  proc: ChildProcess;
  /** Everything the host printed on stdout. */
  output(): string;
  /** Call a channel of the contract over HTTP, as the page does; throws with the host's error. */
  call<T = unknown>(channel: string, args?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/**
 * opts.store: the store file (default: a new temp one). opts.store === null: no --store, the host
 * finds its store like the app (NIANBAO_STORE, data dir; pass opts.env). opts.port: ask for a port.
 */
export async function startHost(files: string[] = [], opts: { store?: string | null; env?: NodeJS.ProcessEnv; port?: number } = {}): Promise<Host> {
  const storePath = opts.store === null ? '' : (opts.store ?? join(mkdtempSync(join(tmpdir(), 'nianbao-e2e-')), 'review.json'));
  const args = [join(ROOT, 'out/cli/testhost.mjs'), '--port', String(opts.port ?? 0), ...(storePath ? ['--store', storePath] : []), ...files];
  const proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`test host did not start: ${err}`)), 120_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /NIANBAO_TESTHOST_READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
    proc.on('exit', (code) => reject(new Error(`test host exited (${code}): ${err}`)));
  });
  const printed = /审核数据保存在 (.+)/.exec(out)?.[1]?.trim() ?? storePath;
  return {
    url,
    origin: new URL(url).origin,
    storePath: storePath || printed,
    proc,
    output: () => out,
    async call<T>(channel: string, a: unknown = {}): Promise<T> {
      const r = await fetch(`${url}ipc/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(a) });
      const body = (await r.json().catch(() => null)) as { error?: string } | null;
      if (!r.ok) throw Object.assign(new Error(body?.error ?? `HTTP ${r.status}`), { status: r.status });
      return body as T;
    },
    stop: () =>
      new Promise<void>((r) => {
        proc.once('exit', () => r());
        proc.kill('SIGTERM');
      }),
  };
}
