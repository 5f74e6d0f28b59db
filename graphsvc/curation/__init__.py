"""Curation: the seed files, their validation, loading and export."""
