"""PAR INDEX engine (placeholder, filled below)."""
