// Where the auditor's work is kept: the same place for the Electron app and the browser desk.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { appDataDir, storeLocation } from '../../src/services/location.js';

describe('store location', () => {
  it('is Electron userData for this app on each platform', () => {
    expect(appDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toBe(join('C:\\Users\\a\\AppData\\Roaming', 'nianbao'));
    expect(appDataDir({}, 'darwin')).toBe(join(homedir(), 'Library', 'Application Support', 'nianbao'));
    expect(appDataDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux')).toBe(join('/x/cfg', 'nianbao'));
    expect(appDataDir({}, 'linux')).toBe(join(homedir(), '.config', 'nianbao'));
  });

  it('NIANBAO_STORE, else the place chosen in the app, else review.json in the data dir', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-loc-'));
    expect(storeLocation(dir, {}).storePath).toBe(join(dir, 'review.json'));
    storeLocation(dir, {}).remember('/elsewhere/mine.json');
    expect(JSON.parse(readFileSync(join(dir, 'store-location.json'), 'utf8'))).toEqual({ path: '/elsewhere/mine.json' });
    expect(storeLocation(dir, {}).storePath).toBe('/elsewhere/mine.json');
    expect(storeLocation(dir, { NIANBAO_STORE: '/env/review.json' }).storePath).toBe('/env/review.json');
  });
});
