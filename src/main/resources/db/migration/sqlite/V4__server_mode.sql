-- Server mode: releases arrive through the API (single or batched), are watched until their watch ends,
-- incidents gather findings per service, rollbacks may wait for approval, API tokens are kept as hashes,
-- and auto-rollback can be switched off per service for planned risky deployments.
ALTER TABLE releases ADD COLUMN batch_id TEXT;
ALTER TABLE releases ADD COLUMN watch_until TEXT;
ALTER TABLE releases ADD COLUMN registered_by TEXT;
ALTER TABLE releases ADD COLUMN point_of_no_return TEXT;
CREATE TABLE batches (
  id TEXT PRIMARY KEY, environment TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT, members TEXT NOT NULL);
CREATE TABLE incidents (
  id TEXT PRIMARY KEY, service TEXT NOT NULL, environment TEXT NOT NULL, version TEXT NOT NULL, opened_at TEXT NOT NULL,
  updated_at TEXT NOT NULL, closed_at TEXT, status TEXT NOT NULL, decision TEXT, findings TEXT, rollback_id TEXT);
CREATE INDEX incidents_open ON incidents (service, environment, status);
ALTER TABLE rollbacks ADD COLUMN incident_id TEXT;
ALTER TABLE rollbacks ADD COLUMN batch_id TEXT;
ALTER TABLE rollbacks ADD COLUMN plan TEXT;
ALTER TABLE rollbacks ADD COLUMN approval TEXT;
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL,
  created_by TEXT, revoked_at TEXT, last_used_at TEXT);
CREATE TABLE auto_rollback (
  service TEXT PRIMARY KEY, enabled INTEGER NOT NULL, reason TEXT, actor TEXT, set_at TEXT NOT NULL, expires_at TEXT);
