-- Article metadata as typed columns (issue 17): what the input paths recorded in extra moves
-- to columns, and extra becomes a real JSON object (older loads stored it as a JSON string)
-- holding only the keys that have no column. Same key names as tasks/article_metadata.py.
ALTER TABLE articles ADD COLUMN description VARCHAR;
ALTER TABLE articles ADD COLUMN section VARCHAR;
ALTER TABLE articles ADD COLUMN tags VARCHAR[];
ALTER TABLE articles ADD COLUMN image_url VARCHAR;
ALTER TABLE articles ADD COLUMN modified_at TIMESTAMPTZ;
ALTER TABLE articles ADD COLUMN is_paywalled BOOLEAN;
ALTER TABLE articles ADD COLUMN extraction_method VARCHAR;
ALTER TABLE articles ADD COLUMN raw_ref VARCHAR;

UPDATE articles SET extra = CAST(extra ->> '$' AS JSON)
WHERE json_type(extra) = 'VARCHAR' AND json_valid(extra ->> '$');

UPDATE articles SET
    description = nullif(trim(extra ->> 'description'), ''),
    section = nullif(trim(extra ->> 'section'), ''),
    tags = CASE WHEN json_type(extra, '$.tags') = 'ARRAY'
        THEN CAST(extra -> '$.tags' AS VARCHAR[]) END,
    image_url = nullif(trim(extra ->> 'top_image'), ''),
    modified_at = TRY_CAST(extra ->> 'modified_at' AS TIMESTAMPTZ),
    is_paywalled = CASE WHEN json_type(extra, '$.is_paywalled') = 'BOOLEAN'
        THEN CAST(extra -> '$.is_paywalled' AS BOOLEAN) END,
    extraction_method = coalesce(extra ->> 'extraction_method', extra ->> '$.extraction.method'),
    raw_ref = CASE
        WHEN extra ->> '$.raw.warc' IS NOT NULL
            THEN (extra ->> '$.raw.warc') || '#' || (extra ->> '$.raw.offset')
        WHEN extra ->> '$.warc.archive' IS NOT NULL
            THEN (extra ->> '$.warc.archive') || '#' || (extra ->> '$.warc.offset')
    END
WHERE json_type(extra) = 'OBJECT';

-- A key is dropped only when its column took the value (merge patch: null removes a key).
UPDATE articles SET extra = json_merge_patch(extra, json_object(
    'description', CASE WHEN description IS NOT NULL THEN NULL ELSE extra -> '$.description' END,
    'section', CASE WHEN section IS NOT NULL THEN NULL ELSE extra -> '$.section' END,
    'tags', CASE WHEN tags IS NOT NULL THEN NULL ELSE extra -> '$.tags' END,
    'top_image', CASE WHEN image_url IS NOT NULL THEN NULL ELSE extra -> '$.top_image' END,
    'modified_at', CASE WHEN modified_at IS NOT NULL THEN NULL ELSE extra -> '$.modified_at' END,
    'is_paywalled', CASE WHEN is_paywalled IS NOT NULL THEN NULL ELSE extra -> '$.is_paywalled' END,
    'extraction_method', NULL,
    'raw', CASE WHEN raw_ref IS NOT NULL THEN NULL ELSE extra -> '$.raw' END,
    'warc', CASE WHEN raw_ref IS NOT NULL THEN NULL ELSE extra -> '$.warc' END
))
WHERE json_type(extra) = 'OBJECT';

COMMENT ON COLUMN articles.description IS 'Summary the page or record gives (meta description, og:description, JSON summary)';
COMMENT ON COLUMN articles.section IS 'Section or category the publisher files it under';
COMMENT ON COLUMN articles.tags IS 'Tags or keywords the publisher gives';
COMMENT ON COLUMN articles.image_url IS 'Lead image (og:image or the record''s image field)';
COMMENT ON COLUMN articles.modified_at IS 'When the publisher says it was last changed';
COMMENT ON COLUMN articles.is_paywalled IS 'The page marks its text as behind a paywall; NULL when it does not say';
COMMENT ON COLUMN articles.extraction_method IS 'Which extractor path produced the body';
COMMENT ON COLUMN articles.raw_ref IS 'Raw page it came from, as archive#offset of its WARC record';
COMMENT ON COLUMN articles.extra IS 'Input fields with no column of their own, as a JSON object';
