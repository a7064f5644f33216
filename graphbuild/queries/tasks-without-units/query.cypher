// Tasks with no responsibility at all, in document order.
MATCH (t:Task {county: $county})-[:IN_BATTLE]->(b:Battle)
WHERE ($battle = 'all' OR b.id = $battle)
  AND t.kind IS NOT NULL AND t.start IS NOT NULL
  AND NOT EXISTS { (t)<-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]-(:Agency) }
RETURN t.id AS task_id, b.id AS battle, t.kind AS kind, t.label AS label, t.title AS title
ORDER BY t.start, task_id
