"""The domain: search, entities, neighbourhoods, paths, cooperation scoring."""
