// Where the auditor's work is kept, the same for the Electron app and the browser desk:
// NIANBAO_STORE, else the place chosen in the app (store-location.json), else <data dir>/review.json.
// The data dir is Electron's userData for this app (appData/nianbao), computed here without Electron.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'nianbao';

/** Electron's app.getPath('userData') for this app, in plain Node. */
export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const base =
    platform === 'win32'
      ? (env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(homedir(), 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME || join(homedir(), '.config'));
  return join(base, APP_DIR_NAME);
}

export function storeLocation(dataDir: string, env: NodeJS.ProcessEnv = process.env): { storePath: string; remember(path: string): void } {
  const locationFile = join(dataDir, 'store-location.json');
  let chosen: string | null = null;
  try {
    chosen = (JSON.parse(readFileSync(locationFile, 'utf8')) as { path?: string }).path ?? null;
  } catch {
    chosen = null;
  }
  return {
    storePath: env.NIANBAO_STORE || chosen || join(dataDir, 'review.json'),
    remember(path: string) {
      mkdirSync(dataDir, { recursive: true });
      const tmp = `${locationFile}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ path }));
      renameSync(tmp, locationFile);
    },
  };
}

/** Why the store cannot be moved from the app: NIANBAO_STORE would put it back on the next start. */
export function storeFixedReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.NIANBAO_STORE ? `审核数据的位置由环境变量 NIANBAO_STORE 指定（${env.NIANBAO_STORE}），在应用中不能更改：请修改或去掉这个环境变量后重新启动` : undefined;
}
