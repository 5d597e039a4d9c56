-- Replicas: several servers on one PostgreSQL. A lease names what one replica owns for a while (a service in an
-- environment, or one rollback's execution); its token grows by one at every change of hands, so a writer holding an
-- older token is refused (fencing). Times are the database's clock, in the same fixed-width text as elsewhere.
CREATE TABLE leases (
  name TEXT PRIMARY KEY, owner TEXT, token BIGINT NOT NULL DEFAULT 0, acquired_at TEXT, expires_at TEXT);
CREATE TABLE replicas (
  id TEXT PRIMARY KEY, started_at TEXT NOT NULL, seen_at TEXT NOT NULL, expires_at TEXT NOT NULL, address TEXT);
-- What a rollback needs to be resumed by another process (its case, beyond the history row), and an abort asked for
-- on a replica that does not run it.
ALTER TABLE rollbacks ADD COLUMN resume_state TEXT;
ALTER TABLE rollbacks ADD COLUMN abort_requested TEXT;
