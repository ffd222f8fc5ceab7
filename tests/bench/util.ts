// Small timing helpers for the benchmark scripts (numbers go to docs/performance.md).
import { performance } from 'node:perf_hooks';

export function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const v = fn();
  return [v, performance.now() - t0];
}

export function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { n: s.length, median: q(0.5), p95: q(0.95), max: s[s.length - 1]! };
}

export const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0)) + ' ms';

export function row(cells: (string | number)[]) {
  console.log(`| ${cells.join(' | ')} |`);
}
