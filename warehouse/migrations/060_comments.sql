-- What each table and column holds, kept with the schema (`newsflow tables`, `newsflow schema`
-- and any DuckDB client read them from duckdb_tables() / duckdb_columns()). A migration that
-- adds a table or a column describes it the same way; views describe themselves in their file.

COMMENT ON TABLE articles IS 'One row per distinct article text, with its metadata';
COMMENT ON COLUMN articles.article_id IS 'Stable id, derived from the first content hash';
COMMENT ON COLUMN articles.title IS 'Headline, without the site name';
COMMENT ON COLUMN articles.body IS 'Text; paragraphs separated by one blank line';
COMMENT ON COLUMN articles.authors IS 'Person names, in byline order';
COMMENT ON COLUMN articles.published_at IS 'Publication time (UTC); NULL when unknown';
COMMENT ON COLUMN articles.language IS 'Language code of the body (en, de, ...)';
COMMENT ON COLUMN articles.url IS 'Where the article was found (URL or file path)';
COMMENT ON COLUMN articles.canonical_url IS 'The address the page declares as its own';
COMMENT ON COLUMN articles.source IS 'Source name (sources.toml, or the inbox sub-folder)';
COMMENT ON COLUMN articles.word_count IS 'Words in the body';
COMMENT ON COLUMN articles.content_hash IS 'sha256 of the normalised text: equal texts, one row';
COMMENT ON COLUMN articles.first_seen_at IS 'When newsflow first saw this text';
COMMENT ON COLUMN articles.parser_version IS 'Version of the parser that extracted it';
COMMENT ON COLUMN articles.extra IS 'Other input fields, as a JSON object';
COMMENT ON COLUMN articles.warnings IS 'Field problems repaired or dropped without rejecting it';

COMMENT ON TABLE sightings IS 'One row per time an article was seen (file or URL, run)';
COMMENT ON COLUMN sightings.article_id IS 'The article seen (articles.article_id)';
COMMENT ON COLUMN sightings.location IS 'File path or URL it was seen at';
COMMENT ON COLUMN sightings.source IS 'Source name at that location';
COMMENT ON COLUMN sightings.seen_at IS 'When it was seen';
COMMENT ON COLUMN sightings.run_id IS 'The run that saw it (ingest_runs.run_id)';

COMMENT ON TABLE rejects IS 'One row per bad input, with the reason it was refused';
COMMENT ON COLUMN rejects.input IS 'The file, URL or record refused';
COMMENT ON COLUMN rejects.reason IS 'Short reason, the same wording for the same problem';
COMMENT ON COLUMN rejects.detail IS 'What exactly was wrong with this input';
COMMENT ON COLUMN rejects.run_id IS 'The run that refused it (ingest_runs.run_id)';
COMMENT ON COLUMN rejects.rejected_at IS 'When it was refused';
COMMENT ON COLUMN rejects.stage IS 'Where it failed: read, decode, parse, normalise, stage, load, fetch...';
COMMENT ON COLUMN rejects.source IS 'Source name of the input, when known';

COMMENT ON TABLE ingest_runs IS 'One row per flow run that loaded into the warehouse';
COMMENT ON COLUMN ingest_runs.run_id IS 'Prefect flow run id';
COMMENT ON COLUMN ingest_runs.flow_name IS 'Flow that ran (ingest_files, ingest_feeds, ...)';
COMMENT ON COLUMN ingest_runs.started_at IS 'When the run started';
COMMENT ON COLUMN ingest_runs.finished_at IS 'When the run finished; NULL while running';
COMMENT ON COLUMN ingest_runs.seen IS 'Inputs seen';
COMMENT ON COLUMN ingest_runs.new IS 'New articles';
COMMENT ON COLUMN ingest_runs.duplicate IS 'Inputs whose text was already there';
COMMENT ON COLUMN ingest_runs.rejected IS 'Inputs refused (see rejects)';
COMMENT ON COLUMN ingest_runs.status IS 'running, completed, crashed, ...';
COMMENT ON COLUMN ingest_runs.loaded_at IS 'When its rows were loaded';
COMMENT ON COLUMN ingest_runs.crash_noticed_at IS 'When a later run found this one had died';

