// Inherited leads of one county, in document order, with the heading of the task's section.
MATCH (a:Agency)-[r:LEADS]->(t:Task {county: $county})-[:IN_BATTLE]->(b:Battle)
WHERE r.inherited = true AND a.canonical IS NOT NULL AND t.start IS NOT NULL
  AND ($battle = 'all' OR b.id = $battle)
OPTIONAL MATCH (t)-[:IN_SECTION]->(s:Section)
WHERE s.name IS NOT NULL
RETURN t.id AS task_id, b.id AS battle, t.label AS label, t.title AS title,
       a.canonical AS agency, s.name AS heading
ORDER BY t.start, task_id, agency
