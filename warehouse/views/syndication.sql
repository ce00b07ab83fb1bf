-- Which outlets carried each copy cluster (layer 3: the same text with edits, or versions of
-- one URL). Every indexed article is in one cluster; `copies` > 1 marks syndicated texts.
CREATE OR REPLACE VIEW syndication AS
WITH clusters AS (
    SELECT * FROM main.article_clusters
),

articles AS (
    SELECT * FROM main.articles
),

docs AS (
    SELECT article_id, outlet FROM main.dedup_docs
),

members AS (
    SELECT
        c.copy_cluster_id,
        c.story_id,
        a.article_id,
        a.title,
        a.first_seen_at,
        coalesce(a.published_at, a.first_seen_at) AS event_at,
        coalesce(d.outlet, a.source) AS outlet,
        CAST(a.title IS NOT NULL AS INTEGER) + CAST(len(a.authors) > 0 AS INTEGER)
        + CAST(a.published_at IS NOT NULL AS INTEGER)
        + CAST(a.canonical_url IS NOT NULL AS INTEGER) AS completeness,
        a.word_count
    FROM clusters AS c
    INNER JOIN articles AS a USING (article_id)
    LEFT JOIN docs AS d USING (article_id)
),

ranked AS (
    SELECT
        *,
        row_number() OVER (
            PARTITION BY copy_cluster_id
            ORDER BY event_at, completeness DESC, word_count DESC, article_id
        ) AS rank
    FROM members
),

final AS (
    SELECT
        copy_cluster_id,
        any_value(story_id) AS story_id,
        any_value(article_id) FILTER (WHERE rank = 1) AS representative_id,
        any_value(title) FILTER (WHERE rank = 1) AS title,
        count(*) AS copies,
        list(DISTINCT outlet ORDER BY outlet) FILTER (WHERE outlet IS NOT NULL) AS outlets,
        list(article_id ORDER BY event_at, article_id) AS article_ids,
        min(first_seen_at) AS first_seen_at
    FROM ranked
    GROUP BY copy_cluster_id
)

SELECT * FROM final
ORDER BY first_seen_at, copy_cluster_id;

COMMENT ON VIEW syndication IS 'One row per copy cluster: which outlets carried the same text';
COMMENT ON COLUMN syndication.copy_cluster_id IS 'Smallest article id of the cluster';
COMMENT ON COLUMN syndication.story_id IS 'The story it belongs to';
COMMENT ON COLUMN syndication.representative_id IS 'Its representative article (earliest, most complete)';
COMMENT ON COLUMN syndication.title IS 'Title of the representative';
COMMENT ON COLUMN syndication.copies IS 'Articles in the cluster (> 1: syndicated)';
COMMENT ON COLUMN syndication.outlets IS 'Outlets that carried it';
COMMENT ON COLUMN syndication.article_ids IS 'Its articles, earliest first';
COMMENT ON COLUMN syndication.first_seen_at IS 'When its first copy was seen';
