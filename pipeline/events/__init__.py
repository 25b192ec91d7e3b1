"""Events: ACLED-style event records (the ``events`` stage) and their offline geocoding (``geocode``)."""
