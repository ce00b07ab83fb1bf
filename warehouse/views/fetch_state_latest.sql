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
SELECT * FROM final;

COMMENT ON VIEW fetch_state_latest IS 'Current fetch state of each URL: its latest fetch_state row';
COMMENT ON COLUMN fetch_state_latest.url IS 'URL as discovered (canonical)';
COMMENT ON COLUMN fetch_state_latest.kind IS 'page | feed | sitemap';
COMMENT ON COLUMN fetch_state_latest.source IS 'Source name';
COMMENT ON COLUMN fetch_state_latest.outcome IS 'ok | not_modified | failed | refused | rejected';
COMMENT ON COLUMN fetch_state_latest.status IS 'Last HTTP status; NULL when no answer';
COMMENT ON COLUMN fetch_state_latest.etag IS 'ETag the server sent, sent back next time';
COMMENT ON COLUMN fetch_state_latest.last_modified IS 'Last-Modified the server sent, sent back next time';
COMMENT ON COLUMN fetch_state_latest.content_hash IS 'sha256 of the body';
COMMENT ON COLUMN fetch_state_latest.failures IS 'Consecutive failures; 0 after a success';
COMMENT ON COLUMN fetch_state_latest.retry IS 'Worth trying again (the failure was transient)';
COMMENT ON COLUMN fetch_state_latest.next_attempt_after IS 'Not to be fetched before this time';
COMMENT ON COLUMN fetch_state_latest.reason IS 'Why it failed or was refused';
COMMENT ON COLUMN fetch_state_latest.hints IS 'Feed or sitemap item fields, kept for a retry (JSON)';
COMMENT ON COLUMN fetch_state_latest.run_id IS 'The run that recorded it';
COMMENT ON COLUMN fetch_state_latest.recorded_at IS 'When it was recorded';
