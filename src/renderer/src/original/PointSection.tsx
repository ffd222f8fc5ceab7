// "This is where section X begins": the auditor selects a heading the reader missed in the original
// and names its section; the report is re-read with that instruction (a correction, undoable).
import type { SectionKey } from '../../../core/model';
import { SECTION_TITLES } from '../../../core/schema';
import { api } from '../shared/api';
import { M } from '../shared/messages';

const KEYS: SectionKey[] = ['overview', 'proactive', 'requests', 'reviews', 'problems', 'other'];
const NUM = '一二三四五六';

export function PointSection(props: { reportKey: string; selection: { start: number; end: number } | null; onDone: () => void; onError: (m: string) => void }) {
  const sel = props.selection;
  if (!sel || sel.end <= sel.start) return null;
  return (
    <select
      className="point-section"
      aria-label={M.corr.pointSection}
      data-testid="point-section"
      value=""
      onChange={(e) => {
        const section = e.target.value as SectionKey;
        if (!section) return;
        api.pointSection({ key: props.reportKey, section, start: sel.start, end: sel.end }).then(props.onDone, (x: Error) => props.onError(x.message));
      }}
    >
      <option value="">{M.corr.pointSection}</option>
      {KEYS.map((k, i) => (
        <option key={k} value={k}>
          {M.corr.pointAs(NUM[i]!, SECTION_TITLES[k].slice(2))}
        </option>
      ))}
    </select>
  );
}
