-- Replicas and resume (see the PostgreSQL migration of the same version). On SQLite the leases keep two processes
-- on one file (a server and a 'rewind rollback', or '--resume' while the first run still lives) from running one
-- rollback twice; times come from the process clock.
CREATE TABLE leases (
  name TEXT PRIMARY KEY, owner TEXT, token BIGINT NOT NULL DEFAULT 0, acquired_at TEXT, expires_at TEXT);
CREATE TABLE replicas (
  id TEXT PRIMARY KEY, started_at TEXT NOT NULL, seen_at TEXT NOT NULL, expires_at TEXT NOT NULL, address TEXT);
-- What a rollback needs to be resumed by another process (its case, beyond the history row), and an abort asked for
-- on a replica that does not run it.
ALTER TABLE rollbacks ADD COLUMN resume_state TEXT;
ALTER TABLE rollbacks ADD COLUMN abort_requested TEXT;
