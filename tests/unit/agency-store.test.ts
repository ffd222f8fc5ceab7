// The auditor's agency settings (types, merges) in the review store: tolerant of old and hand-edited
// files, kept across reopen.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyData, ReviewStore } from '../../src/services/store.js';

describe('agency settings in the review store', () => {
  it('a store without them (older file) opens with none; malformed entries are dropped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-agst-'));
    const old = emptyData('张三') as unknown as Record<string, unknown>;
    delete (old.settings as Record<string, unknown>).agencyTypes;
    writeFileSync(join(dir, 'a.json'), JSON.stringify(old));
    const a = (await ReviewStore.open(join(dir, 'a.json'))).store;
    expect(a.data.settings.agencyTypes).toEqual({});
    expect(a.data.settings.agencyAliases).toEqual({});
    await a.close();

    const bad = emptyData('张三') as unknown as { settings: Record<string, unknown> };
    bad.settings.agencyTypes = { 甲开发区管委会: 'government', 乙局: '乡镇', 丙: 3 };
    bad.settings.agencyAliases = ['not', 'an', 'object'];
    writeFileSync(join(dir, 'b.json'), JSON.stringify(bad));
    const b = (await ReviewStore.open(join(dir, 'b.json'))).store;
    expect(b.data.settings.agencyTypes).toEqual({ 甲开发区管委会: 'government' });
    expect(b.data.settings.agencyAliases).toEqual({});
    await b.close();
  });

  it('types and merges are kept across reopen', async () => {
    const p = join(mkdtempSync(join(tmpdir(), 'nianbao-agst-')), 'r.json');
    const s = (await ReviewStore.open(p, { auditor: '张三' })).store;
    s.setSetting('agencyTypes', { 测试开发区管委会: 'government' });
    s.setSetting('agencyAliases', { 测试县统计调查中心: '测试县统计局' });
    await s.close();
    const again = (await ReviewStore.open(p)).store;
    expect(again.data.settings.agencyTypes).toEqual({ 测试开发区管委会: 'government' });
    expect(again.data.settings.agencyAliases).toEqual({ 测试县统计调查中心: '测试县统计局' });
    await again.close();
  });
});
