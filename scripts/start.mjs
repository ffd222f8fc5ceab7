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
  // The desk prints the address to open (with this start's access token) and where work is saved.
  process.stdout.write(
    `\n未安装 Electron 程序（离线安装时使用了 ELECTRON_SKIP_BINARY_DOWNLOAD=1），改为在浏览器中提供同一界面。\n` +
      `Electron is not installed here; serving the review desk in the browser instead.\n\n`,
  );
  run(process.execPath, ['out/cli/testhost.mjs', '--port', process.env.PORT ?? '4567', ...process.argv.slice(2)]);
}
