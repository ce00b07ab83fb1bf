"""Pure parsing of what tells us where articles are: feeds, sitemaps, robots.txt."""
