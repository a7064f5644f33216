// Inconsistent targets of one county, each with the targets it involves.
MATCH (i:Inconsistency {county: $county})-[:INVOLVES]->(t:Target)
RETURN i.id AS inconsistency_id, i.metric_key AS metric_key, i.values AS values,
       i.compatible AS compatible, collect(DISTINCT t.id) AS target_ids
ORDER BY inconsistency_id
