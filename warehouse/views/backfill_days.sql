-- The current backfill status of each (source, day): the latest row of ``backfill_day_log``,
-- with how many times the day was attempted.
CREATE OR REPLACE VIEW backfill_days AS
WITH backfill_day_log AS (
    SELECT * FROM main.backfill_day_log
),

ranked AS (
    SELECT
        *,
        row_number() OVER (PARTITION BY source, day ORDER BY recorded_at DESC) AS recency,
        count(*) OVER (PARTITION BY source, day) AS attempts
    FROM backfill_day_log
),

final AS (
    SELECT
        source,
        day,
        status,
        urls,
        articles,
        rejected,
        error,
        attempts,
        backfill_run_id,
        day_run_id,
        recorded_at AS updated_at
    FROM ranked
    WHERE recency = 1
)

SELECT * FROM final;

COMMENT ON VIEW backfill_days IS 'Current backfill status of each (source, day): its latest log row';
COMMENT ON COLUMN backfill_days.source IS 'Source name';
COMMENT ON COLUMN backfill_days.day IS 'UTC publication day';
COMMENT ON COLUMN backfill_days.status IS 'done | failed';
COMMENT ON COLUMN backfill_days.urls IS 'Pages discovered for the day';
COMMENT ON COLUMN backfill_days.articles IS 'Articles extracted and staged';
COMMENT ON COLUMN backfill_days.rejected IS 'Inputs refused';
COMMENT ON COLUMN backfill_days.error IS 'Why the day failed';
COMMENT ON COLUMN backfill_days.attempts IS 'Times the day was run';
COMMENT ON COLUMN backfill_days.backfill_run_id IS 'The latest parent backfill run';
COMMENT ON COLUMN backfill_days.day_run_id IS 'The latest day run';
COMMENT ON COLUMN backfill_days.updated_at IS 'When the status was recorded';
