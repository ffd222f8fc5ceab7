// 反馈意见书: choose which reports (this one, those the queue shows, the whole round), edit the letter's
// fixed text, preview each letter, choose a folder, write one DOCX per report with progress; never
// overwrite without asking. Only reports marked 已完成 get a letter unless the auditor includes the
// others (their letters say plainly they were not reviewed).
import './letters.css';
import { useEffect, useState } from 'react';
import type { LetterSettings, LettersPreview } from '../../../core/letters';
import { api } from '../shared/api';
import { pick } from '../chooser';
import { M } from '../shared/messages';

type Scope = 'one' | 'shown' | 'all';
const FIELDS: [keyof LetterSettings, string, number][] = [
  ['title', M.letters.titleField, 1],
  ['salutation', M.letters.salutation, 1],
  ['opening', M.letters.opening, 4],
  ['closing', M.letters.closing, 2],
  ['issuer', M.letters.issuer, 1],
];

export function Letters({ current, shown, all, onClose, say }: { current: string | null; shown: string[]; all: number; onClose: () => void; say: (t: string, level?: 'info' | 'error') => void }) {
  const [scope, setScope] = useState<Scope>(current ? 'one' : 'shown');
  const [include, setInclude] = useState(false);
  const [settings, setSettings] = useState<LetterSettings | null>(null);
  // The text as stored: edits not yet saved are saved before the letters are written (they are what
  // the auditor sees), and are not dropped by closing without a word.
  const [stored, setStored] = useState<LetterSettings | null>(null);
  const [busy, setBusy] = useState<{ done: number; total: number } | null>(null);
  const [preview, setPreview] = useState<LettersPreview | null>(null);
  const [shownLetter, setShownLetter] = useState(0);
  useEffect(() => {
    void api.getLetterSettings({}).then((s) => (setSettings(s), setStored(s)));
    return api.on('exportProgress', (p) => p.what === 'letters' && setBusy({ done: p.done, total: p.total }));
  }, []);
  const keys = scope === 'one' ? (current ? [current] : []) : scope === 'shown' ? shown : null;
  const keyList = keys ? keys.join('\n') : null;
  useEffect(() => {
    let live = true;
    void api.previewLetters({ keys, includeUnreviewed: include }).then((p) => live && (setPreview(p), setShownLetter(0)));
    return () => void (live = false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scope, keyList, include, stored]);
  const edited = !!settings && !!stored && (Object.keys(settings) as (keyof LetterSettings)[]).some((k) => settings[k] !== stored[k]);
  const saveText = async () => {
    if (!settings) return;
    setStored(await api.setLetterSettings({ settings }));
  };
  const close = () => {
    if (busy) return;
    if (!edited || window.confirm(M.letters.discardText)) onClose();
  };

  const count = preview?.letters.length ?? 0;
  const run = async () => {
    if (!count) return say(preview?.unreviewed ? M.letters.noneReviewed(preview.unreviewed) : M.letters.none, 'error');
    const [g] = await pick('saveLetters');
    if (!g) return;
    if (edited) await saveText();
    setBusy({ done: 0, total: count });
    try {
      let r = await api.exportLetters({ grant: g.id, keys, includeUnreviewed: include });
      if (r.existing.length && r.dir) {
        if (!window.confirm(M.letters.exists(r.existing.length, r.existing[0]!.split(/[\\/]/).pop()!))) return;
        r = await api.exportLetters({ grant: g.id, keys, replace: true, includeUnreviewed: include });
      }
      if (r.dir && r.written) {
        say(M.letters.done(r.written, r.dir));
        onClose();
      }
    } catch (e) {
      say((e as Error).message, 'error');
    } finally {
      setBusy(null);
    }
  };

  const field = (k: keyof LetterSettings, label: string, rows = 1) =>
    settings && (
      <label className="field" key={k}>
        <span className="small muted">{label}</span>
        {rows > 1 ? (
          <textarea rows={rows} value={settings[k]} onChange={(e) => setSettings({ ...settings, [k]: e.target.value })} data-field={k} />
        ) : (
          <input value={settings[k]} onChange={(e) => setSettings({ ...settings, [k]: e.target.value })} data-field={k} />
        )}
      </label>
    );
  const letter = preview?.letters[shownLetter];

  return (
    <div className="modal-back" onClick={close}>
      <div className="modal letters" role="dialog" aria-label={M.letters.title} onClick={(e) => e.stopPropagation()}>
        <h4>{M.letters.title}</h4>
        <fieldset className="scope">
          <legend className="small muted">{M.letters.scope}</legend>
          {current && (
            <label>
              <input type="radio" name="scope" checked={scope === 'one'} onChange={() => setScope('one')} /> {M.letters.scopeOne}
            </label>
          )}
          <label>
            <input type="radio" name="scope" checked={scope === 'shown'} onChange={() => setScope('shown')} /> {M.letters.scopeShown(shown.length)}
          </label>
          <label>
            <input type="radio" name="scope" checked={scope === 'all'} onChange={() => setScope('all')} /> {M.letters.scopeAll(all)}
          </label>
        </fieldset>
        <p className="small" data-testid="letters-count">
          {preview ? M.letters.count(count, include ? 0 : preview.unreviewed) : M.loading}
        </p>
        {!!preview?.unreviewed && (
          <label className="include">
            <input type="checkbox" checked={include} onChange={(e) => setInclude(e.target.checked)} data-testid="letters-include" /> {M.letters.include(preview.unreviewed)}
          </label>
        )}
        <p className="small muted">{M.letters.only}</p>
        <details>
          <summary>{M.letters.settings}</summary>
          {FIELDS.map(([k, label, rows]) => field(k, label, rows))}
          <div className="row end">
            <button disabled={!edited} onClick={() => void saveText().then(() => say(M.storeSaved))}>
              {M.letters.saveSettings}
            </button>
          </div>
        </details>
        {!!count && (
          <details className="preview" data-testid="letters-preview">
            <summary>{M.letters.preview}</summary>
            <label className="row small">
              {M.letters.previewOf}
              <select value={shownLetter} onChange={(e) => setShownLetter(Number(e.target.value))} data-testid="letters-preview-pick">
                {preview!.letters.map((l, i) => (
                  <option key={l.reportKey} value={i}>
                    {`${l.agency} ${l.year ?? ''}${l.reviewed ? '' : M.letters.notReviewedMark}`}
                  </option>
                ))}
              </select>
            </label>
            {letter && (
              <div className="page" data-testid="letters-preview-text">
                {letter.paragraphs.map((p, i) =>
                  p.kind === 'table' ? (
                    <p key={i} className="muted small">
                      {M.letters.previewTable}
                    </p>
                  ) : (
                    <p key={i} className={`p-${p.kind}`}>
                      {p.text}
                    </p>
                  ),
                )}
              </div>
            )}
          </details>
        )}
        {busy && (
          <div className="row" data-testid="letters-progress">
            <progress max={busy.total || 1} value={busy.done} /> {M.letters.progress(busy.done, busy.total)}
          </div>
        )}
        <div className="row end">
          <button onClick={close} disabled={!!busy}>
            {M.cancel}
          </button>
          <button className="primary" onClick={() => void run()} disabled={!!busy || !count} data-testid="letters-run">
            {M.letters.choose}
          </button>
        </div>
      </div>
    </div>
  );
}
