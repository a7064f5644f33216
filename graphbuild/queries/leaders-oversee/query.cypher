// Leaders (persons) who oversee tasks of one county, with those tasks.
MATCH (p:Person)-[:OVERSEES]->(t:Task {county: $county})-[:IN_BATTLE]->(b:Battle)
WHERE p.name IS NOT NULL
RETURN p.name AS leader,
       count(DISTINCT t) AS tasks,
       collect(DISTINCT b.id) AS battles,
       collect(DISTINCT t.id) AS task_ids
ORDER BY tasks DESC, leader
