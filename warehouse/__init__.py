"""The DuckDB warehouse: schema migrations, views, connections and loading.

Only this package imports DuckDB (a test enforces it).
"""
