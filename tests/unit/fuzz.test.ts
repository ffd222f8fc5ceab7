// The fuzz sample: 200 hostile and broken files (seeded) through the bundled CLI and AppService.
// The full run (≥ 1,000 files, with per-file times) is `npm run bench -- fuzz`; see docs/performance.md.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers/engine.js';
import { runFuzz, type FuzzReport } from '../fuzz/run.js';

describe('fuzz sample', () => {
  let r: FuzzReport;
  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')]); // the CLI under test is the bundle
    r = await runFuzz({ count: 200, seed: 7, timeoutMs: 60_000, pool: false });
  }, 300_000);

  it('the CLI prints complete JSON for every file and never crashes', () => {
    expect(r.cli.complete).toBe(true);
    expect(r.cli.exit).toBe(1); // some files cannot be read: exit 1, not a crash
    expect(r.cli.documents).toBe(r.files + 2); // + a dangling link and a name that is not UTF-8 (a link to a file already listed is not listed twice)
    expect(r.cli.stderr).not.toMatch(/内部错误|未处理|Unhandled|FATAL|heap out of memory/i);
    expect(r.cli.peakMb).toBeLessThan(2048);
  });

  it('the app imports the folder with every file accounted for', () => {
    expect(r.app.accounted).toBeGreaterThanOrEqual(r.distinct); // files with the same content are one document
    // The bar: 2 GB. Measured on the bundled app service in its own process (the CLI build is its bundle).
    expect(r.app.peakMb).toBeLessThan(2048);
  });

  it('every file ends read or refused with its specific code; none INTERNAL, none out of time', () => {
    expect(r.internal).toBe(0);
    expect(r.unexpected).toEqual([]);
    expect(r.codes.TIMEOUT ?? 0).toBe(0);
  });
});
