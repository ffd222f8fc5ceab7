// The auditor's agency settings (types, merges) in the review store: tolerant of old and hand-edited
// files, kept across reopen.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyData, ReviewStore } from '../../src/services/store/index.js';

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
    expect(b.data.settings.agencyAliases ?? {}).toEqual({});
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

describe('agency settings travel with the review exchange file', () => {
  it('another auditor gets the types and merges not set locally; a disagreement keeps the local one and is listed; one undo step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-agx-'));
    const a = (await ReviewStore.open(join(dir, 'a.json'), { auditor: '张三' })).store;
    a.setSetting('agencyTypes', { 测试开发区管委会: 'government', 测试县数据局: 'department' });
    a.setSetting('agencyAliases', { 测试县统计调查中心: '测试县统计局' });
    const file = JSON.parse(JSON.stringify(a.exportReview())) as unknown; // as written to disk
    await a.close();

    const b = (await ReviewStore.open(join(dir, 'b.json'), { auditor: '李四' })).store;
    b.setSetting('agencyTypes', { 测试开发区管委会: 'department' });
    const r = b.importReview(file);
    expect(r.agencies.taken).toBe(2);
    expect(r.agencies.conflicts).toEqual([{ what: 'type', name: '测试开发区管委会', kept: 'department', other: 'government' }]);
    expect(b.data.settings.agencyTypes).toEqual({ 测试开发区管委会: 'department', 测试县数据局: 'department' });
    expect(b.data.settings.agencyAliases).toEqual({ 测试县统计调查中心: '测试县统计局' });
    b.undo();
    expect(b.data.settings.agencyTypes).toEqual({ 测试开发区管委会: 'department' });
    expect(b.data.settings.agencyAliases ?? {}).toEqual({});
    await b.close();
  });

  it('names are matched as agencies are (spacing, brackets); a merge the other way round is a disagreement', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-agx-'));
    const s = (await ReviewStore.open(join(dir, 's.json'), { auditor: '李四' })).store;
    s.setSetting('agencyTypes', { '测试县 数据局': 'department' });
    s.setSetting('agencyAliases', { 测试县统计调查中心: '测试县统计局' });
    const base = { kind: 'nianbao-review', version: 1, exportedAt: '2026-01-01T00:00:00Z', auditor: '张三', decisions: {}, annotations: {}, scores: {}, statuses: {} };
    const r = s.importReview({ ...base, agencies: { types: { 测试县数据局: 'government' }, aliases: { 测试县统计局: '测试县统计调查中心' } } });
    expect(r.agencies.taken).toBe(0);
    expect(r.agencies.conflicts).toEqual([
      { what: 'type', name: '测试县数据局', kept: 'department', other: 'government' },
      { what: 'alias', name: '测试县统计局', kept: '测试县统计调查中心', other: '测试县统计调查中心', reverse: true },
    ]);
    expect(s.data.settings.agencyAliases).toEqual({ 测试县统计调查中心: '测试县统计局' });
    await s.close();
  });

  it('a file from before (no agencies) still imports; a poisoned agency name is refused whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-agx-'));
    const s = (await ReviewStore.open(join(dir, 's.json'), { auditor: '李四' })).store;
    const old = { kind: 'nianbao-review', version: 1, exportedAt: '2026-01-01T00:00:00Z', auditor: '张三', decisions: {}, annotations: {}, scores: {}, statuses: {} };
    expect(s.importReview(old).agencies).toEqual({ taken: 0, conflicts: [] });
    const poisoned = JSON.parse('{"kind":"nianbao-review","version":1,"exportedAt":"x","auditor":"x","decisions":{},"annotations":{},"scores":{},"statuses":{},"agencies":{"types":{"__proto__":"government"},"aliases":{}}}') as unknown;
    expect(() => s.importReview(poisoned)).toThrow(/不允许的单位名/);
    expect(() => s.importReview({ ...old, agencies: { types: { 某局: '乡镇' }, aliases: {} } })).toThrow(/agencies › types › 某局/);
    expect(s.data.settings.agencyTypes ?? {}).toEqual({});
    await s.close();
  });
});
