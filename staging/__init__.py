"""Staging: parsed rows written durably to disk, batch by batch, until the warehouse loads them.

A room of its own between the steps and the warehouse: the task wrappers (and worker entry
points) stage what a step returned (``batches.stage_batch``), the loader in ``warehouse/`` reads
the batches back (``read.pending_batches``, ``read.verify_batch``) and removes them once loaded.
Staging imports neither DuckDB, the warehouse nor Prefect.
"""
