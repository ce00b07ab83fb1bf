-- Give every staged article row the id of the article it is: an existing one with the same
-- normalised text, else the first row of this batch with that text. The same canonical URL
-- with a changed text is a new version (a new row); the dedup step links the versions.
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

first_by_hash AS (
    SELECT
        *,
        first_value(article_id) OVER (PARTITION BY content_hash ORDER BY ord) AS hash_group_id,
        row_number() OVER (PARTITION BY content_hash ORDER BY ord) AS hash_rank
    FROM staged
),

final AS (
    SELECT
        f.*,
        h.article_id AS existing_id,
        coalesce(h.article_id, f.hash_group_id) AS resolved_id
    FROM first_by_hash AS f
    LEFT JOIN existing_by_hash AS h ON h.content_hash = f.content_hash
)

SELECT * FROM final
