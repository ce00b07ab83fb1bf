-- Each article's place in the order articles were loaded: a run loads its batches in its own
-- order (files by path, rows in their batch's order), whatever the number of workers. Dedup
-- numbers documents by (first_seen_at, load_seq), so a pass a run makes while it still loads
-- indexes a prefix of the order one pass over everything takes, and the index's capped
-- look-ups (earliest documents of a bucket) do not depend on where the passes fell. Rows
-- loaded before this column take the order dedup used for them: (first_seen_at, article_id).
ALTER TABLE articles ADD COLUMN load_seq BIGINT;

UPDATE articles SET load_seq = ordered.seq
FROM (
    SELECT article_id, row_number() OVER (ORDER BY first_seen_at, article_id) AS seq
    FROM articles
) AS ordered
WHERE articles.article_id = ordered.article_id;

COMMENT ON COLUMN articles.load_seq IS 'Place in the order articles were loaded (a run loads in its own order); dedup numbers documents by first_seen_at, then this';
