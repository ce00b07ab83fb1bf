-- Near-copy and story index (issue 5). Append-friendly tables: one row per indexed article in
-- dedup_docs, its LSH band keys in dedup_bands, its story key terms in dedup_terms; links in
-- duplicates / story_links; cluster membership in article_clusters (the only table updated in
-- place, and only for members of clusters that merge).

CREATE TABLE dedup_docs (
    doc_no BIGINT NOT NULL,               -- processing order; a compact join key for the index
    article_id VARCHAR NOT NULL,
    shingle_count INTEGER NOT NULL,
    minhash BLOB NOT NULL,                -- 126 little-endian uint32 minima
    story_terms BIGINT[] NOT NULL,        -- term ids of the headline and lead
    head_terms BIGINT[] NOT NULL,
    outlet VARCHAR,
    event_day INTEGER NOT NULL,           -- days since 1970-01-01 of published (else first seen)
    indexed_at TIMESTAMPTZ NOT NULL
);

-- One row per (article, band): equal keys make candidates. Joined on band_key only.
CREATE TABLE dedup_bands (
    band_key BIGINT NOT NULL,
    doc_no BIGINT NOT NULL
);

-- Story key terms, with the event day so that lookups stay inside the time window.
CREATE TABLE dedup_terms (
    term BIGINT NOT NULL,
    event_day INTEGER NOT NULL,
    doc_no BIGINT NOT NULL
);

-- Layer 1 (kind 'version': same canonical URL, changed text) and layer 3 (kind 'near_copy').
-- duplicate_of is the earlier article (first seen, then article id).
CREATE TABLE duplicates (
    article_id VARCHAR NOT NULL,
    duplicate_of VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    similarity DOUBLE NOT NULL,           -- shingle Jaccard similarity
    method VARCHAR NOT NULL,
    found_at TIMESTAMPTZ NOT NULL
);

-- Layer 4: different outlets' reports of one event. Never implies a near-copy.
CREATE TABLE story_links (
    article_id VARCHAR NOT NULL,
    linked_to VARCHAR NOT NULL,           -- the earlier article
    similarity DOUBLE NOT NULL,           -- key-term Jaccard similarity
    method VARCHAR NOT NULL,
    found_at TIMESTAMPTZ NOT NULL
);

-- Cluster ids are the smallest article_id of the cluster, so any processing order agrees.
CREATE TABLE article_clusters (
    article_id VARCHAR NOT NULL,
    copy_cluster_id VARCHAR NOT NULL,
    story_id VARCHAR NOT NULL
);
