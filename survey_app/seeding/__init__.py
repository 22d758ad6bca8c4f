"""Loading reference data and demo data; called by the ``flask seed`` commands."""
