// A score typed and then cleared is no score (issue 22): no empty record, and the report does not
// flip to 审核中. Real AppService on a real store, through the contract.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppService } from '../../src/services/app/index.js';
import { dispatch } from '../../src/services/dispatch.js';
import { SEEDS } from '../helpers/engine.js';

describe('clearing a score', () => {
  it('removes the record and leaves the status as it was', async () => {
    const storePath = join(mkdtempSync(join(tmpdir(), 'nianbao-score-')), 'review.json');
    const app = new AppService({ storePath, auditor: '甲', files: [SEEDS.weihui] });
    await app.init();
    const key = app.getWorkspace().items[0]!.key;
    const rubric = app.getReport({ key }).rubric;
    const empty = rubric.criteria.map((c) => ({ id: c.id, points: null, comment: '' }));
    // Cleared before anything was saved: nothing is stored, the report stays 未审.
    await dispatch(app, 'setScore', { key, criteria: empty, comment: '' });
    expect(app.getReport({ key }).score).toBeFalsy();
    expect(app.getWorkspace().items[0]!.status).toBe('todo');
    // Typed, then cleared: the record goes.
    await dispatch(app, 'setScore', { key, criteria: empty.map((c, i) => (i === 0 ? { ...c, points: 5 } : c)), comment: '' });
    expect(app.getReport({ key }).score?.criteria[0]?.points).toBe(5);
    await dispatch(app, 'setScore', { key, criteria: empty, comment: '' });
    expect(app.getReport({ key }).score).toBeFalsy();
    await app.close();
    expect(Object.keys((JSON.parse(readFileSync(storePath, 'utf8')) as { scores: object }).scores)).toEqual([]);
  });
});
