import { writeFileSync } from 'node:fs';
import { checkPaths } from '../src/services/check.js';
import { roundStats } from '../src/core/stats.js';
import { roundCharts } from '../src/core/charts.js';
import { chartPng } from '../src/services/chart-images.js';
import { defaultRubric } from '../src/services/resources.js';
import { resolveSettings } from '../src/core/rules/index.js';
const { result } = await checkPaths(['/work/shared/fixtures']);
const input = { check: result, rubric: defaultRubric(), settings: resolveSettings({}), exportedAt: new Date().toISOString() };
for (const spec of roundCharts(roundStats(input as never))) {
  const img = await chartPng(spec);
  writeFileSync(`/tmp/chart-${spec.id}.png`, img.png);
}
console.log('ok');
