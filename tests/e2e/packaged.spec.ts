// Smoke test of the packaged app that `npm run dist` made (release machine): launch the unpacked
// build in dist/ with Playwright's Electron driver, from a profile with a Chinese name, open a
// sample report. Where there is no packaged app (here: no Electron, no installer tools) it is
// skipped, saying why.
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './host';

/** The packaged executable for this machine in dist/, if `npm run dist` built one. */
function packagedApp(): { exe: string; reason: null } | { exe: null; reason: string } {
  const dir =
    process.platform === 'win32' ? 'win-unpacked' : process.platform === 'darwin' ? (process.arch === 'arm64' ? 'mac-arm64' : 'mac') : process.arch === 'arm64' ? 'linux-arm64-unpacked' : 'linux-unpacked';
  const exe =
    process.platform === 'win32'
      ? join(ROOT, 'dist', dir, 'nianbao.exe')
      : process.platform === 'darwin'
        ? join(ROOT, 'dist', dir, '年报审阅台.app', 'Contents', 'MacOS', '年报审阅台')
        : join(ROOT, 'dist', dir, 'nianbao');
  if (!existsSync(exe)) {
    return { exe: null, reason: `no packaged app at ${exe}: installers are built by \`npm run dist\` on a release machine with network access (Electron and electron-builder's NSIS/AppImage/fpm tools cannot be downloaded here).` };
  }
  // The packaging unit test's stand-in Electron is a few bytes; the real binary is over 50 MB.
  if (statSync(exe).size < 1_000_000) return { exe: null, reason: `${exe} is not a real Electron binary (stand-in): run \`npm run dist\` with network access.` };
  return { exe, reason: null };
}

const found = packagedApp();

test('the packaged app starts, keeps its data in the profile and opens a sample report', async () => {
  if (found.reason) console.log(`SKIPPED packaged app smoke test: ${found.reason}`);
  test.skip(found.exe === null, found.reason ?? '');
  const profile = join(mkdtempSync(join(tmpdir(), 'nianbao-packaged-')), '用户 张三');
  mkdirSync(profile, { recursive: true });
  // The data folder follows the platform's per-user location under this profile (no NIANBAO_STORE).
  const env = { ...process.env, HOME: profile, XDG_CONFIG_HOME: join(profile, '.config'), APPDATA: join(profile, 'AppData', 'Roaming'), LOCALAPPDATA: join(profile, 'AppData', 'Local') };
  delete (env as Record<string, string | undefined>).NIANBAO_STORE;
  const app = await electron.launch({ executablePath: found.exe!, args: [], env: env as Record<string, string> });
  const win = await app.firstWindow();
  await expect(win).toHaveTitle('年报审阅台');
  await win.waitForSelector('body[data-ready="1"]');
  // First run: the bundled samples.
  await expect(win.locator('.queue-row').first()).toBeVisible();
  await win.locator('.queue-row').first().click();
  await expect(win.locator('[data-testid="original"]')).toHaveAttribute('data-ready', /.+/);
  const userData = await app.evaluate(({ app: a }) => a.getPath('userData'));
  await app.close();
  expect(userData.endsWith('nianbao')).toBe(true);
  // Linux follows XDG_CONFIG_HOME; Windows and macOS ask the system for the profile's folders.
  if (process.platform === 'linux') expect(userData).toBe(join(profile, '.config', 'nianbao'));
  expect(readdirSync(userData)).toContain('review.json');
});