COMMENT ON TABLE file_ledger IS 'Files taken by the pickup: an unchanged file is not read again';
COMMENT ON COLUMN file_ledger.path IS 'File path';
COMMENT ON COLUMN file_ledger.size IS 'Size in bytes when taken';
COMMENT ON COLUMN file_ledger.mtime_ns IS 'Modification time (ns since 1970) when taken';
COMMENT ON COLUMN file_ledger.outcome IS 'article | duplicate | rejected';
COMMENT ON COLUMN file_ledger.run_id IS 'The run that took it';
COMMENT ON COLUMN file_ledger.recorded_at IS 'When it was taken';

COMMENT ON TABLE staged_batches IS 'Staged batches already loaded, so none is loaded twice';
COMMENT ON COLUMN staged_batches.batch_id IS 'Batch directory name under staging/';
COMMENT ON COLUMN staged_batches.run_id IS 'The run that staged it';
COMMENT ON COLUMN staged_batches.loaded_at IS 'When it was loaded';

COMMENT ON TABLE schema_migrations IS 'Schema migrations applied to this warehouse';
COMMENT ON COLUMN schema_migrations.version IS 'Migration number (warehouse/migrations/NNN_*.sql)';
COMMENT ON COLUMN schema_migrations.name IS 'Migration file name';
COMMENT ON COLUMN schema_migrations.checksum IS 'sha256 prefix of the file applied';
COMMENT ON COLUMN schema_migrations.applied_at IS 'When it was applied';

COMMENT ON TABLE fetch_state IS 'Fetch state per URL as a log (ETag, Last-Modified, retries)';
COMMENT ON COLUMN fetch_state.url IS 'URL as discovered (canonical)';
COMMENT ON COLUMN fetch_state.kind IS 'page | feed | sitemap';
COMMENT ON COLUMN fetch_state.source IS 'Source name';
COMMENT ON COLUMN fetch_state.outcome IS 'ok | not_modified | failed | refused | rejected';
COMMENT ON COLUMN fetch_state.status IS 'Last HTTP status; NULL when no answer';
COMMENT ON COLUMN fetch_state.etag IS 'ETag the server sent, sent back next time';
COMMENT ON COLUMN fetch_state.last_modified IS 'Last-Modified the server sent, sent back next time';
COMMENT ON COLUMN fetch_state.content_hash IS 'sha256 of the body';
COMMENT ON COLUMN fetch_state.failures IS 'Consecutive failures; 0 after a success';
COMMENT ON COLUMN fetch_state.retry IS 'Worth trying again (the failure was transient)';
COMMENT ON COLUMN fetch_state.next_attempt_after IS 'Not to be fetched before this time';
COMMENT ON COLUMN fetch_state.reason IS 'Why it failed or was refused';
COMMENT ON COLUMN fetch_state.hints IS 'Feed or sitemap item fields, kept for a retry (JSON)';
COMMENT ON COLUMN fetch_state.run_id IS 'The run that recorded it';
COMMENT ON COLUMN fetch_state.recorded_at IS 'When it was recorded';

COMMENT ON TABLE fetch_log IS 'Every HTTP request sent (robots.txt, feeds, sitemaps, pages)';
COMMENT ON COLUMN fetch_log.run_id IS 'The run that sent it';
COMMENT ON COLUMN fetch_log.url IS 'URL requested';
COMMENT ON COLUMN fetch_log.host IS 'Host (host:port when not the default)';
COMMENT ON COLUMN fetch_log.kind IS 'robots | feed | sitemap | page';
COMMENT ON COLUMN fetch_log.attempt IS 'Retry number; 0 for the first try';
COMMENT ON COLUMN fetch_log.started_at IS 'When the request started';
COMMENT ON COLUMN fetch_log.status IS 'HTTP status; NULL when no answer (refused, timeout)';
COMMENT ON COLUMN fetch_log.bytes IS 'Body bytes read, after decoding';
COMMENT ON COLUMN fetch_log.elapsed IS 'Seconds the request took';
COMMENT ON COLUMN fetch_log.error IS 'What went wrong, if anything';

COMMENT ON TABLE raw_pages IS 'Where the raw bytes of each fetched page are kept (WARC record)';
COMMENT ON COLUMN raw_pages.url IS 'URL asked for (canonical)';
COMMENT ON COLUMN raw_pages.final_url IS 'URL after redirects';
COMMENT ON COLUMN raw_pages.content_hash IS 'sha256 of the body';
COMMENT ON COLUMN raw_pages.content_type IS 'Content-Type the server sent';
COMMENT ON COLUMN raw_pages.charset IS 'Character set of the page';
COMMENT ON COLUMN raw_pages.warc_file IS 'WARC file, relative to <data dir>/raw';
COMMENT ON COLUMN raw_pages.warc_offset IS 'Byte offset of the record in the WARC file';
COMMENT ON COLUMN raw_pages.warc_length IS 'Byte length of the record';
COMMENT ON COLUMN raw_pages.fetched_at IS 'When the page was fetched';
COMMENT ON COLUMN raw_pages.run_id IS 'The run that fetched it';

