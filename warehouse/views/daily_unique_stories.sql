-- Per UTC day (of the event time: published, else first seen): articles, distinct stories
-- they belong to, and stories whose first article falls on that day.
CREATE OR REPLACE VIEW daily_unique_stories AS
WITH clusters AS (
    SELECT * FROM main.article_clusters
),

articles AS (
    SELECT * FROM main.articles
),

dated AS (
    SELECT
        c.story_id,
        c.copy_cluster_id,
        CAST(timezone('UTC', coalesce(a.published_at, a.first_seen_at)) AS DATE) AS day
    FROM clusters AS c
    INNER JOIN articles AS a USING (article_id)
),

story_start AS (
    SELECT story_id, min(day) AS first_day FROM dated GROUP BY story_id
),

final AS (
    SELECT
        d.day,
        count(*) AS articles,
        count(DISTINCT d.copy_cluster_id) AS unique_texts,
        count(DISTINCT d.story_id) AS stories,
        count(DISTINCT d.story_id) FILTER (WHERE s.first_day = d.day) AS new_stories
    FROM dated AS d
    INNER JOIN story_start AS s USING (story_id)
    GROUP BY d.day
)

SELECT * FROM final
ORDER BY day;

COMMENT ON VIEW daily_unique_stories IS 'Per UTC day: articles, distinct texts, stories and new stories';
COMMENT ON COLUMN daily_unique_stories.day IS 'UTC day of publication, else of first sighting';
COMMENT ON COLUMN daily_unique_stories.articles IS 'Indexed articles of the day';
COMMENT ON COLUMN daily_unique_stories.unique_texts IS 'Distinct copy clusters among them';
COMMENT ON COLUMN daily_unique_stories.stories IS 'Distinct stories among them';
COMMENT ON COLUMN daily_unique_stories.new_stories IS 'Stories whose first article is of this day';
