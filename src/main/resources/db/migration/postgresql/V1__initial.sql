-- Rewind's store on PostgreSQL: the same tables as on SQLite. Times are fixed-width UTC text, so ordering by
-- the column is ordering by time on both engines; JSON is text (castable to jsonb).
CREATE TABLE journal (
  rollback_id TEXT NOT NULL, seq BIGINT NOT NULL, begins BIGINT, attempt INTEGER NOT NULL,
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
  id BIGSERIAL PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  target TEXT, detail TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE OR REPLACE FUNCTION rewind_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END $$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION rewind_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION rewind_append_only();
