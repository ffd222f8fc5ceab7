// The only platform API the core uses: the WHATWG TextDecoder (in Node, browsers and Electron).
// tsconfig.core.json compiles src/core without DOM or Node types, so anything else fails to build.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  readonly encoding: string;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
