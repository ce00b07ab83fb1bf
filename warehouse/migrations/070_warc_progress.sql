-- Progress through WARC archives (issue 18): one row per chunk of records read, staged in the
-- same batch as that chunk's articles and rejects, so a chunk is counted exactly once and a
-- killed run resumes at the first record no loaded or staged chunk covers.
CREATE TABLE warc_progress (
    archive VARCHAR NOT NULL,             -- the archive's path or URL
    version VARCHAR NOT NULL,             -- which content of it: '' for immutable archives
    start_offset BIGINT NOT NULL,         -- first record of the chunk (byte offset)
    next_offset BIGINT,                   -- where the next chunk starts; NULL at the end
    done BOOLEAN NOT NULL,                -- the archive is read to its end
    records INTEGER NOT NULL,             -- records in the chunk, of every type
    pages INTEGER NOT NULL,               -- HTML pages of the kept hosts
    articles INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    skipped JSON,                         -- records skipped, by reason (other host, revisit ...)
    source VARCHAR,
    run_id VARCHAR NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
