-- New articles per source and UTC day of publication (first sighting when the date is unknown).
CREATE OR REPLACE VIEW daily_articles AS
WITH articles AS (
    SELECT * FROM main.articles
),

dated AS (
    SELECT
        coalesce(source, '(unknown)') AS source,
        CAST(timezone('UTC', coalesce(published_at, first_seen_at)) AS DATE) AS day,
        word_count
    FROM articles
),

final AS (
    SELECT
        day,
        source,
        count(*) AS articles,
        CAST(round(avg(word_count)) AS INTEGER) AS avg_words
    FROM dated
    GROUP BY day, source
)

SELECT * FROM final
ORDER BY day, source;

COMMENT ON VIEW daily_articles IS 'New articles per UTC day (publication, else first sighting) and source';
COMMENT ON COLUMN daily_articles.day IS 'UTC day of publication, else of first sighting';
COMMENT ON COLUMN daily_articles.source IS 'Source name, (unknown) when none';
COMMENT ON COLUMN daily_articles.articles IS 'Articles of that day and source';
COMMENT ON COLUMN daily_articles.avg_words IS 'Average words per article';
