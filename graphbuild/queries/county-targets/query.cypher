// Quantitative targets of one county, optionally of one metric key, with their owner.
MATCH (t:Target {county: $county})
WHERE $metric_key = "" OR t.metric_key = $metric_key
OPTIONAL MATCH (k:Task)-[:HAS_TARGET]->(t)
OPTIONAL MATCH (s:Section)-[:HAS_TARGET]->(t)
RETURN t.id AS target_id, t.metric AS metric, t.metric_key AS metric_key, t.value AS value,
       t.value_to AS value_to, t.unit AS unit, t.qualifier AS qualifier,
       t.deadline AS deadline, k.id AS task_id, s.id AS section_id
ORDER BY target_id
