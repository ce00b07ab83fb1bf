-- Backfill progress per (source, day) as an append-only log: rows arrive through staged batches
-- (so a busy warehouse never loses them) and are never updated in place. The view
-- ``backfill_days`` gives the current status of each (source, day): its latest row.
CREATE TABLE backfill_day_log (
    source VARCHAR NOT NULL,
    day DATE NOT NULL,                    -- UTC publication day
    status VARCHAR NOT NULL,              -- done | failed
    urls INTEGER NOT NULL DEFAULT 0,      -- pages discovered for the day
    articles INTEGER NOT NULL DEFAULT 0,  -- articles extracted and staged
    rejected INTEGER NOT NULL DEFAULT 0,
    error VARCHAR,                        -- why the day failed
    backfill_run_id VARCHAR NOT NULL,     -- the parent flow run
    day_run_id VARCHAR NOT NULL,          -- the child flow run ("backfill 2026-01-05")
    recorded_at TIMESTAMPTZ NOT NULL
);
