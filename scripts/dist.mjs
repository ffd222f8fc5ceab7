// `npm run dist [-- --win] [--linux] [--mac]`: the installers, on a release machine with network
// access (electron-builder downloads Electron and its NSIS / AppImage / fpm tools). Default: this
// machine's platform. Output in dist/ (see docs/packaging.md for which file is which).
//   1. builds the app (out/);
//   2. installs the @napi-rs/canvas binaries of the target platforms (npm installs only this
//      machine's; packaging/after-pack.cjs refuses a package without its own);
//   3. runs electron-builder with electron-builder.yml.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { canvasPackage } = require('../packaging/after-pack.cjs');
const args = process.argv.slice(2);
const wanted = ['win', 'linux', 'mac'].filter((p) => args.includes(`--${p}`));
const platforms = wanted.length ? wanted : [{ win32: 'win', darwin: 'mac' }[process.platform] ?? 'linux'];
// Architectures per platform, as in electron-builder.yml.
const ARCHS = { win: ['x64'], linux: ['x64', 'arm64'], mac: ['x64', 'arm64'] };
const NODE_PLATFORM = { win: 'win32', linux: 'linux', mac: 'darwin' };
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd, a) => execFileSync(cmd, a, { stdio: 'inherit', shell: process.platform === 'win32' });

run(npm, ['run', 'build']);

const version = JSON.parse(readFileSync(require.resolve('@napi-rs/canvas/package.json'), 'utf8')).version;
const missing = platforms
  .flatMap((p) => ARCHS[p].map((a) => canvasPackage(NODE_PLATFORM[p], a)))
  .filter((name) => !existsSync(new URL(`../node_modules/${name}/package.json`, import.meta.url)));
if (missing.length) {
  console.log(`installing native canvas for the targets: ${missing.join(', ')}`);
  // One command for all of them (a later --no-save install would prune an earlier one); --force
  // because their os/cpu fields do not match this machine.
  run(npm, ['install', '--no-save', '--force', '--ignore-scripts', ...missing.map((m) => `${m}@${version}`)]);
}

run(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['electron-builder', '--publish', 'never', ...platforms.map((p) => `--${p}`)]);
console.log('\ninstallers in dist/:');
for (const f of readdirSync(new URL('../dist/', import.meta.url))) if (/\.(exe|AppImage|deb|dmg)$/.test(f)) console.log(`  ${f}`);
