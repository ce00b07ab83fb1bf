-- Core tables of the warehouse. Uniqueness is kept by the loader (anti-joins inside one
-- transaction) and checked by the data-contract tests, rather than by indexes, so that later
-- migrations can update rows freely.

CREATE TABLE articles (
    article_id VARCHAR NOT NULL,          -- stable: derived from the first content hash
    title VARCHAR,
    body VARCHAR NOT NULL,                -- paragraphs separated by one blank line
    authors VARCHAR[] NOT NULL,
    published_at TIMESTAMPTZ,             -- UTC; NULL when unknown
    language VARCHAR,
    url VARCHAR,
    canonical_url VARCHAR,
    source VARCHAR,
    word_count INTEGER NOT NULL,
    content_hash VARCHAR NOT NULL,        -- sha256 of the normalised text
    first_seen_at TIMESTAMPTZ NOT NULL,
    parser_version VARCHAR NOT NULL,
    extra JSON                            -- input fields newsflow has no column for
);

CREATE TABLE sightings (
    article_id VARCHAR NOT NULL,
    location VARCHAR NOT NULL,            -- file path or URL
    source VARCHAR,
    seen_at TIMESTAMPTZ NOT NULL,
    run_id VARCHAR NOT NULL
);

CREATE TABLE rejects (
    input VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    detail VARCHAR,
    run_id VARCHAR NOT NULL,
    rejected_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE ingest_runs (
    run_id VARCHAR NOT NULL,
    flow_name VARCHAR NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    seen INTEGER NOT NULL DEFAULT 0,
    new INTEGER NOT NULL DEFAULT 0,
    duplicate INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    status VARCHAR NOT NULL,
    loaded_at TIMESTAMPTZ
);

-- Files already taken by the pickup, so an unchanged file is skipped without being read.
CREATE TABLE file_ledger (
    path VARCHAR NOT NULL,
    size BIGINT NOT NULL,
    mtime_ns BIGINT NOT NULL,
    outcome VARCHAR NOT NULL,             -- article | duplicate | rejected
    run_id VARCHAR NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);

-- Staged batches already loaded, so a batch loaded twice (crash before cleanup) counts once.
CREATE TABLE staged_batches (
    batch_id VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    loaded_at TIMESTAMPTZ NOT NULL
);
