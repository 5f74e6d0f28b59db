// cooperation_shared_agreement: pairs of actors that are both parties to the
// same agreement: one row per actor, partner and agreement. Part
// `shared_agreement` of the cooperation score (docs/cooperation-scoring.md).
// Both PARTY_TO relationships must pass the sector and time filters.
// The matching section of the part: cooperation_tally counts its rows,
// cooperation_evidence lists them with their evidence (see cooperation_tally).
// Parameters: $ids: actor ids; $partner_types: labels a partner may have;
//   $partner_ids: allowed partner ids or null (any); $sectors: list or null;
//   $window_from, $window_to: full ISO dates or null; $with_evidence: bool;
//   $items: the shared things (item ids) to walk through, or null (all): the evidence of
//   the partners shown reads only the things they list (cooperation_tally's first_items).
// Example: :param {ids: ['state:kazakhstan'], partner_types: ['State', 'Organisation', 'Person'], partner_ids: null, sectors: null, window_from: null, window_to: null, with_evidence: true, items: null}
UNWIND $ids AS actor_id
MATCH (a:Entity {id: actor_id})-[r1:PARTY_TO]->(g:Agreement)<-[r2:PARTY_TO]-(b:Entity)
WHERE b <> a
  AND any(label IN labels(b) WHERE label IN $partner_types)
  AND ($partner_ids IS NULL OR b.id IN $partner_ids)
  AND all(r IN [r1, r2] WHERE
        ($sectors IS NULL OR any(s IN r.sectors WHERE s IN $sectors))
    AND ($window_to IS NULL OR r.t_from IS NULL OR r.t_from <= $window_to)
    AND ($window_from IS NULL OR r.t_to IS NULL OR r.t_to >= $window_from))
  AND ($items IS NULL OR g.id IN $items)
RETURN a.id AS actor,
       b.id AS partner,
       b.name AS partner_name,
       [label IN labels(b) WHERE label <> 'Entity'][0] AS partner_type,
       g.id AS item,
       g.id AS via,
       'party' AS grade,
       CASE WHEN $with_evidence THEN [[r1, r2]] ELSE [] END AS chains,
       CASE WHEN $with_evidence THEN [[r1, r2]] ELSE [] END AS stated
