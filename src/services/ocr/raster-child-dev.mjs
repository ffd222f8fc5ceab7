// Development/test entry of the raster child: runs the TypeScript source through tsx.
// Builds bundle raster-child.ts into ocr-raster.mjs and never load this file.
import { register } from 'tsx/esm/api';

register();
await import('./raster-child.ts');
