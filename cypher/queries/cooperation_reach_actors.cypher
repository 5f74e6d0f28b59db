// cooperation_reach_actors: the names and types of the actors among the entities the reach arrays name
// (cooperation_reach_institutions, cooperation_reach_programmes), the partners a ranking can count from
// them (graphsvc/graph/cooperation/reach.py), named and typed as the part queries name and type a partner.
// Parameters: $ids: entity ids; $partner_types: labels a partner may have.
// Example: :param {ids: ['state:kazakhstan', 'org:eu'], partner_types: ['State', 'Organisation', 'Person']}
UNWIND $ids AS id
MATCH (b:Entity {id: id})
WHERE any(label IN labels(b) WHERE label IN $partner_types)
RETURN b.id AS id, b.name AS name, [label IN labels(b) WHERE label <> 'Entity'][0] AS type
