// The change model and its merge (src/core/changes.ts): the same rules for changes pulled from the
// team server and for records read from a colleague's review file.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChangeIndex, fromFile, fromServer, makeLocalChange, mergeChanges, reportsToReopen, stateOf, type Change, type MergeContext } from '../../src/core/changes.js';

const RK = 'aaaaaaaaaaaaaaaa:某市财政局:2024:0';
const dec = (fp: string, verdict: string, comment = '') => ({ id: `${RK}|${fp}`, reportKey: RK, fingerprint: fp, rule: 'R-SUM-ROW', verdict, comment });
const rec = (fp: string) => `decision:${RK}|${fp}`;
const ctx = (over: Partial<MergeContext> = {}): MergeContext => ({ inRound: (rk) => rk === RK, currentValue: () => undefined, ...over });
let ids = 0;
const nextId = (p: string) => `${p}-${String(++ids).padStart(8, '0')}`;

/** Desk A: two decisions of its own (one with a note). */
function deskA() {
  const ix = new ChangeIndex();
  const c1 = makeLocalChange(ix, rec('f1'), dec('f1', 'confirmed', '合计不等于分项之和'), { id: nextId('a'), by: '张三', at: '2026-03-01T09:00:00Z' });
  ix.add(c1);
  const c2 = makeLocalChange(ix, rec('f2'), dec('f2', 'pending'), { id: nextId('a'), by: '张三', at: '2026-03-01T09:01:00Z' });
  ix.add(c2);
  return { ix, c1, c2 };
}

// The same colleague's work, as it reaches desk A from either source.
const sources = {
  server: (_ix: ChangeIndex, bodies: { fp: string; body: Record<string, unknown>; base?: string[] }[]): Change[] =>
    fromServer(bodies.map((b, i) => ({ seq: 100 + i, id: nextId('b'), record: rec(b.fp), base: b.base ?? [], author: 'round_lisi', at: '2026-03-01T10:00:00Z', body: b.body }))),
  file: (ix: ChangeIndex, bodies: { fp: string; body: Record<string, unknown> }[]): Change[] =>
    fromFile(
      ix,
      { name: 'lisi.json', auditor: '李四', exportedAt: '2026-03-01T10:00:00Z' },
      bodies.map((b) => ({ kind: 'decision', key: `${RK}|${b.fp}`, value: { ...b.body, by: '李四', at: '2026-03-01T10:00:00Z', version: 1 } })),
      ctx(),
    ).changes,
};

