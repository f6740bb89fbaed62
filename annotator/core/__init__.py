"""Domain values and rules of Annotator (standard library only)."""
