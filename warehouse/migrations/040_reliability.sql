-- Reliability (issue 15): where a reject happened and for which source; what was repaired in
-- an article without rejecting it; when a run that died was noticed.
ALTER TABLE rejects ADD COLUMN stage VARCHAR;
ALTER TABLE rejects ADD COLUMN source VARCHAR;
ALTER TABLE articles ADD COLUMN warnings VARCHAR[] DEFAULT [];
ALTER TABLE ingest_runs ADD COLUMN crash_noticed_at TIMESTAMPTZ;
