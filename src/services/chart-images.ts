// The overview's charts as PNG images for the 统计 sheet: Apache ECharts renders the same options as
// the screen to SVG on the server side (no DOM), @napi-rs/canvas rasterises the SVG. Text is set in the
// CJK font the app ships (resources/fonts: a GB 2312 subset of Noto Sans CJK SC, OFL), registered
// with the canvas and used for ECharts' text measuring too, so the images look the same on Windows,
// macOS and Linux whatever fonts the machine has, and label layout is computed with the real widths.
import { join } from 'node:path';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import canvas from '@napi-rs/canvas';
import type { ChartSpec } from '../core/charts.js';
import { resourcesDir } from './resources.js';
import { xmlSafeDeep } from '../core/xml-safe.js';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

/** The family name the shipped font is registered under (not a name any system font has). */
export const CHART_FONT = 'Nianbao Sans CJK';
export const CHART_FONT_FILE = 'fonts/NotoSansCJKsc-Subset.otf';

let ready = false;
function setUp(): void {
  if (ready) return;
  const key = canvas.GlobalFonts.registerFromPath(join(resourcesDir(), CHART_FONT_FILE), CHART_FONT);
  if (!key) throw new Error(`图表字体 ${CHART_FONT_FILE} 无法载入（安装不完整？）`);
  const measure = canvas.createCanvas(1, 1).getContext('2d');
  echarts.setPlatformAPI({
    measureText: (text: string, font?: string) => {
      measure.font = font ?? `12px ${CHART_FONT}`;
      return { width: measure.measureText(text).width };
    },
  });
  ready = true;
}

/** The option with every font family set to the shipped font (and every text defaulting to it). */
function withShippedFont<T>(v: T): T {
  if (Array.isArray(v)) return v.map(withShippedFont) as T;
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = k === 'fontFamily' ? CHART_FONT : withShippedFont(x);
    return out as T;
  }
  return v;
}

/**
 * Where Skia's SVG reader differs from browsers: it draws `stroke-width="0"` as a hairline (boxes around
 * every title and legend) and ignores `paint-order="stroke"`, so a label's white halo is painted over
 * its letters and the label disappears. Drop both strokes.
 */
export function forSkia(svg: string): string {
  return svg
    .replace(/\sstroke="[^"]*"(\s+stroke-width="0")/g, ' stroke="none"$1')
    .replace(/\sstroke="[^"]*"\s+stroke-width="[^"]*"\s+paint-order="stroke"(\s+stroke-miterlimit="[^"]*")?/g, '');
}

export interface ChartImage {
  id: ChartSpec['id'];
  title: string;
  png: Buffer;
  width: number;
  height: number;
}

/** The SVG ECharts draws for a chart, in the shipped font (what chartPng rasterises). */
export function chartSvg(spec: ChartSpec, width = 640, height = 360): string {
  setUp();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    const { tooltip: _tooltip, ...option } = spec.option; // no pointer on paper
    const o = xmlSafeDeep(withShippedFont(option)) as Record<string, unknown>;
    chart.setOption({ ...o, textStyle: { ...((o.textStyle as object) ?? {}), fontFamily: CHART_FONT }, backgroundColor: '#ffffff' });
    return forSkia(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/** Rasterise an SVG at width×height CSS pixels, `scale` times as many device pixels. */
export async function svgPng(svg: string, width: number, height: number, scale = 2): Promise<Buffer> {
  setUp();
  const img = await canvas.loadImage(Buffer.from(svg));
  const c = canvas.createCanvas(width * scale, height * scale);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, c.width, c.height);
  ctx.drawImage(img, 0, 0, c.width, c.height);
  return c.toBuffer('image/png');
}

/** Render one chart at width×height CSS pixels, `scale` times as many device pixels. */
export async function chartPng(spec: ChartSpec, width = 640, height = 360, scale = 2): Promise<ChartImage> {
  const svg = chartSvg(spec, width, height);
  let png: Buffer;
  try {
    png = await svgPng(svg, width, height, scale);
  } catch (e) {
    throw new Error(`${spec.title}: ${(e as Error).message}\n${svg.slice(0, 3000)}`);
  }
  return { id: spec.id, title: spec.title, png, width, height };
}
