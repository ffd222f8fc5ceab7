// The team line's password never sits in the review store (snapshot, backups, journal), review files
// or exports: it is kept in a file of its own (mode 0600), sealed where the system offers a cipher.
import { describe, expect, it } from 'vitest';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppService } from '../../src/services/app/index.js';
import { ReviewStore } from '../../src/services/store/index.js';
import { addAuditor, initRound } from '../../src/services/team/admin.js';
import { TeamSecrets, type SecretCipher } from '../../src/services/team/secrets.js';
import { SEEDS } from '../helpers/engine.js';
import { freshDb, pgSkipReason } from '../helpers/pg.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'nianbao-team-secrets-'));

/** Every file of the store's folder (snapshot, backups, journals), as text. */
const storeFiles = (dir: string) => readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => ({ name: e.name, text: readFileSync(join(dir, e.name), 'latin1') }));

async function until(what: () => boolean, ms: number): Promise<void> {
  const t0 = Date.now();
  while (!what()) {
    if (Date.now() - t0 > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(!!pgSkipReason)('the team line’s password', () => {
  it('after connecting, the store, its backups and journals, and the review-file export hold no password; the desk reconnects from the secrets file', async () => {
    const url = await freshDb('nb_secret');
    await initRound(url);
    const la = await addAuditor(url, '张三');
    const password = decodeURIComponent(new URL(la.line).password);
    const dir = tmp();
    const secrets = new TeamSecrets(join(tmp(), 'team-secrets.json'));
    const app = new AppService({ storePath: join(dir, 'review.json'), auditor: '张三', files: [SEEDS.weihui], teamSecrets: secrets });
    await app.init();
    await app.setTeam({ line: la.line });
    await until(() => app.getTeam({}).state === 'synced', 10_000);
    const key = app.getWorkspace().items[0]!.key;
    const f = app.getReport({ key }).findings[0]!;
    app.setDecision({ key, fingerprint: f.fingerprint, rule: f.rule as never, verdict: 'confirmed' });
    const exported = join(dir, 'export.json');
    await app.exportReview({ path: exported });
    await app.close();
    for (const x of storeFiles(dir)) expect(x.text.includes(password), x.name).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'review.json'), 'utf8')).settings.teamUrl).toBe(la.line.replace(`:${password}@`, '@'));
    expect(readFileSync(secrets.path, 'utf8')).toContain(password);
    if (process.platform !== 'win32') expect(statSync(secrets.path).mode & 0o777).toBe(0o600);
    // Reopened: the line is whole again from the secrets file.
    const again = new AppService({ storePath: join(dir, 'review.json'), auditor: '张三', files: [SEEDS.weihui], teamSecrets: secrets });
    await again.init();
    await until(() => again.getTeam({}).state === 'synced', 10_000);
    // Disconnecting forgets the password.
    await again.setTeam({ line: null });
    expect(readFileSync(secrets.path, 'utf8')).not.toContain(password);
    await again.close();
  });

  it('a store written with the whole line (an earlier version) is migrated on open: no copy of the password left in the store’s files', async () => {
    const url = await freshDb('nb_secret2');
    await initRound(url);
    const la = await addAuditor(url, '张三');
    const password = decodeURIComponent(new URL(la.line).password);
    const dir = tmp();
    const storePath = join(dir, 'review.json');
    const { store } = await ReviewStore.open(storePath, { auditor: '张三' });
    store.setSetting('teamUrl', la.line);
    for (let i = 0; i < 3; i++) {
      store.setSetting('rubricId', `r${i}`);
      await store.snapshot();
    }
    store.setSetting('rubricId', 'default');
    await store.close();
    expect(storeFiles(dir).filter((x) => x.text.includes(password)).length).toBeGreaterThan(1);
    const secrets = new TeamSecrets(join(tmp(), 'team-secrets.json'));
    const app = new AppService({ storePath, auditor: '张三', files: [SEEDS.weihui], teamSecrets: secrets });
    await app.init();
    for (const x of storeFiles(dir)) expect(x.text.includes(password), x.name).toBe(false);
    expect(secrets.get(app.getTeam({}).server!)).toBe(password);
    await until(() => app.getTeam({}).state === 'synced', 10_000);
    await app.close();
    for (const x of storeFiles(dir)) expect(x.text.includes(password), x.name).toBe(false);
  });
});

describe('secrets file', () => {
  it('sealed by a cipher (as Electron’s safeStorage does), the file holds no password, and a desk without the cipher cannot read it', () => {
    const key = randomBytes(32);
    const cipher: SecretCipher = {
      encrypt: (t) => {
        const iv = randomBytes(16);
        const c = createCipheriv('aes-256-cbc', key, iv);
        return Buffer.concat([iv, c.update(t, 'utf8'), c.final()]);
      },
      decrypt: (b) => {
        const d = createDecipheriv('aes-256-cbc', key, b.subarray(0, 16));
        return Buffer.concat([d.update(b.subarray(16)), d.final()]).toString('utf8');
      },
    };
    const path = join(tmp(), 'sub', 'team-secrets.json');
    const sealed = new TeamSecrets(path, cipher);
    sealed.set('zhang@db:5432/round', 'pa%ss:wörd');
    expect(readFileSync(path, 'utf8')).not.toContain('pa%ss');
    expect(sealed.get('zhang@db:5432/round')).toBe('pa%ss:wörd');
    expect(sealed.lineFor('postgres://zhang@db:5432/round')).toBe('postgres://zhang:pa%25ss%3Aw%C3%B6rd@db:5432/round');
    expect(new TeamSecrets(path).get('zhang@db:5432/round')).toBeNull();
  });
});
