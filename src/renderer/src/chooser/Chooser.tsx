// Choosing files and folders. The renderer never names a path to the app: `pick` asks the app
// (`choose`); Electron answers with a native dialog's grants, the browser desk with where its own
// chooser starts, and this dialog then lists folders (`browse`) and hands the choice back for
// grants (`grantChosen`). Replacing an existing file is confirmed here first.
import './chooser.css';
import { useEffect, useRef, useState } from 'react';
import type { BrowseView, ChooserStart, GrantInfo, Purpose } from '../../../ipc/contract';
import { api } from '../shared/api';
import { M } from '../shared/messages';

interface Request {
  purpose: Purpose;
  start: ChooserStart;
  resolve: (g: GrantInfo[]) => void;
}

let show: ((r: Request) => void) | null = null;

/** Ask the user for files, a folder or a save target; resolves with grants ([] when cancelled). */
export async function pick(purpose: Purpose): Promise<GrantInfo[]> {
  const r = await api.choose({ purpose });
  if (r.native || !r.start) return r.grants;
  const start = r.start;
  return new Promise((resolve) => {
    if (!show) throw new Error('chooser not mounted');
    show({ purpose, start, resolve });
  });
}

const isSave = (p: Purpose) => (p.startsWith('save') && p !== 'saveLetters') || p === 'moveStore';
/** Purposes that choose a folder (the one shown) rather than a file. */
const isFolder = (p: Purpose) => p === 'openFolder' || p === 'saveLetters';
const size = (n: number) => (n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1048576).toFixed(1)} MB`);

export function ChooserHost() {
  const [req, setReq] = useState<Request | null>(null);
  useEffect(() => {
    show = setReq;
    return () => {
      show = null;
    };
  }, []);
  if (!req) return null;
  const done = (g: GrantInfo[]) => {
    req.resolve(g);
    setReq(null);
  };
  return <Chooser key={`${req.purpose}-${req.start.dir}`} req={req} done={done} />;
}

function Chooser({ req, done }: { req: Request; done: (g: GrantInfo[]) => void }) {
  const { purpose, start } = req;
  const save = isSave(purpose);
  const [listing, setListing] = useState<BrowseView | null>(null);
  const [pathText, setPathText] = useState(start.dir);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [name, setName] = useState(start.suggestedName);
  const [confirm, setConfirm] = useState<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const seq = useRef(0);

  const go = async (dir: string) => {
    const n = ++seq.current;
    setBusy(true);
    try {
      const v = await api.browse({ purpose, dir });
      if (n !== seq.current) return; // a later navigation wins
      setListing(v);
      setPathText(v.dir);
      setSelected([]);
      setError(null);
      listRef.current?.scrollTo(0, 0);
    } catch (e) {
      if (n === seq.current) setError((e as Error).message);
    } finally {
      if (n === seq.current) setBusy(false);
    }
  };
  useEffect(() => {
    void go(start.dir);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const grant = async (paths: string[], overwrite = false) => {
    setBusy(true);
    try {
      const r = await api.grantChosen({ purpose, paths, overwrite });
      if (r.exists) setConfirm(r.exists);
      else done(r.grants);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const sep = listing?.dir.includes('\\') && !listing.dir.includes('/') ? '\\' : '/';
  const target = () => (listing ? `${listing.dir.replace(/[\\/]+$/, '')}${sep}${name.trim()}` : name.trim());

  const onEntry = (e: BrowseView['entries'][number]) => {
    if (e.kind === 'folder') return void go(e.path);
    if (save) return setName(e.name);
    if (purpose === 'openFiles') setSelected((s) => (s.includes(e.path) ? s.filter((x) => x !== e.path) : [...s, e.path]));
    else setSelected([e.path]);
  };

  return (
    <div className="modal-back" onClick={() => done([])}>
      <div
        className="modal chooser"
        role="dialog"
        aria-label={M.chooser.title[purpose]}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') done([]);
        }}
        data-testid="chooser"
      >
        <h4>{M.chooser.title[purpose]}</h4>
        <div className="muted small">{M.chooser.hint[purpose]}</div>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void go(pathText);
          }}
        >
          <label className="small muted" htmlFor="chooser-path">
            {M.chooser.path}
          </label>
          <input id="chooser-path" autoFocus={!save} value={pathText} onChange={(e) => {
              // Typing a place cancels a listing still on its way (it would replace the typed text).
              seq.current++;
              setBusy(false);
              setPathText(e.target.value);
            }} aria-label={M.chooser.path} style={{ flex: 1 }} spellCheck={false} />
          <button type="submit">{M.chooser.go}</button>
          <button type="button" disabled={!listing?.parent} onClick={() => listing?.parent && void go(listing.parent)}>
            {M.chooser.up}
          </button>
        </form>
        <div className="chooser-body">
          <nav className="chooser-places" aria-label={M.chooser.places}>
            {start.places.map((p) => (
              <button key={p.path} className="link" title={p.path} onClick={() => void go(p.path)}>
                {p.label}
              </button>
            ))}
          </nav>
          <ul className="chooser-list" ref={listRef} aria-busy={busy}>
            {!listing && busy && <li className="muted">{M.chooser.loading}</li>}
            {listing && listing.entries.length === 0 && <li className="muted">{M.chooser.empty}</li>}
            {listing?.entries.map((e) => (
              <li key={e.path}>
                <button className={`chooser-entry ${e.kind}${selected.includes(e.path) ? ' on' : ''}`} onClick={() => onEntry(e)}
                  onDoubleClick={() => e.kind === 'file' && !save && !isFolder(purpose) && void grant([e.path])}
                  disabled={e.kind === 'file' && isFolder(purpose)} title={e.path} aria-pressed={e.kind === 'file' ? selected.includes(e.path) : undefined}>
                  <span className={`icon ${e.kind === 'folder' ? 'folder' : purpose === 'openFiles' ? 'check' : 'doc'}`} aria-hidden="true" />
                  <span className="name">{e.name}</span>
                  {e.kind === 'file' && (
                    <span className="muted small">
                      {size(e.size)} · {e.mtime.slice(0, 10)}
                    </span>
                  )}
                </button>
              </li>
            ))}
            {listing?.truncated && <li className="muted small">{M.chooser.truncated}</li>}
            {purpose === 'openFolder' && listing && (
              <li className="muted small chooser-count">{M.chooser.reportsHere(listing.entries.filter((e) => e.kind === 'file').length)}</li>
            )}
          </ul>
        </div>
        {error && (
          <div className="chooser-error" role="alert">
            {error}
          </div>
        )}
        {confirm ? (
          <div className="chooser-confirm" role="alertdialog">
            <span>{M.chooser.exists(confirm)}</span>
            <div className="row end">
              <button onClick={() => setConfirm(null)}>{M.cancel}</button>
              <button className="primary danger" onClick={() => (setConfirm(null), void grant([confirm], true))}>
                {M.chooser.replace}
              </button>
            </div>
          </div>
        ) : (
          <div className="row end">
            {save && (
              <>
                <label className="small muted" htmlFor="chooser-name">
                  {M.chooser.fileName}
                </label>
                <input
                  autoFocus
                  id="chooser-name"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  onKeyDown={(e) => e.key === 'Enter' && name.trim() && listing && void grant([target()])} aria-label={M.chooser.fileName} style={{ flex: 1 }} spellCheck={false} />
              </>
            )}
            <span className="grow" />
            <button onClick={() => done([])}>{M.cancel}</button>
            {save && (
              <button className="primary" disabled={busy || !listing || !name.trim()} onClick={() => void grant([target()])}>
                {M.chooser.save}
              </button>
            )}
            {(purpose === 'openFolder' || purpose === 'openFiles') && (
              <button className={purpose === 'openFolder' ? 'primary' : ''} disabled={busy || !listing} onClick={() => listing && void grant([listing.dir])}>
                {M.chooser.openThisFolder}
              </button>
            )}
            {purpose === 'saveLetters' && (
              <button className="primary" disabled={busy || !listing} onClick={() => listing && void grant([listing.dir])} data-testid="chooser-this-folder">
                {M.chooser.saveHere}
              </button>
            )}
            {purpose === 'openFiles' && (
              <button className="primary" disabled={busy || !selected.length} onClick={() => void grant(selected)}>
                {M.chooser.openSelected(selected.length)}
              </button>
            )}
            {(purpose === 'openReview' || purpose === 'openRubric') && (
              <button className="primary" disabled={busy || !selected.length} onClick={() => void grant(selected)}>
                {M.chooser.open}
              </button>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
