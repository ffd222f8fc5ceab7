// A generated evaluation round: N text reports (agencies over three years, some with blank cells, some
// published late, a few with wrong sums) and an auditor's store in which part of the round is decided,
// scored and done. For the overview screenshots, the overview and letters benchmarks.
import { defaultRubric } from '../../src/services/resources.js';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport, consistentRequests, type ReqValues } from './reportgen.js';
import { checkPaths } from '../../src/services/check.js';
import { ReviewStore } from '../../src/services/store/index.js';
import type { CheckJson } from '../../src/core/output.js';

const KINDS = ['人民政府', '教育局', '财政局', '卫生健康委员会', '市场监督管理局', '自然资源和规划局'];
const PLACES = ['东城', '西城', '南湖', '北山', '青溪', '白云', '长宁', '安平', '清河', '永和', '临江', '丰乐'];

/** Write `n` reports into `dir` (kept if already there). */
export function makeRound(dir: string, n: number, seed = 7): string[] {
  mkdirSync(dir, { recursive: true });
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const file = join(dir, `r${String(i).padStart(4, '0')}.txt`);
    files.push(file);
    const agencyIndex = Math.floor(i / 3);
    const year = 2021 + (i % 3);
    const place = PLACES[agencyIndex % PLACES.length]!;
    const kind = KINDS[Math.floor(agencyIndex / PLACES.length) % KINDS.length]!;
    const agency = kind === '人民政府' ? `${place}${agencyIndex}区人民政府` : `${place}${agencyIndex}区${kind}`;
    const requests: ReqValues = consistentRequests(rand, 40);
    if (rand() < 0.25) requests['granted']![0] = ''; // a blank cell: R-TBL-BLANK and sums involving blanks
    if (rand() < 0.15) requests['total']![6] = Number(requests['total']![6]) + 3; // a wrong total
    const late = rand() < 0.2;
    const month = late ? (kind === '人民政府' ? 4 : 3) : 1;
    const date = rand() < 0.08 ? null : `${year + 1}年${month}月${10 + Math.floor(rand() * 15)}日`;
    if (!existsSync(file)) writeFileSync(file, buildReport({ agency, year, date, requests }));
  }
  return files;
}

/** Decide, score and finish part of the round in a real store at `storePath`. */
export async function seedRound(storePath: string, paths: string[], seed = 11): Promise<CheckJson> {
  const { result } = await checkPaths(paths);
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const { store } = await ReviewStore.open(storePath, { auditor: '张审核' });
  for (const doc of result.documents) {
    for (const rep of doc.reports) {
      const r = rand();
      if (r < 0.35) continue; // untouched
      for (const f of rep.findings) {
        const v = rand();
        if (v < 0.5) store.setDecision({ reportKey: rep.key, fingerprint: f.fingerprint, rule: f.rule, verdict: 'confirmed', comment: '请核实并更正' });
        else if (v < 0.75) store.setDecision({ reportKey: rep.key, fingerprint: f.fingerprint, rule: f.rule, verdict: 'dismissed', comment: '原表如此' });
      }
      if (r > 0.55) {
        const total = Math.round(50 + rand() * 50);
        // A complete score (every criterion, within its maximum) adding up to the total: an empty
        // breakdown is an incomplete score and never counts as a total (checkScore).
        let left = total;
        const criteria = defaultRubric().criteria.map((c) => {
          const p = Math.min(c.points, left);
          left -= p;
          return { id: c.id, points: p, comment: '' };
        });
        store.setScore({ reportKey: rep.key, rubricId: 'default', rubricVersion: 1, criteria, total, comment: '总体较好，个别数据需核实。' });
        store.setStatus(rep.key, 'done');
      } else store.setStatus(rep.key, 'in_progress');
    }
  }
  await store.close();
  return result;
}
