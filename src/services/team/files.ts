// The round's report files kept on this desk after fetching them from the team server (stored there
// by SHA-256, see admin.ts addFiles): a colleague opens the same report without sharing folders.
// Each file lives in the workspace's data folder as team-files/<sha256>/<name>, written atomically
// (temp file, fsync, rename) and only after its size and SHA-256 were checked.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fsyncDir, storeFs } from '../store/index.js';
import { TeamError } from './db.js';

/** The server's default limit (migrations.ts, round.file_limit). */
export const DEFAULT_FILE_LIMIT = 64 * 1024 * 1024;

export const teamFilesDir = (dataDir: string): string => join(dataDir, 'team-files');

/** A file name safe on every desk's disk: its last part, no control or reserved characters. */
export function safeFileName(name: string, sha256: string): string {
  const last = basename(name.replace(/\\/g, '/'));
  // eslint-disable-next-line no-control-regex
  const clean = last.replace(/[\u0000-\u001f<>:"/\\|?*]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '').slice(-150);
  return clean || `${sha256.slice(0, 16)}.bin`;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Where the file is kept, when it is already there with the right content. */
export function keptTeamFile(dir: string, f: { sha256: string; name: string }): string | null {
  const p = join(dir, f.sha256, safeFileName(f.name, f.sha256));
  try {
    return existsSync(p) && sha(readFileSync(p)) === f.sha256 ? p : null;
  } catch {
    return null;
  }
}

/**
 * Keep a fetched file: refused (nothing written) when it is over the limit or its bytes do not have
 * the SHA-256 the round lists. Returns its path.
 */
export async function saveTeamFile(dir: string, f: { sha256: string; name: string }, bytes: Buffer, limit = DEFAULT_FILE_LIMIT): Promise<string> {
  const name = safeFileName(f.name, f.sha256);
  if (!/^[0-9a-f]{64}$/.test(f.sha256)) throw new TeamError('BAD_INPUT', `团队服务器上的文件 ${name} 的 SHA-256 格式不对，未保存：请组长重新上传`);
  if (bytes.length > limit)
    throw new TeamError('BAD_INPUT', `团队服务器上的文件 ${name} 有 ${(bytes.length / 1048576).toFixed(1)} MB，超过本轮上限 ${(limit / 1048576).toFixed(0)} MB，未保存`);
  if (sha(bytes) !== f.sha256) throw new TeamError('BAD_INPUT', `从团队服务器取得的文件 ${name} 内容与其 SHA-256 不符（传输出错或被改动），未保存：稍后会重新获取，仍不行请联系组长`);
  const folder = join(dir, f.sha256);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, name);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await storeFs.writeFileDurable(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* not there */
    }
    throw e;
  }
  fsyncDir(folder);
  return path;
}
