// Paths are granted, not sent: every channel that reads or writes a file takes a grant the app
// handed out for the user's choice, and refuses anything else (dispatch, as Electron's IPC runs it).
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AppService } from '../../src/services/app/index.js';
import { CallError, dispatch } from '../../src/services/dispatch.js';
import { CHANNELS, contract, type Purpose } from '../../src/ipc/contract.js';
import { SEEDS } from '../helpers/engine.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'nianbao-grants-'));

async function service(opts: Partial<ConstructorParameters<typeof AppService>[0]> = {}) {
  const dir = tmp();
  const app = new AppService({ storePath: join(dir, 'review.json'), auditor: '甲', files: [SEEDS.dehui], ...opts });
  await app.init();
  return { app, dir };
}

/** The file channels and the argument each takes; a new channel with a path-like field fails the first test. */
const FILE_CHANNELS: Record<string, Record<string, unknown>> = {
  openGranted: { grants: ['GRANT'] },
  exportWorkbook: { grant: 'GRANT' },
  exportReview: { grant: 'GRANT' },
  importReview: { grant: 'GRANT' },
  exportRubric: { grant: 'GRANT' },
  importRubric: { grant: 'GRANT' },
  relocateStore: { grant: 'GRANT' },
  exportLetters: { grant: 'GRANT', keys: null },
};
const fill = (args: Record<string, unknown>, id: string) => JSON.parse(JSON.stringify(args).replaceAll('GRANT', id));

async function refused(p: Promise<unknown>, code: CallError['code']) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(CallError);
  expect((e as CallError).code).toBe(code);
  return e as CallError;
}

