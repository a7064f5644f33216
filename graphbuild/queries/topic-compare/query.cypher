// Tasks on one topic (in the task title or the headings above it) in both counties.
MATCH (t:Task)-[:IN_BATTLE]->(b:Battle)
WHERE t.county IS NOT NULL AND t.kind IS NOT NULL AND t.path IS NOT NULL
  AND t.start IS NOT NULL
  AND ($battle = 'all' OR b.id = $battle)
  AND (t.path CONTAINS $topic OR coalesce(t.title, '') CONTAINS $topic)
RETURN t.county AS county, t.id AS task_id, t.kind AS kind, t.label AS label, t.title AS title,
       COLLECT { MATCH (a:Agency)-[:LEADS]->(t) RETURN DISTINCT a.canonical } AS lead_units,
       COLLECT { MATCH (a:Agency)-[:RESPONSIBLE_FOR]->(t) RETURN DISTINCT a.canonical }
         AS responsible_units,
       COLLECT { MATCH (a:Agency)-[:COOPERATES_ON]->(t) RETURN DISTINCT a.canonical }
         AS cooperating_units,
       COLLECT {
         MATCH (a:Agency)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(t)
         MATCH (a)-[:HAS_FUNCTION]->(f:Function)
         RETURN DISTINCT f.name
       } AS functions
ORDER BY county, t.start, task_id
