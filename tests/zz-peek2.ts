import { checkPaths } from '../src/services/check.js';
import { roundStats } from '../src/core/stats.js';
import { roundCharts } from '../src/core/charts.js';
import { chartSvg } from '../src/services/chart-images.js';
import { defaultRubric } from '../src/services/resources.js';
import { resolveSettings } from '../src/core/rules/index.js';
const { result } = await checkPaths(['/work/shared/fixtures/seeds']);
const input = { check: result, rubric: defaultRubric(), settings: resolveSettings({}), exportedAt: new Date().toISOString() };
console.log(chartSvg(roundCharts(roundStats(input as never))[0]!));
