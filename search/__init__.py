"""Full-text search over the warehouse's articles: a tantivy index kept beside the warehouse."""
