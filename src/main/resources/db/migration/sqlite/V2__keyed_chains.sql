-- The audit chain becomes an HMAC keyed outside the database, and the journal gets a chain of its own per rollback.
-- Rows written before this version keep their plain SHA-256 links ('sha256'); new rows are 'hmac-sha256'.
ALTER TABLE audit ADD COLUMN scheme TEXT NOT NULL DEFAULT 'sha256';
ALTER TABLE journal ADD COLUMN prev_hash TEXT;
ALTER TABLE journal ADD COLUMN hash TEXT;
-- the journal is append-only too: a step's outcome is a new row, never an edit of the row that began it
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only: UPDATE refused'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only: DELETE refused'); END;
