"""The steps of newsflow: plain functions on plain values (Prefect wrappers in ``wrappers``)."""
