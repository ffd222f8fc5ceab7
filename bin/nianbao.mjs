#!/usr/bin/env node
// `nianbao` command: runs the bundled CLI (built by `npm run build:cli`, also on `npm install`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../out/cli/nianbao.mjs', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('nianbao: 命令行程序尚未构建，请先运行 npm run build:cli\n');
  process.exit(1);
}
await import(entry);
