// Image files by their magic bytes (kept apart so readers.ts need not load the OCR engine).

export const IMAGE_EXT = new Set(['.png', '.jpg', '.jpeg', '.tif', '.tiff']);

/** Image kinds by magic bytes. */
export function sniffImage(b: Uint8Array): 'png' | 'jpeg' | 'tiff' | null {
  if (b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length > 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a))) return 'tiff';
  return null;
}
