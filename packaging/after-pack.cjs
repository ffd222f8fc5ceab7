// electron-builder afterPack hook: refuse a package whose native canvas module (@napi-rs/canvas,
// used for OCR page images and chart export) is not the one for the target platform and arch.
// npm installs only the build machine's platform package; `npm run dist` fetches the others.
// NIANBAO_ALLOW_MISSING_NATIVE=1 turns the refusal into a warning (CI's stand-in Windows build).
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const { Arch } = require('builder-util');

const TRIPLES = {
  'win32-x64': 'win32-x64-msvc',
  'win32-arm64': 'win32-arm64-msvc',
  'linux-x64': 'linux-x64-gnu',
  'linux-arm64': 'linux-arm64-gnu',
  'darwin-x64': 'darwin-x64',
  'darwin-arm64': 'darwin-arm64',
};

/** The @napi-rs/canvas platform package a target needs, e.g. canvas-win32-x64-msvc. */
function canvasPackage(platform, arch) {
  const triple = TRIPLES[`${platform}-${arch}`];
  return triple ? `@napi-rs/canvas-${triple}` : null;
}

exports.canvasPackage = canvasPackage;
exports.default = async function afterPack(context) {
  const platform = context.electronPlatformName;
  const arch = Arch[context.arch];
  const need = canvasPackage(platform, arch);
  if (!need) throw new Error(`nianbao: no @napi-rs/canvas build known for ${platform}-${arch}`);
  const unpacked = join(context.packager.getResourcesDir(context.appOutDir), 'app.asar.unpacked', 'node_modules');
  const dir = join(unpacked, need);
  const binary = existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.node'));
  if (binary) return;
  const msg =
    `nianbao: ${need} (native canvas for ${platform}-${arch}) is not in the package. ` +
    `Install it before packaging: npm install --no-save --force ${need}@<version of @napi-rs/canvas> (npm run dist does this).`;
  if (process.env.NIANBAO_ALLOW_MISSING_NATIVE === '1') {
    console.warn(`WARNING ${msg}`);
    return;
  }
  throw new Error(msg);
};
