// Grants: the renderer never names a path. A path chosen by the user (native dialog, the browser
// desk's chooser, a drop, an upload) is registered here and the renderer gets an opaque random id.
// Every channel that reads or writes a file takes ids and resolves them here (src/services/dispatch.ts).
// Shared by the Electron shell and the browser desk; plain Node.

import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { GrantInfo, Purpose } from '../ipc/contract.js';

/** What each purpose allows: read (import) or write (export) one chosen target. */
export const PURPOSE_MODE: Record<Purpose, 'read' | 'write'> = {
  openFiles: 'read',
  openFolder: 'read',
  openReview: 'read',
  openRubric: 'read',
  saveWorkbook: 'write',
  saveReview: 'write',
  saveRubric: 'write',
  saveLetters: 'write',
  moveStore: 'write',
};

interface Grant {
  path: string;
  purpose: Purpose;
  kind: GrantInfo['kind'];
  /** Write grants: the user confirmed replacing an existing file. */
  overwrite: boolean;
}

export class GrantError extends Error {}

export class GrantRegistry {
  private readonly grants = new Map<string, Grant>();

  grant(path: string, purpose: Purpose, opts: { kind?: GrantInfo['kind']; overwrite?: boolean } = {}): GrantInfo {
    const id = `g_${randomBytes(18).toString('base64url')}`;
    const g: Grant = { path, purpose, kind: opts.kind ?? (PURPOSE_MODE[purpose] === 'write' ? 'target' : 'file'), overwrite: !!opts.overwrite };
    this.grants.set(id, g);
    return { id, name: basename(path) || path, path, kind: g.kind };
  }

  /** Resolve a grant for one of the purposes a channel accepts; unknown ids and other purposes are refused. */
  take(id: string, purposes: readonly Purpose[]): { path: string; overwrite: boolean; purpose: Purpose } {
    const g = this.grants.get(id);
    if (!g) throw new GrantError('这个文件没有经过选择授权（或授权已用过、已失效）：请通过“打开”或“导出”按钮重新选择文件');
    if (!purposes.includes(g.purpose)) throw new GrantError('所选文件的用途不对（例如把导入用的文件当作导出位置）：请重新选择');
    return { path: g.path, overwrite: g.overwrite, purpose: g.purpose };
  }

  /** Write grants are single use: once written, the target needs a new choice. */
  spend(id: string): void {
    const g = this.grants.get(id);
    if (g && PURPOSE_MODE[g.purpose] === 'write') this.grants.delete(id);
  }

  get size(): number {
    return this.grants.size;
  }
}
