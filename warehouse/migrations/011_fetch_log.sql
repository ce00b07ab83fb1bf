-- Every HTTP request sent, one row each (robots.txt, feeds, sitemaps, pages, retries).
CREATE TABLE fetch_log (
    run_id VARCHAR NOT NULL,
    url VARCHAR NOT NULL,
    host VARCHAR NOT NULL,                -- host or host:port
    kind VARCHAR NOT NULL,                -- robots | feed | sitemap | page
    attempt INTEGER NOT NULL,             -- 0 for the first try
    started_at TIMESTAMPTZ NOT NULL,
    status INTEGER,                       -- NULL when no answer (refused connection, timeout)
    bytes BIGINT NOT NULL,                -- body bytes read, after decoding
    elapsed DOUBLE NOT NULL,              -- seconds
    error VARCHAR
);
