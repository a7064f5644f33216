// The tasks of one battle in one county, in document order, with their units by role.
MATCH (t:Task {county: $county})-[:IN_BATTLE]->(:Battle {id: $battle})
WHERE t.kind IS NOT NULL AND t.start IS NOT NULL
RETURN t.id AS task_id, t.kind AS kind, t.label AS label, t.title AS title,
       COLLECT { MATCH (a:Agency)-[:LEADS]->(t) RETURN DISTINCT a.canonical } AS lead_units,
       COLLECT { MATCH (a:Agency)-[:RESPONSIBLE_FOR]->(t) RETURN DISTINCT a.canonical }
         AS responsible_units,
       COLLECT { MATCH (a:Agency)-[:COOPERATES_ON]->(t) RETURN DISTINCT a.canonical }
         AS cooperating_units
ORDER BY t.start, task_id
