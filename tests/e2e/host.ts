// Start the real test host (the built bundle, as users run it) on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Host {
  url: string;
  storePath: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

export async function startHost(files: string[] = [], opts: { store?: string } = {}): Promise<Host> {
  const storePath = opts.store ?? join(mkdtempSync(join(tmpdir(), 'nianbao-e2e-')), 'review.json');
  const proc = spawn(process.execPath, [join(ROOT, 'out/cli/testhost.mjs'), '--port', '0', '--store', storePath, ...files], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
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
  return {
    url,
    storePath,
    proc,
    stop: () =>
      new Promise<void>((r) => {
        proc.once('exit', () => r());
        proc.kill('SIGTERM');
      }),
  };
}
