"""The DuckDB warehouse: schema migrations, views, connections and loading.

Only this package imports DuckDB (a test enforces it).
"""

from warehouse.allocator import return_freed_memory_promptly

return_freed_memory_promptly()  # before any module of this package imports DuckDB
