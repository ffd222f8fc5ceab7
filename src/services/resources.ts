// Where the bundled resources are: walk up from this module (src/services in development,
// out/cli or out/main in builds, app.asar in a packaged app) to the folder holding resources/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rubric } from '../core/review.js';

let cached: string | null = null;

export function resourcesDir(): string {
  if (cached) return cached;
  const fromEnv = process.env.NIANBAO_RESOURCES;
  if (fromEnv && existsSync(join(fromEnv, 'rubric-default.json'))) return (cached = fromEnv);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'resources');
    if (existsSync(join(candidate, 'rubric-default.json'))) return (cached = candidate);
    dir = dirname(dir);
  }
  throw new Error('找不到程序资源目录 resources/（安装不完整？）');
}

export function defaultRubric(): Rubric {
  return JSON.parse(readFileSync(join(resourcesDir(), 'rubric-default.json'), 'utf8')) as Rubric;
}
