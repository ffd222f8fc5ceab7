// First run of the installed desk: the data folder is found in the user's profile (as the Electron
// shell and the browser desk find it, src/services/location.ts), here a profile whose path has
// Chinese characters and spaces; the bundled samples open; work is kept there across restarts.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppService } from '../../src/services/app/index.js';
import { appDataDir, storeLocation } from '../../src/services/location.js';
import { ReviewStore } from '../../src/services/store/index.js';

describe('first run of the installed desk', () => {
  it('creates its data folder in a profile with Chinese characters and spaces, opens the samples, keeps the work', async () => {
    const profile = join(mkdtempSync(join(tmpdir(), 'nianbao-first-')), '用户 张三', '我的 配置');
    const env = { XDG_CONFIG_HOME: profile };
    const dataDir = appDataDir(env, 'linux');
    expect(dataDir).toBe(join(profile, 'nianbao'));
    const { storePath } = storeLocation(dataDir, env);
    expect(storePath).toBe(join(dataDir, 'review.json'));
    expect(existsSync(profile)).toBe(false); // nothing there before the first start

    const app = new AppService({ storePath, uploadsDir: join(dataDir, 'uploads') });
    await app.init();
    const w = app.getWorkspace();
    expect(w.sample).toBe(true);
    expect(w.storePath).toBe(storePath);
    expect(new Set(w.items.map((i) => i.agency))).toEqual(new Set(['上海市人民政府办公厅', '卫辉市政务和大数据管理局', '德惠市机关事务管理局', '海东市市直机关事务管理局', '聊城市机关事务管理局']));
    const key = w.items[0]!.key;
    app.setStatus({ key, status: 'done' });
    await app.close();
    expect(readdirSync(dataDir)).toContain('review.json');

    // Restart: the same folder, the same work.
    const again = new AppService({ storePath: storeLocation(appDataDir(env, 'linux'), env).storePath });
    await again.init();
    expect(again.getWorkspace().storePath).toBe(storePath);
    await again.close();
    const { store } = await ReviewStore.open(storePath, { readOnly: true });
    expect(store.data.statuses[key]!.status).toBe('done');
  });
});
