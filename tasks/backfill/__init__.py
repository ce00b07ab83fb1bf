"""Backfills: checking the request, planning the days, and the work of one (source, day)."""
