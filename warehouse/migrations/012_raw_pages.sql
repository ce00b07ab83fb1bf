-- Where the raw bytes of each fetched page are kept (a record in a .warc.gz file under
-- <data_dir>/raw), so a newer parser can re-extract without fetching again. Articles link to
-- their record through extra.raw = {warc, offset, length}.
CREATE TABLE raw_pages (
    url VARCHAR NOT NULL,                 -- as asked for (canonical)
    final_url VARCHAR NOT NULL,           -- after redirects
    content_hash VARCHAR NOT NULL,
    content_type VARCHAR,
    charset VARCHAR,
    warc_file VARCHAR NOT NULL,           -- relative to <data_dir>/raw
    warc_offset BIGINT NOT NULL,
    warc_length BIGINT NOT NULL,
    fetched_at TIMESTAMPTZ NOT NULL,
    run_id VARCHAR NOT NULL
);
