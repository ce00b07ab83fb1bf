-- Per-URL fetch state as an append-only log (rows arrive through staged batches, so they are
-- never updated in place); ``fetch_state_latest`` gives the current state of each URL.
-- Covers feeds, sitemaps and article pages: validators for conditional GET, the body hash
-- (servers lie about validators), and the retry/backoff state of failing URLs.
CREATE TABLE fetch_state (
    url VARCHAR NOT NULL,                 -- canonical URL as discovered
    kind VARCHAR NOT NULL,                -- page | feed | sitemap
    source VARCHAR,
    outcome VARCHAR NOT NULL,             -- ok | not_modified | failed | refused | rejected
    status INTEGER,                       -- last HTTP status, NULL when no answer
    etag VARCHAR,
    last_modified VARCHAR,
    content_hash VARCHAR,                 -- sha256 of the body
    failures INTEGER NOT NULL DEFAULT 0,  -- consecutive failures, 0 after a success
    retry BOOLEAN NOT NULL DEFAULT false, -- worth trying again (transient failure)
    next_attempt_after TIMESTAMPTZ,       -- not before this time (backoff, Retry-After)
    reason VARCHAR,
    hints JSON,                           -- feed/sitemap item fields, kept for a retry
    run_id VARCHAR NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
