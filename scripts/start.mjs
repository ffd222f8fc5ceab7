// `npm start`: run the desktop app; where the Electron binary is missing (an offline install with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1), say so and serve the same review desk in the browser instead.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

let electron = null;
try {
  const p = createRequire(import.meta.url)('electron');
  if (typeof p === 'string' && existsSync(p)) electron = p;
} catch {
  electron = null;
}
const run = (cmd, args) => spawn(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' }).on('exit', (c) => process.exit(c ?? 0));
if (electron) {
  run('npx', ['electron-vite', 'preview']);
} else {
  const port = process.env.PORT ?? '4567';
  process.stdout.write(
    `\n未安装 Electron 程序（离线安装时使用了 ELECTRON_SKIP_BINARY_DOWNLOAD=1），改为在浏览器中提供同一界面：\n` +
      `  打开 http://127.0.0.1:${port}/ （仅本机可访问；按 Ctrl+C 结束）\n` +
      `Electron is not installed here; serving the review desk at http://127.0.0.1:${port}/ instead.\n\n`,
  );
  run(process.execPath, ['out/cli/testhost.mjs', '--port', port, ...process.argv.slice(2)]);
}