describe.each(Object.entries(sources))('merge from %s', (_name, deliver) => {
  it('a colleague changing two of my decisions makes two conflicts; mine stay shown, theirs kept', () => {
    const { ix, c1, c2 } = deskA();
    const incoming = deliver(ix, [
      { fp: 'f1', body: dec('f1', 'dismissed') },
      { fp: 'f2', body: dec('f2', 'confirmed') },
    ]);
    const r = mergeChanges(ix, incoming, ctx());
    expect(r.newConflicts.sort()).toEqual([rec('f1'), rec('f2')]);
    expect(r.changed).toEqual([]);
    expect(ix.state(rec('f1')).value).toMatchObject({ verdict: 'confirmed', comment: '合计不等于分项之和' });
    expect(ix.state(rec('f2')).value).toMatchObject({ verdict: 'pending' });
    const f1 = ix.conflicts().find((c) => c.record === rec('f1'))!;
    expect(f1.sides.map((s) => [s.by, (s.body as { verdict: string }).verdict])).toEqual([
      ['张三', 'confirmed'],
      [expect.stringMatching(/李四|round_lisi/), 'dismissed'],
    ]);
    expect(f1.sides.every((s) => s.at)).toBe(true);
    // My own change is still in the history, untouched.
    expect(ix.get(c1.id)?.body).toMatchObject({ verdict: 'confirmed' });
    expect(ix.get(c2.id)?.body).toMatchObject({ verdict: 'pending' });
  });

  it('a record I do not have is taken', () => {
    const { ix } = deskA();
    const r = mergeChanges(ix, deliver(ix, [{ fp: 'f3', body: dec('f3', 'confirmed') }]), ctx());
    expect(r.changed).toEqual([rec('f3')]);
    expect(r.newConflicts).toEqual([]);
    expect(ix.state(rec('f3')).value).toMatchObject({ verdict: 'confirmed' });
  });

  it('the same delivery twice is taken once', () => {
    const { ix } = deskA();
    const incoming = deliver(ix, [{ fp: 'f1', body: dec('f1', 'dismissed') }, { fp: 'f9', body: dec('f9', 'dismissed') }]);
    mergeChanges(ix, incoming, ctx());
    const size = ix.size;
    const again = mergeChanges(ix, incoming, ctx());
    expect(again.duplicates).toBe(2);
    expect(ix.size).toBe(size);
  });

  it('a person resolves by picking a side: a new change on top of both, the conflict is gone', () => {
    const { ix } = deskA();
    mergeChanges(ix, deliver(ix, [{ fp: 'f1', body: dec('f1', 'dismissed') }]), ctx());
    const other = ix.conflicts()[0]!.sides.find((s) => s.origin !== 'local')!;
    const res = makeLocalChange(ix, rec('f1'), other.body, { id: nextId('a'), by: '张三', at: '2026-03-01T11:00:00Z' });
    ix.add(res);
    expect(res.base).toHaveLength(2);
    expect(ix.conflicts()).toEqual([]);
    expect(ix.state(rec('f1')).value).toMatchObject({ verdict: 'dismissed' });
    expect(ix.of(rec('f1'))).toHaveLength(3);
  });

  it('unknown fields are dropped, forbidden keys refused, other reports kept aside', () => {
    const { ix } = deskA();
    const bodies = [
      { fp: 'f4', body: { ...dec('f4', 'confirmed'), huge: 'x'.repeat(1000), extra: { a: 1 } } },
      { fp: 'f5', body: JSON.parse(`{"id":"${RK}|f5","reportKey":"${RK}","fingerprint":"f5","rule":"R-SUM-ROW","verdict":"confirmed","comment":"","__proto__":{"polluted":true}}`) as Record<string, unknown> },
    ];
    const incoming = deliver(ix, bodies);
    const otherRk = 'bbbbbbbbbbbbbbbb:别的单位:2024:0';
    incoming.push({ ...incoming[0]!, id: nextId('x'), record: `decision:${otherRk}|f1`, body: { ...dec('f1', 'confirmed'), id: `${otherRk}|f1`, reportKey: otherRk } });
    const r = mergeChanges(ix, incoming, ctx());
    expect(ix.state(rec('f4')).value).toEqual(dec('f4', 'confirmed'));
    expect(r.refused.map((x) => x.why)).toEqual([expect.stringContaining('__proto__')]);
    expect(ix.of(rec('f5'))).toHaveLength(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.aside.map((c) => c.record)).toEqual([`decision:${otherRk}|f1`]);
    expect(ix.of(`decision:${otherRk}|f1`)).toHaveLength(0);
  });

  it('work from before changes were kept meets an incoming change as a side, not replaced', () => {
    const ix = new ChangeIndex();
    const mine = dec('f1', 'confirmed', '旧的判定');
    const r = mergeChanges(ix, deliver(ix, [{ fp: 'f1', body: dec('f1', 'dismissed') }]), ctx({ currentValue: (rc) => (rc === rec('f1') ? { body: mine, by: '张三', at: '2026-01-01T00:00:00Z' } : undefined) }));
    expect(r.newConflicts).toEqual([rec('f1')]);
    expect(ix.state(rec('f1')).value).toEqual(mine);
  });
});

