"""Operating newsflow on Prefect: the local stack behind `newsflow up` / `down` / `status`."""
