// The team connection line's password, kept out of the review store (and so out of its backups,
// review files and exports): the store keeps the line without it; the password lives in a file of
// its own in the user's config/data folder, written atomically with mode 0600, keyed by where the
// line points (role@host:port/db). In Electron the main process gives a cipher (safeStorage): the
// file then holds only what the system's keychain can open. No Electron here.

import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { describeUrl } from './db.js';

/** Encrypts with the operating system's keychain (Electron's safeStorage, behind this seam). */
export interface SecretCipher {
  encrypt(text: string): Buffer;
  decrypt(sealed: Buffer): string;
}

interface SecretFile {
  kind: 'nianbao-team-secrets';
  /** Entries are base64 of the cipher's output (else the plain password). */
  sealed: boolean;
  entries: Record<string, string>;
}

/** A team line split into what the store may keep and its password. */
export function splitLine(url: string): { line: string; key: string; password: string } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { line: u.href, key: describeUrl(u.href), password };
}

export class TeamSecrets {
  constructor(
    readonly path: string,
    private readonly cipher?: SecretCipher,
  ) {}

  private read(): SecretFile {
    try {
      const f = JSON.parse(readFileSync(this.path, 'utf8')) as SecretFile;
      if (f && f.kind === 'nianbao-team-secrets' && f.entries && typeof f.entries === 'object') return f;
    } catch {
      /* none yet, or unreadable: start empty */
    }
    return { kind: 'nianbao-team-secrets', sealed: !!this.cipher, entries: {} };
  }

  private write(f: SecretFile): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(f));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      chmodSync(tmp, 0o600);
      renameSync(tmp, this.path);
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {
        /* gone */
      }
      throw e;
    }
  }

  get(key: string): string | null {
    const f = this.read();
    const v = f.entries[key];
    if (v === undefined) return null;
    if (!f.sealed) return v;
    if (!this.cipher) return null; // sealed by the desktop app: this process cannot open it
    try {
      return this.cipher.decrypt(Buffer.from(v, 'base64'));
    } catch {
      return null;
    }
  }

  set(key: string, password: string | null): void {
    const f = this.read();
    // A file sealed by one kind of desk and written by another: re-seal what can be read.
    const sealed = !!this.cipher;
    const entries: Record<string, string> = {};
    for (const k of Object.keys(f.entries)) {
      if (k === key) continue;
      if (f.sealed === sealed) entries[k] = f.entries[k]!;
      else {
        const plain = f.sealed ? null : f.entries[k]!;
        if (plain !== null) entries[k] = sealed ? this.cipher!.encrypt(plain).toString('base64') : plain;
      }
    }
    if (password) entries[key] = sealed ? this.cipher!.encrypt(password).toString('base64') : password;
    this.write({ kind: 'nianbao-team-secrets', sealed, entries });
  }

  /** The full line to connect with: the stored line and its password. */
  lineFor(stored: string): string {
    try {
      const u = new URL(stored);
      if (u.password) return stored;
      const pw = this.get(describeUrl(stored));
      if (pw) u.password = encodeURIComponent(pw);
      return u.href;
    } catch {
      return stored;
    }
  }
}
