// 反馈意见书: choose which reports (this one, those the queue shows, the whole round), edit the letter's
// fixed text, choose a folder, write one DOCX per agency and year with progress; never overwrite
// without asking.
import './letters.css';
import { useEffect, useState } from 'react';
import type { LetterSettings } from '../../../core/letters';
import { api } from '../shared/api';
import { pick } from '../chooser';
import { M } from '../shared/messages';

type Scope = 'one' | 'shown' | 'all';

export function Letters({ current, shown, all, onClose, say }: { current: string | null; shown: string[]; all: number; onClose: () => void; say: (t: string, level?: 'info' | 'error') => void }) {
  const [scope, setScope] = useState<Scope>(current ? 'one' : 'shown');
  const [settings, setSettings] = useState<LetterSettings | null>(null);
  // The text as stored: edits not yet saved are saved before the letters are written (they are what
  // the auditor sees), and are not dropped by closing without a word.
  const [stored, setStored] = useState<LetterSettings | null>(null);
  const [busy, setBusy] = useState<{ done: number; total: number } | null>(null);
  useEffect(() => {
    void api.getLetterSettings({}).then((s) => (setSettings(s), setStored(s)));
    return api.on('exportProgress', (p) => p.what === 'letters' && setBusy({ done: p.done, total: p.total }));
  }, []);
  const keys = scope === 'one' ? (current ? [current] : []) : scope === 'shown' ? shown : null;
  const edited = !!settings && !!stored && (Object.keys(settings) as (keyof LetterSettings)[]).some((k) => settings[k] !== stored[k]);
  const saveText = async () => {
    if (!settings) return;
    setStored(await api.setLetterSettings({ settings }));
  };
  const close = () => {
    if (busy) return;
    if (!edited || window.confirm(M.letters.discardText)) onClose();
  };

  const run = async () => {
    if (keys && !keys.length) return say(M.letters.none, 'error');
    const [g] = await pick('saveLetters');
    if (!g) return;
    if (edited) await saveText();
    setBusy({ done: 0, total: keys?.length ?? all });
    try {
      let r = await api.exportLetters({ grant: g.id, keys });
      if (r.existing.length && r.dir) {
        if (!window.confirm(M.letters.exists(r.existing.length, r.existing[0]!.split(/[\\/]/).pop()!))) return;
        r = await api.exportLetters({ grant: g.id, keys, replace: true });
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
      <label className="field">
        <span className="small muted">{label}</span>
        {rows > 1 ? (
          <textarea rows={rows} value={settings[k]} onChange={(e) => setSettings({ ...settings, [k]: e.target.value })} />
        ) : (
          <input value={settings[k]} onChange={(e) => setSettings({ ...settings, [k]: e.target.value })} />
        )}
      </label>
    );

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
        <p className="small muted">{M.letters.only}</p>
        <details>
          <summary>{M.letters.settings}</summary>
          {field('issuer', M.letters.issuer)}
          {field('salutation', M.letters.salutation)}
          {field('opening', M.letters.opening, 4)}
          {field('closing', M.letters.closing, 2)}
          <div className="row end">
            <button disabled={!edited} onClick={() => void saveText().then(() => say(M.storeSaved))}>
              {M.letters.saveSettings}
            </button>
          </div>
        </details>
        {busy && (
          <div className="row" data-testid="letters-progress">
            <progress max={busy.total || 1} value={busy.done} /> {M.letters.progress(busy.done, busy.total)}
          </div>
        )}
        <div className="row end">
          <button onClick={close} disabled={!!busy}>
            {M.cancel}
          </button>
          <button className="primary" onClick={() => void run()} disabled={!!busy} data-testid="letters-run">
            {M.letters.choose}
          </button>
        </div>
      </div>
    </div>
  );
}