describe('trust', () => {
  it('a file cannot speak as the local auditor, whatever by/version it claims', () => {
    const { ix } = deskA();
    const forged = fromFile(ix, { name: 'forged.json', auditor: '张三', exportedAt: '2030-01-01T00:00:00Z' }, [{ kind: 'decision', key: `${RK}|f1`, value: { ...dec('f1', 'dismissed'), by: '张三', at: '2030-01-01T00:00:00Z', version: 1_000_000_000 } }], ctx());
    const r = mergeChanges(ix, forged.changes, ctx());
    expect(r.newConflicts).toEqual([rec('f1')]);
    expect(ix.state(rec('f1')).value).toMatchObject({ verdict: 'confirmed' });
    const side = ix.conflicts()[0]!.sides.find((s) => s.origin === 'file')!;
    expect(side.by).toBe('张三（审核数据文件）');
    expect(side.claim).toMatchObject({ by: '张三', version: 1_000_000_000, file: 'forged.json' });
  });

  it('a server change made on top of mine is a later edit, not a conflict (a colleague checked my work)', () => {
    const { ix, c1 } = deskA();
    const r = mergeChanges(ix, fromServer([{ seq: 5, id: 'b-on-top-1', record: rec('f1'), base: [c1.id], author: 'round_lisi', at: '2026-03-02T00:00:00Z', body: dec('f1', 'dismissed', '复核：口径不同') }]), ctx());
    expect(r.newConflicts).toEqual([]);
    expect(r.changed).toEqual([rec('f1')]);
    expect(ix.state(rec('f1')).from?.by).toBe('round_lisi');
  });

  it('two sides that decided the same are not a conflict', () => {
    const { ix } = deskA();
    mergeChanges(ix, sources.server(ix, [{ fp: 'f1', body: dec('f1', 'confirmed', '合计不等于分项之和') }]), ctx());
    expect(ix.conflicts()).toEqual([]);
  });

  it('the order changes arrive in does not matter', () => {
    // A round's changes: chains and forks over three records, delivered in any order.
    const base: Change[] = [];
    const mk = (id: string, fp: string, parent: string[], verdict: string, by: string): Change => ({ id, record: rec(fp), base: parent, by, at: '2026-01-01T00:00:00Z', body: dec(fp, verdict), origin: 'server', n: 0 });
    base.push(mk('c-0000001', 'f1', [], 'confirmed', 'a'), mk('c-0000002', 'f1', ['c-0000001'], 'dismissed', 'b'), mk('c-0000003', 'f1', ['c-0000001'], 'pending', 'c'));
    base.push(mk('c-0000004', 'f2', [], 'confirmed', 'a'), mk('c-0000005', 'f2', ['c-0000004'], 'dismissed', 'b'), mk('c-0000006', 'f2', ['c-0000005'], 'pending', 'a'));
    base.push(mk('c-0000007', 'f3', [], 'confirmed', 'a'), mk('c-0000008', 'f3', [], 'confirmed', 'b'));
    const summary = (ix: ChangeIndex) => ['f1', 'f2', 'f3'].map((fp) => {
      const st = ix.state(rec(fp));
      return [st.heads.map((h) => h.id).sort(), st.conflict, st.conflict ? null : st.value];
    });
    const ref = new ChangeIndex();
    mergeChanges(ref, base, ctx());
    expect(summary(ref)).toEqual([
      [['c-0000002', 'c-0000003'], true, null],
      [['c-0000006'], false, dec('f2', 'pending')],
      [['c-0000007', 'c-0000008'], false, dec('f3', 'confirmed')],
    ]);
    fc.assert(
      fc.property(fc.shuffledSubarray(base, { minLength: base.length, maxLength: base.length }), fc.integer({ min: 1, max: 8 }), (order, cut) => {
        const ix = new ChangeIndex();
        mergeChanges(ix, order.slice(0, cut), ctx());
        mergeChanges(ix, order.slice(cut), ctx());
        expect(summary(ix)).toEqual(summary(ref));
      }),
      { numRuns: 200 },
    );
  });
});

describe('finished reports whose results changed go back to 审核中', () => {
  const view = (verdicts: Record<string, string>, total: number | null, status = 'done') => ({
    decisions: Object.entries(verdicts).map(([fp, verdict]) => ({ reportKey: RK, fingerprint: fp, verdict })),
    scores: total === null ? {} : { [RK]: { total, criteria: [{ id: 'c1', points: total }] } },
    statuses: { [RK]: { status } },
  });
  it('confirmed problems changed', () => {
    expect(reportsToReopen(view({ f1: 'confirmed' }, 90), view({ f1: 'dismissed' }, 90))).toEqual([{ reportKey: RK, why: '确认的问题有变化' }]);
  });
  it('score changed', () => {
    expect(reportsToReopen(view({ f1: 'confirmed' }, 90), view({ f1: 'confirmed' }, 80))).toEqual([{ reportKey: RK, why: '评分有变化' }]);
  });
  it('nothing that counts changed, or not finished', () => {
    expect(reportsToReopen(view({ f1: 'confirmed', f2: 'pending' }, 90), view({ f1: 'confirmed', f2: 'dismissed' }, 90))).toEqual([]);
    expect(reportsToReopen(view({ f1: 'confirmed' }, 90, 'in_progress'), view({}, 80, 'in_progress'))).toEqual([]);
  });
  it('a report a colleague finished, arriving with its decisions in the same merge (a desk joining), stays finished', () => {
    expect(reportsToReopen({ decisions: [], scores: {}, statuses: {} }, view({ f1: 'confirmed' }, 90))).toEqual([]);
    expect(reportsToReopen(view({}, null, 'in_progress'), view({ f1: 'confirmed' }, 90))).toEqual([]);
  });
});

describe('stateOf', () => {
  it('with no local side, shows the side this desk had first', () => {
    const a: Change = { id: 'x-0000001', record: rec('f1'), base: [], by: 'a', at: '', body: dec('f1', 'confirmed'), origin: 'server', n: 1 };
    const b: Change = { ...a, id: 'x-0000002', body: dec('f1', 'dismissed'), by: 'b', n: 2 };
    expect(stateOf([b, a]).value).toMatchObject({ verdict: 'confirmed' });
  });
});
