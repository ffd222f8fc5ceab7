// Errors and faults of the review store: what a caller is refused with, and what the user must be told.

export type StoreErrorCode = 'LOCKED' | 'READ_ONLY' | 'UNREADABLE' | 'WRITE_FAILED' | 'BAD_REVIEW_FILE';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Something about the store the user must be told. */
export interface StoreFault {
  code:
    | 'RECOVERED'
    | 'NO_BACKUP'
    | 'GAP'
    | 'DAMAGED_RECORD'
    | 'TORN_TAIL'
    | 'MIGRATED'
    | 'WRITE_FAILED'
    | 'SNAPSHOT_FAILED'
    | 'LOCK_TAKEN_OVER'
    | 'LOCK_LOST'
    | 'LOCK_REFRESH_FAILED'
    | 'READ_ONLY_LOCATION'
    | 'INVALID_RECORDS'
    | 'REFUSED';
  level: 'info' | 'warning' | 'error';
  message: string;
}

/** An I/O error in the user's words (disk full, read-only, no permission …), with its code. */
export function errWords(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOSPC: '磁盘已满',
    EDQUOT: '磁盘配额已用完',
    EROFS: '所在位置是只读的',
    EACCES: '没有写入权限',
    EPERM: '没有写入权限',
    EIO: '磁盘读写出错',
    ENOENT: '文件夹已不存在（网络盘或移动硬盘是否已断开？）',
  };
  return code ? `${words[code] ?? '写入出错'}，${code}` : (e as Error).message;
}
