-- Give every staged article row the id of the article it is: an existing one with the same
-- normalised text or canonical URL, else the first row of this batch with that text or URL.
CREATE OR REPLACE TEMP TABLE resolved_articles AS
WITH staged AS (
    SELECT * FROM staged_articles
),

existing_by_hash AS (
    SELECT content_hash, min(article_id) AS article_id
    FROM main.articles
    WHERE content_hash IN (SELECT content_hash FROM staged)
    GROUP BY content_hash
),

existing_by_url AS (
    SELECT canonical_url, min(article_id) AS article_id
    FROM main.articles
    WHERE canonical_url IN (SELECT canonical_url FROM staged WHERE canonical_url IS NOT NULL)
    GROUP BY canonical_url
),

first_by_hash AS (
    SELECT
        *,
        first_value(article_id) OVER (PARTITION BY content_hash ORDER BY ord) AS hash_group_id,
        row_number() OVER (PARTITION BY content_hash ORDER BY ord) AS hash_rank
    FROM staged
),

first_by_url AS (
    SELECT
        *,
        CASE
            WHEN canonical_url IS NULL THEN hash_group_id
            ELSE first_value(hash_group_id) OVER (PARTITION BY canonical_url ORDER BY ord)
        END AS batch_group_id
    FROM first_by_hash
),

final AS (
    SELECT
        f.*,
        coalesce(h.article_id, u.article_id) AS existing_id,
        coalesce(h.article_id, u.article_id, f.batch_group_id) AS resolved_id
    FROM first_by_url AS f
    LEFT JOIN existing_by_hash AS h ON h.content_hash = f.content_hash
    LEFT JOIN existing_by_url AS u ON u.canonical_url = f.canonical_url
)

SELECT * FROM final
