// Opening a store's files: the newest good snapshot (the file itself, else the newest good backup;
// a damaged snapshot is set aside), migrated to the current schema, then the journal replayed after
// its sequence number; damaged records, gaps, a torn last write and records that lost their shape
// become faults the user is told about. Nothing here writes a snapshot or takes the lock.
import { copyFileSync, existsSync, renameSync } from 'node:fs';
import { applyOp, emptyData, parseStoreFile, RECORDS_CHECKED, SCHEMA_VERSION, type StoreData } from './data.js';
import { BACKUPS, storeFs } from './durable.js';
import type { StoreFault } from './errors.js';
import { readJournal, type JournalRead } from './journal.js';
import { takeOutInvalid } from './record-schemas.js';

export interface Recovered {
  data: StoreData;
  /** Sequence number of the snapshot read (before the journal was replayed). */
  baseSeq: number;
  journal: JournalRead;
  /** Operations replayed from the journal. */
  replayed: number;
  /** The records were checked against their schemas on this open. */
  unchecked: boolean;
}

/** Read the store at `path` as it was last acknowledged; faults found are pushed to `faults`. */
export function recover(path: string, readOnly: boolean, auditor: string | undefined, faults: StoreFault[]): Recovered {
  // The newest good snapshot: the file itself, else the newest good backup.
  let data: StoreData | null = null;
  const candidates = [path, ...Array.from({ length: BACKUPS }, (_, i) => `${path}.bak${i + 1}`)];
  let aside: string | null = null;
  const damagedSnapshot = existsSync(path);
  const sawAny = candidates.some((c) => existsSync(c));
  for (const [i, c] of candidates.entries()) {
    if (!existsSync(c)) continue;
    try {
      const m = parseStoreFile(c);
      data = m.data;
      if (m.from < SCHEMA_VERSION) faults.push({ code: 'MIGRATED', level: 'info', message: `审核数据已从第 ${m.from} 版格式升级到第 ${SCHEMA_VERSION} 版` });
      if (i > 0)
        faults.push({
          code: 'RECOVERED',
          level: 'warning',
          message: damagedSnapshot
            ? `审核数据文件已损坏${aside ? `，已另存为 ${aside}` : ''}，已从备份 ${i} 恢复并补上之后日志中的修改`
            : `审核数据文件不见了，已从备份 ${i} 恢复并补上之后日志中的修改`,
        });
      break;
    } catch {
      if (i === 0 && !readOnly) {
        const to = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        try {
          renameSync(path, to);
          aside = to;
        } catch {
          // left where it is; the next snapshot replaces it
        }
      }
    }
  }
  if (!data && sawAny) {
    faults.push({ code: 'NO_BACKUP', level: 'error', message: `审核数据文件已损坏且没有可用的备份${aside ? `，已另存为 ${aside}` : ''}，现从日志中能找回的修改重新开始` });
  }
  data ??= emptyData(auditor ?? '');
  const baseSeq = data.seq;

  // Replay the journal after the snapshot's sequence number.
  const journal = `${path}.journal`;
  const j = readJournal(journal);
  let replayed = 0;
  let gap: [number, number] | null = null;
  for (const r of j.records) {
    for (const op of r.ops) {
      if (op.seq <= data.seq) continue;
      if (op.seq !== data.seq + 1 && !gap) gap = [data.seq + 1, op.seq - 1];
      applyOp(data, op);
      replayed++;
    }
  }
  if (j.damaged.length) {
    let copy = '';
    if (!readOnly) {
      copy = `${journal}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      try {
        copyFileSync(journal, copy);
      } catch {
        copy = '';
      }
    }
    faults.push({
      code: 'DAMAGED_RECORD',
      level: 'error',
      message: `审核日志中有 ${j.damaged.length} 条记录已损坏（第 ${j.damaged.slice(0, 10).join('、')}${j.damaged.length > 10 ? ' 等' : ''} 行，校验不符），这些修改无法恢复，请核对最近的审核结果${copy ? `；原日志已另存为 ${copy}` : ''}`,
    });
  } else if (gap) {
    faults.push({ code: 'GAP', level: 'error', message: `恢复后仍缺少第 ${gap[0]}–${gap[1]} 项修改（备份和日志中都没有），请核对最近的审核结果` });
  }
  if (j.torn) faults.push({ code: 'TORN_TAIL', level: 'info', message: '上次中断时最后一项修改没有写完（调用没有返回，未算保存），已忽略' });
  const unchecked = data.recordsChecked !== RECORDS_CHECKED;
  const invalid = unchecked ? takeOutInvalid(data) : { count: 0, first: '', records: {} };
  data.recordsChecked = RECORDS_CHECKED;
  if (invalid.count) {
    let kept = '';
    if (!readOnly) {
      kept = `${path}.invalid-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
      try {
        storeFs.writeFileDurableSync(kept, JSON.stringify(invalid.records, null, 1));
      } catch {
        kept = '';
      }
    }
    faults.push({
      code: 'INVALID_RECORDS',
      level: 'warning',
      message: `审核数据中有 ${invalid.count} 条记录格式不对（如 ${invalid.first}），已移出，不再影响报告和导出${kept ? `；原记录另存在 ${kept}` : ''}`,
    });
  }
  return { data, baseSeq, journal: j, replayed, unchecked };
}
