"""Thin Prefect ``@task`` wrappers around the plain step functions (the only tasks/ code that
imports Prefect)."""
