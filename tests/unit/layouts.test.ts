// Property tests: random tables written in each layout (blank cells, misaligned rows) read back.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkString } from '../helpers/engine.js';
import { buildReport, REQ_ROWS_2021, type Layout, type ReqValues, type V } from '../helpers/reportgen.js';

const LAYOUTS: Layout[] = ['tab', 'pipe', 'markdown', 'cell-per-line', 'html'];
const cellArb = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 5000 }) }, { weight: 1, arbitrary: fc.constant('' as const) });
const rowArb = fc.array(cellArb, { minLength: 7, maxLength: 7 });
const tableArb = fc.tuple(...REQ_ROWS_2021.map(() => rowArb)).map((rows) => Object.fromEntries(REQ_ROWS_2021.map((r, i) => [r.key, rows[i]!])) as ReqValues);
const reviewArb = fc.array(cellArb, { minLength: 15, maxLength: 15 });
const COLS = ['natural', 'business', 'research', 'nonprofit', 'legal', 'other_org', 'total'];

const asValue = (v: V) => (v === '' ? null : Number(v));

async function parsed(text: string, layout: Layout) {
  const c = await checkString(text, layout === 'html' ? 'p.html' : 'p.txt');
  expect(c.parse!.reports).toHaveLength(1);
  return c.parse!.reports[0]!;
}

describe('tables round-trip through every layout', () => {
  for (const layout of LAYOUTS) {
    it(`table 三 and 四 cells, ${layout}`, async () => {
      await fc.assert(
        fc.asyncProperty(tableArb, reviewArb, async (req, rv) => {
          const r = await parsed(buildReport({ layout, requests: req, reviews: rv }), layout);
          for (const row of REQ_ROWS_2021) {
            const got = r.tables.requests.rows[row.key];
            expect(got, row.key).toBeDefined();
            COLS.forEach((c, i) => expect(got!.cells[c]!.value, `${row.key}.${c}`).toBe(asValue(req[row.key]![i]!)));
            expect(got!.shape.certain).toBe(true);
          }
          const groups = ['review', 'litigation_direct', 'litigation_after_review'];
          groups.forEach((g, gi) =>
            ['upheld', 'corrected', 'other', 'pending', 'total'].forEach((c, ci) =>
              expect(r.tables.reviews.rows[g]!.cells[c]!.value, `${g}.${c}`).toBe(asValue(rv[gi * 5 + ci]!)),
            ),
          );
        }),
        { numRuns: 25 },
      );
    });
  }

  it('every cell range points at its raw text in the source', async () => {
    await fc.assert(
      fc.asyncProperty(tableArb, fc.constantFrom<Layout>('tab', 'pipe', 'markdown', 'cell-per-line'), async (req, layout) => {
        const text = buildReport({ layout, requests: req });
        const r = await parsed(text, layout);
        for (const row of Object.values(r.tables.requests.rows)) {
          for (const c of Object.values(row.cells)) expect(text.slice(c.range.start, c.range.end)).toBe(c.raw.trim());
        }
      }),
      { numRuns: 20 },
    );
  });
});

describe('misaligned rows', () => {
  const consistentRow = fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 6, maxLength: 6 }).map((p) => [...p, p.reduce((a, b) => a + b, 0)]);

  it('an extra trailing cell is dropped by the row sum and reported as uncertain', async () => {
    await fc.assert(
      fc.asyncProperty(consistentRow, fc.constantFrom('0', '', '7'), fc.constantFrom<Layout>('tab', 'pipe'), async (row, extra, layout) => {
        const req: ReqValues = { received: [...row, extra] };
        const r = await parsed(buildReport({ layout, requests: req }), layout);
        const got = r.tables.requests.rows.received!;
        COLS.forEach((c, i) => expect(got.cells[c]!.value).toBe(row[i]));
        if (extra !== '') expect(got.shape.certain).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('a row whose blank cells were dropped (natural and total only) is placed by its sum', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 999 }), async (n) => {
        const text = buildReport({ layout: 'pipe' }).replace(/一、本年新收政府信息公开申请数量 \|[^\n]*/, `一、本年新收政府信息公开申请数量 | ${n} | ${n} | | | | | | |`);
        const r = await parsed(text, 'pipe');
        const got = r.tables.requests.rows.received!;
        expect(got.cells.natural!.value).toBe(n);
        expect(got.cells.total!.value).toBe(n);
        expect(got.cells.business!.kind).toBe('blank');
        expect(got.shape.certain).toBe(false);
      }),
      { numRuns: 20 },
    );
  });

  it('a label wrapped onto its own line keeps its values (one cell per line)', async () => {
    const text = buildReport({ layout: 'cell-per-line' }).replace('\t5.要求行政机关确认或重新出具已获取信息', '\t5.要求行政机关确认或重新\n\t出具已获取信息');
    const r = await parsed(text, 'cell-per-line');
    expect(r.tables.requests.rows['not_processed.confirmation']!.cells.total!.value).toBe(0);
    expect(r.tables.requests.labelDeviations).toEqual([]);
  });
});
