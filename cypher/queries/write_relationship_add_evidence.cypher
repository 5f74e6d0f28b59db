// write_relationship_add_evidence: append one evidence item (source, excerpt,
// locator) to a relationship's parallel lists in a single statement, unless
// the same item is already there; the fact becomes a curated one.
// Parameters: $id, $from (its start entity), $source, $excerpt, $locator.
// Example: :param {id: 'member_of:state:kazakhstan->org:turksoy', from: 'state:kazakhstan', source: 'src:bazarbayev-2025-soft-power', excerpt: '...', locator: ''}
MATCH (:Entity {id: $from})-[r {id: $id}]->(:Entity)
WITH r, coalesce(r.sources, []) AS sources, coalesce(r.excerpts, []) AS excerpts, coalesce(r.locators, []) AS locators
WITH r, sources, excerpts, locators,
     any(i IN range(0, size(sources) - 1)
         WHERE sources[i] = $source AND excerpts[i] = $excerpt AND coalesce(locators[i], '') = $locator) AS present
FOREACH (_ IN CASE WHEN present THEN [] ELSE [1] END |
  SET r.sources = sources + $source,
      r.excerpts = excerpts + $excerpt,
      r.locators = locators + $locator,
      r.origin = 'curation'
)
RETURN NOT present AS added, properties(r) AS props
