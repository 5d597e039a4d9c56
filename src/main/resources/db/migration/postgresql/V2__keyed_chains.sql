-- See the SQLite migration of the same version: keyed audit chain, journal chains, insertion order.
ALTER TABLE audit ADD COLUMN scheme TEXT NOT NULL DEFAULT 'sha256';
ALTER TABLE journal ADD COLUMN prev_hash TEXT;
ALTER TABLE journal ADD COLUMN hash TEXT;
CREATE SEQUENCE rewind_row_order;
ALTER TABLE releases ADD COLUMN row_id BIGINT NOT NULL DEFAULT nextval('rewind_row_order');
ALTER TABLE rollbacks ADD COLUMN row_id BIGINT NOT NULL DEFAULT nextval('rewind_row_order');
CREATE TRIGGER journal_append_only BEFORE UPDATE OR DELETE ON journal FOR EACH ROW EXECUTE FUNCTION rewind_append_only();
CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON journal FOR EACH STATEMENT EXECUTE FUNCTION rewind_append_only();
