-- One row per story (layer 4 cluster): when it was first seen, which outlets carried it, how
-- many articles and copy clusters it holds, and the title of its representative article
-- (earliest event time, then most complete metadata, then most words, then smallest id).
CREATE OR REPLACE VIEW stories AS
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
        c.story_id,
        c.copy_cluster_id,
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
            PARTITION BY story_id
            ORDER BY event_at, completeness DESC, word_count DESC, article_id
        ) AS rank
    FROM members
),

final AS (
    SELECT
        story_id,
        min(first_seen_at) AS first_seen_at,
        min(event_at) AS first_event_at,
        list(DISTINCT outlet ORDER BY outlet) FILTER (WHERE outlet IS NOT NULL) AS outlets,
        count(*) AS articles,
        count(DISTINCT copy_cluster_id) AS copy_clusters,
        any_value(article_id) FILTER (WHERE rank = 1) AS representative_id,
        any_value(title) FILTER (WHERE rank = 1) AS title
    FROM ranked
    GROUP BY story_id
)

SELECT * FROM final
ORDER BY first_event_at, story_id;

COMMENT ON VIEW stories IS 'One row per story: outlets, articles and the representative title';
COMMENT ON COLUMN stories.story_id IS 'Smallest article id of the story';
COMMENT ON COLUMN stories.first_seen_at IS 'When its first article was seen';
COMMENT ON COLUMN stories.first_event_at IS 'Earliest publication (else first-seen) time';
COMMENT ON COLUMN stories.outlets IS 'Outlets that carried it';
COMMENT ON COLUMN stories.articles IS 'Articles in the story';
COMMENT ON COLUMN stories.copy_clusters IS 'Distinct texts (copy clusters) in it';
COMMENT ON COLUMN stories.representative_id IS 'Its representative article (earliest, most complete)';
COMMENT ON COLUMN stories.title IS 'Title of the representative';
