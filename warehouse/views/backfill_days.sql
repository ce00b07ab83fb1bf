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

SELECT * FROM final