COMMENT ON TABLE dedup_docs IS 'Near-copy index: one row per indexed article (MinHash, terms)';
COMMENT ON COLUMN dedup_docs.doc_no IS 'Processing order; compact join key of the index';
COMMENT ON COLUMN dedup_docs.article_id IS 'The article indexed';
COMMENT ON COLUMN dedup_docs.shingle_count IS 'Word shingles in its text';
COMMENT ON COLUMN dedup_docs.minhash IS '126 little-endian uint32 minima';
COMMENT ON COLUMN dedup_docs.story_terms IS 'Term ids of the headline and lead';
COMMENT ON COLUMN dedup_docs.head_terms IS 'Term ids of the headline';
COMMENT ON COLUMN dedup_docs.outlet IS 'Outlet (source) that published it';
COMMENT ON COLUMN dedup_docs.event_day IS 'Days since 1970-01-01 of publication, else first seen';
COMMENT ON COLUMN dedup_docs.indexed_at IS 'When it was indexed';

COMMENT ON TABLE dedup_bands IS 'Near-copy index: LSH band keys; equal keys make candidates';
COMMENT ON COLUMN dedup_bands.band_key IS 'Hash of one band of the MinHash signature';
COMMENT ON COLUMN dedup_bands.doc_no IS 'The document (dedup_docs.doc_no)';

COMMENT ON TABLE dedup_terms IS 'Story index: key terms with their event day';
COMMENT ON COLUMN dedup_terms.term IS 'Term id';
COMMENT ON COLUMN dedup_terms.event_day IS 'Days since 1970-01-01 of the event';
COMMENT ON COLUMN dedup_terms.doc_no IS 'The document (dedup_docs.doc_no)';

COMMENT ON TABLE duplicates IS 'Links between versions of one URL and near-copies of one text';
COMMENT ON COLUMN duplicates.article_id IS 'The later article';
COMMENT ON COLUMN duplicates.duplicate_of IS 'The earlier article (first seen, then id)';
COMMENT ON COLUMN duplicates.kind IS 'version (same URL, changed text) | near_copy';
COMMENT ON COLUMN duplicates.similarity IS 'Shingle Jaccard similarity';
COMMENT ON COLUMN duplicates.method IS 'How the link was decided';
COMMENT ON COLUMN duplicates.found_at IS 'When the link was found';

COMMENT ON TABLE story_links IS 'Links between different reports of one event (stories)';
COMMENT ON COLUMN story_links.article_id IS 'The later article';
COMMENT ON COLUMN story_links.linked_to IS 'The earlier article';
COMMENT ON COLUMN story_links.similarity IS 'Key-term Jaccard similarity';
COMMENT ON COLUMN story_links.method IS 'How the link was decided';
COMMENT ON COLUMN story_links.found_at IS 'When the link was found';

COMMENT ON TABLE article_clusters IS 'Copy cluster and story of each indexed article';
COMMENT ON COLUMN article_clusters.article_id IS 'The article';
COMMENT ON COLUMN article_clusters.copy_cluster_id IS 'Smallest article id of its near-copy cluster';
COMMENT ON COLUMN article_clusters.story_id IS 'Smallest article id of its story';

COMMENT ON TABLE backfill_day_log IS 'Backfill outcome per (source, day) as a log';
COMMENT ON COLUMN backfill_day_log.source IS 'Source name';
COMMENT ON COLUMN backfill_day_log.day IS 'UTC publication day';
COMMENT ON COLUMN backfill_day_log.status IS 'done | failed';
COMMENT ON COLUMN backfill_day_log.urls IS 'Pages discovered for the day';
COMMENT ON COLUMN backfill_day_log.articles IS 'Articles extracted and staged';
COMMENT ON COLUMN backfill_day_log.rejected IS 'Inputs refused';
COMMENT ON COLUMN backfill_day_log.error IS 'Why the day failed';
COMMENT ON COLUMN backfill_day_log.backfill_run_id IS 'The parent backfill run';
COMMENT ON COLUMN backfill_day_log.day_run_id IS 'The day''s own run ("backfill 2026-01-05")';
COMMENT ON COLUMN backfill_day_log.recorded_at IS 'When it was recorded';
