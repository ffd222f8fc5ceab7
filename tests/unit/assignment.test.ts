// A team round's assignments on real reports and real stores: the queue's 分给我的 filter and the
// overview's progress per auditor (reports assigned, their status, decisions by each auditor).
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppService } from '../../src/services/app/index.js';
import { ReviewStore } from '../../src/services/store/index.js';
import { checkPaths } from '../../src/services/check.js';
import { defaultRubric } from '../../src/services/resources.js';
import { resolveSettings } from '../../src/core/rules/registry.js';
import { activeFilters, filterQueue, NO_FILTERS } from '../../src/core/queue.js';
import { roundStats } from '../../src/core/stats.js';
import type { CheckJson, ReportJson } from '../../src/core/output.js';
import { FIXTURES, SEEDS } from '../helpers/engine.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'nianbao-assign-'));
const LIAOCHENG = '聊城市机关事务管理局';

describe('分给我的 (queue filter)', () => {
  it('keeps reports assigned by key or by agency (name written loosely), nothing without assignments', async () => {
    const app = new AppService({ storePath: join(tmp(), 'review.json'), auditor: '张三', files: [SEEDS.liaocheng, SEEDS.weihui, SEEDS.haidong, SEEDS.dehui] });
    await app.init();
    const items = app.getWorkspace().items;
    expect(items).toHaveLength(8);
    const weihui = items.find((i) => i.agency.startsWith('卫辉'))!;
    const liaocheng = items.filter((i) => i.agency === LIAOCHENG);
    expect(liaocheng).toHaveLength(5);
    // The lead typed the agency with a space and full-width brackets around nothing.
    const mine = { agencies: [' 聊城市 机关事务管理局（）'], reports: [weihui.key] };
    const shown = filterQueue(items, { ...NO_FILTERS, mine: true }, 'agency', mine).map((i) => i.key);
    expect(new Set(shown)).toEqual(new Set([...liaocheng.map((i) => i.key), weihui.key]));
    // Combined with another filter: the year.
    expect(filterQueue(items, { ...NO_FILTERS, mine: true, year: '2021' }, 'agency', mine).map((i) => i.agency).sort()).toEqual([LIAOCHENG, weihui.agency].sort());
    expect(filterQueue(items, { ...NO_FILTERS, mine: true }, 'agency', undefined)).toEqual([]);
    expect(filterQueue(items, { ...NO_FILTERS, mine: true }, 'agency', { agencies: [], reports: [] })).toEqual([]);
    expect(filterQueue(items, NO_FILTERS, 'agency', mine)).toHaveLength(8);
    expect(activeFilters({ ...NO_FILTERS, mine: true })).toEqual(['mine']);
    await app.close();
  });
});

describe('progress per auditor (overview)', () => {
  let check: CheckJson;
  let reports: ReportJson[];
  beforeAll(async () => {
    check = (await checkPaths([join(FIXTURES, 'seeds')])).result;
    reports = check.documents.flatMap((d) => d.reports);
  });

  it('counts assigned reports by status and each auditor’s decisions from the records’ `by`', async () => {
    const zs = (await ReviewStore.open(join(tmp(), 'zs.json'), { auditor: '张三' })).store;
    const ls = (await ReviewStore.open(join(tmp(), 'ls.json'), { auditor: '李四' })).store;
    const lc = reports.filter((r) => r.agency === LIAOCHENG).sort((a, b) => a.year! - b.year!);
    const weihui = reports.find((r) => r.agency?.startsWith('卫辉'))!;
    const haidong = reports.find((r) => r.agency?.startsWith('海东'))!;
    expect(lc.map((r) => r.year)).toEqual([2019, 2020, 2021, 2022, 2023]);
    // 张三: three decisions on 聊城 2019, one on 海东 (a report assigned to 李四).
    for (const f of lc[0]!.findings.slice(0, 3)) zs.setDecision({ reportKey: lc[0]!.key, fingerprint: f.fingerprint, rule: f.rule, verdict: 'confirmed' });
    zs.setDecision({ reportKey: haidong.key, fingerprint: haidong.findings[0]!.fingerprint, rule: haidong.findings[0]!.rule, verdict: 'pending' });
    zs.setStatus(lc[0]!.key, 'done');
    zs.setStatus(lc[1]!.key, 'in_progress');
    zs.setStatus(lc[2]!.key, 'in_progress');
    // 李四: two decisions on 卫辉, marks it done.
    for (const f of weihui.findings.slice(0, 2)) ls.setDecision({ reportKey: weihui.key, fingerprint: f.fingerprint, rule: f.rule, verdict: 'dismissed' });
    ls.setStatus(weihui.key, 'done');
    const review = {
      decisions: { ...zs.data.decisions, ...ls.data.decisions },
      annotations: {},
      scores: {},
      statuses: { ...zs.data.statuses, ...ls.data.statuses },
    };
    const team = {
      // 张三's desk: the server knows him as 老张; his own records say 张三.
      auditors: [
        { role: 'nb_r_zs', display: '老张', names: ['张三'] },
        { role: 'nb_r_ls', display: '李四' },
        { role: 'nb_r_ww', display: '王五' },
      ],
      assignments: [
        { target: `agency:${LIAOCHENG}`, role: 'nb_r_zs' },
        { target: `report:${weihui.key}`, role: 'nb_r_ls' },
        { target: `report:${haidong.key}`, role: 'nb_r_ls' },
      ],
    };
    const s = roundStats({ check, review, rubric: defaultRubric(), settings: resolveSettings(), team });
    const rows = s.auditors!.map((a) => [a.name, a.assigned.count, a.done.count, a.in_progress.count, a.todo.count, a.decisions]);
    expect(rows).toEqual([
      ['老张', 5, 1, 2, 2, 4],
      ['李四', 2, 1, 0, 1, 2],
      ['王五', 0, 0, 0, 0, 0],
    ]);
    expect(new Set(s.auditors![0]!.assigned.keys)).toEqual(new Set(lc.map((r) => r.key)));
    expect(s.auditors![1]!.todo.keys).toEqual([haidong.key]);
    // Without a team round there is no per-auditor part.
    expect(roundStats({ check, review, rubric: defaultRubric(), settings: resolveSettings() }).auditors).toBeUndefined();
  });
});
