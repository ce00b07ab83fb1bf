-- The current fetch state of each URL: its latest row in the fetch_state log.
CREATE OR REPLACE VIEW fetch_state_latest AS
WITH
    state AS (
        SELECT * FROM fetch_state
    ),
    final AS (
        SELECT *
        FROM state
        QUALIFY row_number() OVER (PARTITION BY url ORDER BY recorded_at DESC, failures DESC) = 1
    )
SELECT * FROM final
