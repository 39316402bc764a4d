"""Readers: one per kind of source. Each turns a raw file into rows as read and typed
allocation records, accounting for every row."""
