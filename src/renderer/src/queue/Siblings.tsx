// The same agency's other reports (other years, or other files of one year), one click away.
import type { ReportView } from '../../../ipc/contract';
import { M } from '../shared/messages';
import { folderTail } from './Queue';

export function Siblings({ view, onSelect }: { view: ReportView; onSelect: (key: string) => void }) {
  return (
                  <div className="siblings">
                    {M.siblings}：
                    {view.siblings.map((s) => {
                      // Where a year repeats (two files of one year), the file name tells them apart.
                      const twins = view.siblings.filter((o) => o.key !== s.key && o.year === s.year);
                      const twin = twins.length > 0;
                      // Same name too: the folder tells them apart.
                      const name = twins.some((o) => o.fileName === s.fileName) ? `${folderTail(s.file.replace(/[\\/][^\\/]*$/, ''), 1)}/${s.fileName}` : s.fileName;
                      return (
                        <button key={s.key} className={s.key === view.key ? 'chip on' : 'chip'} onClick={() => onSelect(s.key)} title={s.file} data-testid="sibling">
                          {s.year ?? '？'}
                          {twin && <small className="chip-file"> · {name}</small>}
                        </button>
                      );
                    })}
                  </div>
  );
}