describe('grants', () => {
  it('the contract names no paths: file channels take grants; only the browser chooser takes typed paths', () => {
    const pathy = /^(path|paths|file|files|dir|folder|target|url)$/;
    for (const c of CHANNELS) {
      const shape = (contract[c].args as unknown as { shape: Record<string, unknown> }).shape;
      const keys = Object.keys(shape);
      if (keys.includes('grant') || keys.includes('grants')) expect(Object.keys(FILE_CHANNELS)).toContain(c);
      if (c === 'browse' || c === 'grantChosen') continue;
      expect(keys.filter((k) => pathy.test(k)), c).toEqual([]);
    }
    expect(CHANNELS).not.toContain('openExternal');
    expect(CHANNELS).not.toContain('importPaths');
  });

  it('every file channel refuses a path, an unknown grant, and a grant for another purpose; nothing is read or written', async () => {
    const { app, dir } = await service();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'SECRET-LINE\n');
    const other = join(dir, 'other.json');
    const before = readdirSync(dir).sort();
    for (const [c, args] of Object.entries(FILE_CHANNELS)) {
      // A path in place of a grant: not even valid arguments.
      await refused(dispatch(app, c, { path: victim }), 'BAD_ARGS');
      await refused(dispatch(app, c, { paths: [victim] }), 'BAD_ARGS');
      await refused(dispatch(app, c, fill(args, victim)), 'BAD_ARGS');
      // A well-formed id that was never handed out.
      await refused(dispatch(app, c, fill(args, 'g_' + 'A'.repeat(24))), 'NOT_GRANTED');
      // A real grant, but for a different purpose (a file opened for reading used as an export target, and so on).
      const wrong: Purpose = c === 'openGranted' || c.startsWith('import') ? 'saveWorkbook' : 'openFiles';
      const g = app.grants.grant(wrong.startsWith('save') ? other : victim, wrong);
      const e = await refused(dispatch(app, c, fill(args, g.id)), 'NOT_GRANTED');
      expect(e.message).toMatch(/用途不对/);
    }
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(readFileSync(victim, 'utf8')).toBe('SECRET-LINE\n');
    await app.close();
  });

  it('where native dialogs exist (Electron) the in-page chooser is refused; choose answers with grants', async () => {
    const dir = tmp();
    const target = join(dir, 'out.xlsx');
    const asked: string[] = [];
    const { app } = await service({ dialogs: { choose: async (purpose, name) => (asked.push(`${purpose}:${name}`), purpose === 'saveWorkbook' ? [target] : []) } });
    await refused(dispatch(app, 'browse', { purpose: 'openFiles', dir: '/' }), 'FAILED');
    await refused(dispatch(app, 'grantChosen', { purpose: 'saveReview', paths: [join(dir, 'x.json')] }), 'FAILED');
    const r = (await dispatch(app, 'choose', { purpose: 'saveWorkbook' })) as { native: boolean; grants: { id: string; path: string }[] };
    expect(r.native).toBe(true);
    expect(r.grants.map((g) => g.path)).toEqual([target]);
    expect(asked[0]).toMatch(/^saveWorkbook:年报评审表-\d{4}-\d\d-\d\d\.xlsx$/);
    expect(await dispatch(app, 'exportWorkbook', { grant: r.grants[0]!.id })).toEqual({ path: target });
    expect(existsSync(target)).toBe(true);
    // A write grant is for one write.
    await refused(dispatch(app, 'exportWorkbook', { grant: r.grants[0]!.id }), 'NOT_GRANTED');
    await app.close();
  });

  it('the browser chooser lists folders, grants what was chosen, and asks before replacing a file', async () => {
    const { app } = await service();
    const dir = tmp();
    writeFileSync(join(dir, 'a.json'), '{}');
    writeFileSync(join(dir, 'b.pdf'), '%PDF');
    const start = (await dispatch(app, 'choose', { purpose: 'saveReview' })) as { native: boolean; start: { dir: string; places: { path: string }[]; suggestedName: string } };
    expect(start.native).toBe(false);
    expect(start.start.places.map((p) => p.path)).toContain(join(SEEDS.dehui, '..'));
    expect(start.start.suggestedName).toMatch(/^审核数据-甲-.*\.json$/);
    const list = (await dispatch(app, 'browse', { purpose: 'saveReview', dir })) as { entries: { name: string }[] };
    expect(list.entries.map((e) => e.name)).toEqual(['a.json']); // only the files that fit the purpose
    await refused(dispatch(app, 'browse', { purpose: 'openFiles', dir: join(dir, 'nope') }), 'FAILED');
    await expect(dispatch(app, 'browse', { purpose: 'openFiles', dir: 'relative/dir' })).rejects.toThrow(/完整路径/);

    // An existing file: not granted until the user confirms replacing it.
    const ask = (await dispatch(app, 'grantChosen', { purpose: 'saveReview', paths: [join(dir, 'a.json')] })) as { grants: unknown[]; exists?: string };
    expect(ask).toEqual({ grants: [], exists: join(dir, 'a.json') });
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('{}');
    const ok = (await dispatch(app, 'grantChosen', { purpose: 'saveReview', paths: [join(dir, 'a.json')], overwrite: true })) as { grants: { id: string }[] };
    expect(await dispatch(app, 'exportReview', { grant: ok.grants[0]!.id })).toEqual({ path: join(dir, 'a.json') });
    expect(JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'))).toHaveProperty('decisions');

    // A new name gets its extension; a grant without confirmation never replaces a file that appeared since.
    const fresh = (await dispatch(app, 'grantChosen', { purpose: 'saveRubric', paths: [join(dir, '评分表')] })) as { grants: { id: string; path: string }[] };
    expect(fresh.grants[0]!.path).toBe(join(dir, '评分表.json'));
    writeFileSync(join(dir, '评分表.json'), 'MINE');
    expect(await dispatch(app, 'exportRubric', { grant: fresh.grants[0]!.id })).toEqual({ path: join(dir, '评分表.json'), exists: true });
    expect(readFileSync(join(dir, '评分表.json'), 'utf8')).toBe('MINE');

    // The store is never moved onto an existing file.
    await expect(dispatch(app, 'grantChosen', { purpose: 'moveStore', paths: [join(dir, 'a.json')], overwrite: true })).rejects.toThrow(/已存在/);
    await app.close();
  });

  it('an imported file that is not JSON is refused without echoing its content', async () => {
    const { app, dir } = await service();
    const secret = join(dir, 'bashrc');
    writeFileSync(secret, 'export TOKEN=SECRET-LINE\n');
    const g = ((await dispatch(app, 'grantChosen', { purpose: 'openReview', paths: [secret] })) as { grants: { id: string }[] }).grants[0]!;
    const e = await refused(dispatch(app, 'importReview', { grant: g.id }), 'FAILED');
    expect(e.message).toMatch(/不是审核交换文件/);
    expect(e.message).not.toMatch(/SECRET|TOKEN/);
    await app.close();
  });

  it('a dropped (uploaded) file is written to the uploads folder and granted for import', async () => {
    const dir = tmp();
    const { app } = await service({ uploadsDir: join(dir, 'uploads') });
    const g = await app.acceptUpload('../../evil/德惠.txt', Readable.from([readFileSync(SEEDS.dehui)]));
    expect(g.path.startsWith(join(dir, 'uploads'))).toBe(true);
    expect(g.name).toBe('德惠.txt');
    expect(readFileSync(g.path)).toEqual(readFileSync(SEEDS.dehui));
    expect(await dispatch(app, 'openGranted', { grants: [g.id] })).toEqual({ started: true });
    await app.close();
  });
});
