"""Dialogs of the window, one per file."""
