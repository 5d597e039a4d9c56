-- Rewind's store as it was before Flyway (a store made by an earlier Rewind is baselined at this version).
CREATE TABLE journal (
  rollback_id TEXT NOT NULL, seq INTEGER NOT NULL, begins INTEGER, attempt INTEGER NOT NULL,
  phase TEXT, step_id TEXT, action TEXT NOT NULL, state TEXT NOT NULL, detail TEXT, data TEXT,
  at TEXT NOT NULL, PRIMARY KEY (rollback_id, seq));
CREATE TABLE rollbacks (
  id TEXT PRIMARY KEY, service TEXT NOT NULL, environment TEXT NOT NULL, from_version TEXT,
  to_version TEXT, status TEXT NOT NULL, reason TEXT, actor TEXT, trigger_name TEXT,
  started_at TEXT NOT NULL, finished_at TEXT, result TEXT, report_path TEXT);
CREATE INDEX rollbacks_started ON rollbacks (started_at);
CREATE TABLE releases (
  service TEXT NOT NULL, environment TEXT NOT NULL, version TEXT NOT NULL, status TEXT NOT NULL,
  deployed_at TEXT NOT NULL, previous_version TEXT, feature_flag TEXT, changes TEXT,
  PRIMARY KEY (service, environment, version));
CREATE TABLE audit (
  id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  target TEXT, detail TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: UPDATE refused'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: DELETE refused'); END;
