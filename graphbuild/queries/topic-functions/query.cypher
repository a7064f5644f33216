// Units of the topic's tasks by function, county and role ("-" for a unit with no function).
MATCH (t:Task)-[:IN_BATTLE]->(b:Battle)
WHERE t.county IS NOT NULL AND t.path IS NOT NULL
  AND ($battle = 'all' OR b.id = $battle)
  AND (t.path CONTAINS $topic OR coalesce(t.title, '') CONTAINS $topic)
MATCH (a:Agency)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(t)
WHERE a.canonical IS NOT NULL
OPTIONAL MATCH (a)-[:HAS_FUNCTION]->(f:Function)
WITH coalesce(f.name, '-') AS function, t.county AS county,
     CASE type(r) WHEN 'LEADS' THEN 'lead' WHEN 'RESPONSIBLE_FOR' THEN 'responsible'
                  ELSE 'cooperate' END AS role,
     CASE type(r) WHEN 'LEADS' THEN 1 WHEN 'RESPONSIBLE_FOR' THEN 2 ELSE 3 END AS role_rank,
     a.canonical AS agency, t
RETURN function, county, role, role_rank,
       collect(DISTINCT agency) AS agencies,
       count(DISTINCT t) AS tasks
ORDER BY function, role_rank, county
