// Files handed to the app on its command line: a double-click on an associated file (installers
// register .pdf .docx .html .htm .txt .png .jpg), "Open with", or a second launch while it runs.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The document paths in an Electron argv. A packaged app's argv is [exe, ...args]; in development it
 * is [electron, appPath, ...args]. Switches (Chromium's --flags, -psn_… on macOS) are not files;
 * relative paths are taken from `cwd` (a second instance passes its own working directory).
 */
export function filesFromArgv(argv: readonly string[], packaged: boolean, cwd = process.cwd()): string[] {
  return argv
    .slice(packaged ? 1 : 2)
    .filter((a) => a.length > 0 && !a.startsWith('-'))
    .map((a) => resolve(cwd, a))
    .filter((p) => existsSync(p));
}
