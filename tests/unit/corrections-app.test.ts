// Corrections through the app and the store (real lowdb files in temp dirs, calls validated by
// dispatch): stored by cell, findings follow at once, undo restores the reading, a restart and a
// rules change keep them, the review file carries them and a bad one is refused whole.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppService } from '../../src/services/app/index.js';
import { dispatch } from '../../src/services/dispatch.js';
import { ReviewStore } from '../../src/services/store/index.js';
import { buildReport, consistentRequests } from '../helpers/reportgen.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'nianbao-corr-app-'));

function misreadReport(dir: string) {
  let s = 41;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const req = consistentRequests(rand, 30);
  const clean = buildReport({ layout: 'tab', requests: req });
  const line = clean.split('\n').find((l) => l.includes('二、上年结转'))!;
  const v = line.split('\t');
  const printed = v[7]!;
  v[7] = String(Number(printed) + 50);
  const file = join(dir, '误读.txt');
  writeFileSync(file, clean.replace(line, v.join('\t')));
  return { file, printed, read: v[7]! };
}

const sums = (app: AppService, key: string) => app.getReport({ key }).findings.filter((f) => f.rule === 'R-SUM-ROW' && f.row === 'carried_in');

describe('corrections in the app', () => {
  it('correct, undo, redo, restart, rules change: the correction is kept by cell and findings follow', async () => {
    const dir = tmp();
    const storePath = join(dir, 'review.json');
    const { file, printed, read } = misreadReport(dir);
    const app = new AppService({ storePath, auditor: '甲', files: [file] });
    await app.init();
    const key = app.getWorkspace().items[0]!.key;
    const sum = sums(app, key)[0]!;
    expect(sum).toBeDefined();
    // A decision on a finding that survives the correction stays.
    const other = app.getReport({ key }).findings.find((f) => f.fingerprint !== sum.fingerprint && !(f.row === 'carried_in') && !f.rule.startsWith('R-SUM'));
    if (other) await dispatch(app, 'setDecision', { key, fingerprint: other.fingerprint, rule: other.rule, verdict: 'confirmed' });
    // Bad calls are refused by the contract.
    await expect(dispatch(app, 'setCorrection', { key, table: 'requests', row: 'nope', col: 'total', kind: 'value', raw: '1' })).rejects.toThrow(/参数不对|invalid arguments/);
    await expect(dispatch(app, 'setCorrection', { key, table: 'requests', row: 'carried_in', col: 'total', kind: 'blank', raw: '1' })).rejects.toThrow(/参数不对|invalid arguments/);
    const c = (await dispatch(app, 'setCorrection', { key, table: 'requests', row: 'carried_in', col: 'total', kind: 'value', raw: printed })) as { id: string };
    expect(c.id).toBe(`${key}|cell|requests:carried_in:total`);
    let view = app.getReport({ key });
    expect(sums(app, key)).toEqual([]);
    const cell = view.tables.requests.rows.carried_in!.cells.total!;
    expect(cell.value).toBe(Number(printed));
    expect(cell.correction).toMatchObject({ kind: 'value', read: { raw: read }, by: '甲' });
    expect(view.corrections.map((x) => [x.id, x.applied])).toEqual([[c.id, true]]);
    expect(view.report.resolvedByCorrection?.some((f) => f.fingerprint === sum.fingerprint)).toBe(true);
    if (other) expect(view.findings.find((f) => f.fingerprint === other.fingerprint)?.decision?.verdict).toBe('confirmed');
    expect(app.getHistory({ key }).some((h) => h.what.includes('更正') && h.what.includes(read))).toBe(true);
    // Undo restores the reading, redo the correction.
    await dispatch(app, 'undo', {});
    expect(app.getReport({ key }).tables.requests.rows.carried_in!.cells.total!.value).toBe(Number(read));
    expect(sums(app, key)).toHaveLength(1);
    await dispatch(app, 'redo', {});
    expect(sums(app, key)).toEqual([]);
    // Another auditor takes the review file: the correction travels with it.
    const out = join(dir, 'review-out.json');
    await app.exportReview({ path: out });
    await app.close();
    // Restart: read again with the correction, and a new version of the rules keeps it.
    const store = (await ReviewStore.open(storePath)).store;
    store.setSetting('rules', { rules: { 'R-SEC-EMPTY': { enabled: false } } } as never);
    await store.close();
    const again = new AppService({ storePath, files: [file] });
    await again.init();
    view = again.getReport({ key });
    expect(view.tables.requests.rows.carried_in!.cells.total!.value).toBe(Number(printed));
    expect(sums(again, key)).toEqual([]);
    await again.close();

    const otherStore = join(tmp(), 'review.json');
    const b = new AppService({ storePath: otherStore, auditor: '乙', files: [file] });
    await b.init();
    expect(sums(b, key)).toHaveLength(1);
    const r = await b.importReview({ path: out });
    expect(r!.taken).toBeGreaterThan(0);
    expect(sums(b, key)).toEqual([]);
    // A review file whose correction names no cell of the tables is refused whole.
    const bad = JSON.parse(readFileSync(out, 'utf8'));
    const rec = bad.corrections[c.id];
    bad.corrections[c.id] = { ...rec, row: 'not_a_row' };
    const badPath = join(dir, 'bad.json');
    writeFileSync(badPath, JSON.stringify(bad));
    await expect(b.importReview({ path: badPath })).rejects.toThrow(/corrections/);
    await b.close();
  });
});
