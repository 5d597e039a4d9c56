-- Canaries in server mode: the share of traffic a release serves (1..100). Below 100 the previous version serves the
-- rest, and its counts over the same time are the control of the sequential tests; every release before this
-- version ran alone, at 100.
ALTER TABLE releases ADD COLUMN traffic_percent INTEGER NOT NULL DEFAULT 100;
