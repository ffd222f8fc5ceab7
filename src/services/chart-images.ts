// The overview's charts as PNG images for the 统计 sheet: Apache ECharts renders the same options as
// the screen to SVG on the server side (no DOM), @napi-rs/canvas rasterises the SVG with the system's
// CJK fonts.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import canvas from '@napi-rs/canvas';
import type { ChartSpec } from '../core/charts.js';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

export interface ChartImage {
  id: ChartSpec['id'];
  title: string;
  png: Buffer;
  width: number;
  height: number;
}

/** Render one chart at width×height CSS pixels, `scale` times as many device pixels. */
export async function chartPng(spec: ChartSpec, width = 640, height = 360, scale = 2): Promise<ChartImage> {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  let svg: string;
  try {
    const { tooltip: _tooltip, ...option } = spec.option; // no pointer on paper
    chart.setOption({ ...option, backgroundColor: '#ffffff' });
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  let img: Awaited<ReturnType<typeof canvas.loadImage>>;
  try {
    img = await canvas.loadImage(Buffer.from(svg));
  } catch (e) {
    throw new Error(`${spec.title}: ${(e as Error).message}\n${svg.slice(0, 3000)}`);
  }
  const c = canvas.createCanvas(width * scale, height * scale);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, c.width, c.height);
  ctx.drawImage(img, 0, 0, c.width, c.height);
  return { id: spec.id, title: spec.title, png: c.toBuffer('image/png'), width, height };
}
