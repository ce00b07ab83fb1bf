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

COMMENT ON TABLE warc_progress IS 'Progress through WARC archives: one row per chunk of records read (loaded with its articles, so each chunk counts once)';
COMMENT ON COLUMN warc_progress.archive IS 'The archive''s path or URL';
COMMENT ON COLUMN warc_progress.version IS 'Which content of the archive: size and mtime of a file, empty for immutable archives';
COMMENT ON COLUMN warc_progress.start_offset IS 'Byte offset of the chunk''s first record';
COMMENT ON COLUMN warc_progress.next_offset IS 'Byte offset where the next chunk starts; NULL at the end';
COMMENT ON COLUMN warc_progress.done IS 'The archive is read to its end';
COMMENT ON COLUMN warc_progress.records IS 'Records in the chunk, of every type';
COMMENT ON COLUMN warc_progress.pages IS 'HTML pages of the kept hosts';
COMMENT ON COLUMN warc_progress.articles IS 'Articles the chunk gave';
COMMENT ON COLUMN warc_progress.rejected IS 'Rejects the chunk gave';
COMMENT ON COLUMN warc_progress.skipped IS 'Records skipped, by reason (other host, revisit, not HTML ...)';
COMMENT ON COLUMN warc_progress.source IS 'The source the chunk was read for';
COMMENT ON COLUMN warc_progress.run_id IS 'The run that read the chunk';
COMMENT ON COLUMN warc_progress.recorded_at IS 'When the chunk was read';
