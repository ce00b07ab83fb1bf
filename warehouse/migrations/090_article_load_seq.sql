-- Each article's place in the order articles were loaded, for runs that load their batches in
-- their own order (files by path, rows in their batch's order) whatever the number of workers,
-- and index them while they still load (a file pickup); NULL for other loads. Dedup numbers
-- documents by (first_seen_at, load_seq, article_id), so a pass a run makes while it still
-- loads indexes a prefix of the order one pass over everything takes, and the index's capped
-- look-ups (the earliest documents of a bucket) do not depend on where the passes fell.
ALTER TABLE articles ADD COLUMN load_seq BIGINT;

COMMENT ON COLUMN articles.load_seq IS 'Place in the order articles were loaded, for runs that load in their own order (file pickups); dedup numbers documents by first_seen_at, then this, then article_id';
