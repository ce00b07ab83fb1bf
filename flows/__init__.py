"""Prefect flows: they only compose the tasks in ``tasks.wrappers``."""

from tasks.memory import limit_malloc_arenas

# The process that runs flows runs their tasks in threads: cap glibc's arenas before they
# multiply (tasks/memory.py says why).
limit_malloc_arenas()
