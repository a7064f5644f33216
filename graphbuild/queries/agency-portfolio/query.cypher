// Every responsibility of one agency (canonical name or a surface form) in one county.
MATCH (a:Agency {county: $county})
WHERE a.canonical = $agency OR $agency IN coalesce(a.names, [])
MATCH (a)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(t:Task)-[:IN_BATTLE]->(b:Battle)
WHERE r.inherited IS NOT NULL AND t.start IS NOT NULL
WITH DISTINCT b.id AS battle, t.id AS task_id, t.label AS label, t.title AS title,
     CASE type(r) WHEN 'LEADS' THEN 'lead' WHEN 'RESPONSIBLE_FOR' THEN 'responsible'
                  ELSE 'cooperate' END AS role,
     CASE type(r) WHEN 'LEADS' THEN 1 WHEN 'RESPONSIBLE_FOR' THEN 2 ELSE 3 END AS role_rank,
     r.inherited AS inherited, t.start AS start
RETURN battle, task_id, label, title, role, inherited
ORDER BY start, task_id, role_rank
