// The team server's schema, as versioned SQL migrations (schema `nianbao` in the round's database).
// Each migration runs once, in order, in one transaction; `nianbao.migrations` records what ran.
// Privileges (roles, grants) are not here: they depend on the database's name and are re-applied
// by every `team init` (see admin.ts).

export interface Migration {
  version: number;
  title: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    title: 'round, auditors, append-only changes, assignments, files',
    sql: `
CREATE TABLE nianbao.round (
  id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  file_limit bigint NOT NULL DEFAULT 67108864 CHECK (file_limit > 0)
);

CREATE TABLE nianbao.auditors (
  role name PRIMARY KEY,
  display text NOT NULL CHECK (length(display) BETWEEN 1 AND 100),
  lead boolean NOT NULL DEFAULT false,
  added_at timestamptz NOT NULL DEFAULT now()
);

-- Every change a person makes, appended. The desk makes the id (idempotent pushes); the server
-- decides who (current_user) and when (its clock) and the order (seq, in commit order).
CREATE SEQUENCE nianbao.change_seq;
CREATE TABLE nianbao.changes (
  seq bigint NOT NULL UNIQUE,
  id text PRIMARY KEY CHECK (id ~ '^[0-9A-Za-z_-]{8,64}$'),
  record text NOT NULL CHECK (length(record) BETWEEN 1 AND 1000),
  base text[] NOT NULL DEFAULT '{}' CHECK (cardinality(base) <= 16),
  author name NOT NULL DEFAULT current_user,
  at timestamptz NOT NULL DEFAULT now(),
  client_at timestamptz,
  body jsonb NOT NULL CHECK (pg_column_size(body) <= 262144)
);
CREATE INDEX changes_record ON nianbao.changes (record);

CREATE FUNCTION nianbao.changes_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.author IS DISTINCT FROM current_user THEN
    RAISE EXCEPTION 'nianbao: a change is written by its own author (%), not as %', current_user, NEW.author
      USING ERRCODE = '42501';
  END IF;
  NEW.at := now();
  -- One writer at a time until commit: seq order is commit order, so a reader that has seen
  -- seq N has seen every change below N (pulling by cursor never skips one).
  PERFORM pg_advisory_xact_lock(72401101);
  NEW.seq := nextval('nianbao.change_seq');
  RETURN NEW;
END $$;
CREATE TRIGGER changes_before_insert BEFORE INSERT ON nianbao.changes
  FOR EACH ROW EXECUTE FUNCTION nianbao.changes_before_insert();

CREATE FUNCTION nianbao.changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'nianbao: the history of changes is append-only (% refused)', TG_OP USING ERRCODE = '42501';
END $$;
CREATE TRIGGER changes_no_update BEFORE UPDATE OR DELETE ON nianbao.changes
  FOR EACH ROW EXECUTE FUNCTION nianbao.changes_append_only();
CREATE TRIGGER changes_no_truncate BEFORE TRUNCATE ON nianbao.changes
  FOR EACH STATEMENT EXECUTE FUNCTION nianbao.changes_append_only();

CREATE FUNCTION nianbao.changes_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE top bigint;
BEGIN
  SELECT max(seq) INTO top FROM inserted;
  IF top IS NOT NULL THEN PERFORM pg_notify('nianbao_changes', top::text); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER changes_notify AFTER INSERT ON nianbao.changes
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION nianbao.changes_notify();

ALTER TABLE nianbao.changes ENABLE ROW LEVEL SECURITY;
CREATE POLICY changes_read ON nianbao.changes FOR SELECT USING (true);
CREATE POLICY changes_own ON nianbao.changes FOR INSERT WITH CHECK (author = current_user);

-- Who reviews what: target is 'agency:<name>' or 'report:<reportKey>'.
CREATE TABLE nianbao.assignments (
  target text PRIMARY KEY CHECK (target ~ '^(agency|report):.+' AND length(target) <= 500),
  role name NOT NULL REFERENCES nianbao.auditors (role),
  author name NOT NULL DEFAULT current_user,
  at timestamptz NOT NULL DEFAULT now()
);

-- The round's report files, once each, by SHA-256.
CREATE TABLE nianbao.files (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
  size bigint NOT NULL,
  bytes bytea NOT NULL,
  added_by name NOT NULL DEFAULT current_user,
  added_at timestamptz NOT NULL DEFAULT now()
);
CREATE FUNCTION nianbao.files_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE lim bigint;
BEGIN
  SELECT file_limit INTO lim FROM nianbao.round;
  IF octet_length(NEW.bytes) <> NEW.size THEN
    RAISE EXCEPTION 'nianbao: file % size % does not match its bytes (%)', NEW.name, NEW.size, octet_length(NEW.bytes);
  END IF;
  IF NEW.size > coalesce(lim, 67108864) THEN
    RAISE EXCEPTION 'nianbao: file % is % bytes, over the round''s limit of %', NEW.name, NEW.size, lim;
  END IF;
  IF encode(sha256(NEW.bytes), 'hex') <> NEW.sha256 THEN
    RAISE EXCEPTION 'nianbao: file % does not have the SHA-256 it claims', NEW.name;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER files_check BEFORE INSERT OR UPDATE ON nianbao.files
  FOR EACH ROW EXECUTE FUNCTION nianbao.files_check();
`,
  },
  {
    version: 2,
    title: 'changes taken in from a review file keep where they came from (a claim, not authority)',
    sql: `
ALTER TABLE nianbao.changes ADD COLUMN claim jsonb
  CHECK (claim IS NULL OR (jsonb_typeof(claim) = 'object' AND pg_column_size(claim) <= 2048));
`,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
