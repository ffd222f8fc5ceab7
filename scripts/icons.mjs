// Render resources/icon.svg to the PNG sizes the installers need (resources/icons/NxN.png):
// Linux desktop entries take the set, Windows builds its .ico from 256, macOS its .icns from 1024.
// Run after changing the SVG: node scripts/icons.mjs
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../resources/', import.meta.url);
const svg = readFileSync(new URL('icon.svg', root), 'utf8');
mkdirSync(new URL('icons/', root), { recursive: true });
for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
  // Rasterise the vector at the target size (not a scaled bitmap), so small sizes stay sharp.
  const img = await loadImage(Buffer.from(svg.replace(/width="64" height="64"/, `width="${size}" height="${size}"`)));
  const c = createCanvas(size, size);
  c.getContext('2d').drawImage(img, 0, 0, size, size);
  writeFileSync(new URL(`icons/${size}x${size}.png`, root), c.toBuffer('image/png'));
}

// Windows icon: an .ico holding PNG images (Windows Vista and later read them), so electron-builder
// does not have to convert (its converter is a download).
const sizes = [16, 24, 32, 48, 64, 128, 256];
const pngs = sizes.map((s) => readFileSync(new URL(`icons/${s}x${s}.png`, root)));
const head = Buffer.alloc(6 + 16 * sizes.length);
head.writeUInt16LE(0, 0);
head.writeUInt16LE(1, 2); // icon
head.writeUInt16LE(sizes.length, 4);
let offset = head.length;
sizes.forEach((s, i) => {
  const e = 6 + 16 * i;
  head.writeUInt8(s === 256 ? 0 : s, e);
  head.writeUInt8(s === 256 ? 0 : s, e + 1);
  head.writeUInt16LE(1, e + 4); // planes
  head.writeUInt16LE(32, e + 6); // bits per pixel
  head.writeUInt32LE(pngs[i].length, e + 8);
  head.writeUInt32LE(offset, e + 12);
  offset += pngs[i].length;
});
writeFileSync(new URL('icon.ico', root), Buffer.concat([head, ...pngs]));
