"""Near-copy detection and story clustering on plain values (layers 3 and 4 of deduplication).

Layer 1 (same canonical URL) and layer 2 (same normalised text) are settled by the loader; this
package decides, for a pair of articles, whether one is an edited copy of the other (near-copy)
or another outlet's report of the same event (same story). Every decision depends on the two
articles only, never on what else is indexed, so clusters (connected components of the links)
come out the same whatever the order or batching in which articles arrive.
"""
