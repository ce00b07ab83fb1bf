-- The shingle sets of documents the near-copy check has verified a later document against.
-- A new copy is checked against the earliest members of its family (its band candidates, up to
-- LINKS_PER_DOC links), so the same earlier documents are checked in run after run; before
-- this table their texts were read and shingled again each time, a cost that grew as families
-- filled up (2.3 s of a dedup round at 200,000 articles against 1.0 s at 20,000). A set is
-- kept the first time it is needed and only then: the table holds the earlier sides of pairs,
-- not every document. Part of the index: cleared with it by `newsflow dedup --rebuild`.
CREATE TABLE dedup_shingles (
    doc_no BIGINT NOT NULL,  -- dedup_docs.doc_no
    shingles BLOB NOT NULL   -- sorted distinct 64-bit shingle hashes, little-endian
);

COMMENT ON TABLE dedup_shingles IS 'Near-copy index: shingle sets of documents later documents were verified against';
COMMENT ON COLUMN dedup_shingles.doc_no IS 'The document (dedup_docs.doc_no)';
COMMENT ON COLUMN dedup_shingles.shingles IS 'Sorted distinct 64-bit shingle hashes, little-endian';
