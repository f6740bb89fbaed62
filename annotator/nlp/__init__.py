"""Language processing with spaCy (the only package that imports spaCy)."""
