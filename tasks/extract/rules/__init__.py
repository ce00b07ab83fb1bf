"""Extraction rules kept as data: patterns and word lists, one module per kind. Logic lives
in the modules of tasks/extract/ that import them."""
