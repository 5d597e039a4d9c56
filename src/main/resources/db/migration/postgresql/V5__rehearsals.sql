-- Rollback plan rehearsals (seed 004): a plan as code run for real against a staging environment, measured phase by
-- phase, so that level 3 and 4 plans can require a recent passing one. Times are UTC text like every other table's.
CREATE TABLE rehearsals (
  id TEXT PRIMARY KEY, operation_id TEXT NOT NULL, plan_name TEXT NOT NULL, plan_file TEXT NOT NULL, plan_sha256 TEXT NOT NULL,
  environment TEXT NOT NULL, scenario TEXT, rollback_id TEXT, started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
  status TEXT NOT NULL, passed INTEGER NOT NULL, took_ms BIGINT NOT NULL, estimate_ms BIGINT NOT NULL, sla_ms BIGINT NOT NULL,
  accuracy DOUBLE PRECISION NOT NULL, phases TEXT NOT NULL, actor TEXT);
CREATE INDEX rehearsals_operation ON rehearsals (operation_id, finished_at);
