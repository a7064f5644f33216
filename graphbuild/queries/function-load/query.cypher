// Agencies by function, for functions present in both counties, with their task counts.
MATCH (x:Agency)-[:HAS_FUNCTION]->(f:Function)
WHERE x.county IS NOT NULL
WITH f, count(DISTINCT x.county) AS counties
WHERE counties > 1 AND f.name IS NOT NULL AND ($function = 'all' OR f.name = $function)
MATCH (a:Agency)-[:HAS_FUNCTION]->(f)
WHERE a.county IS NOT NULL AND a.canonical IS NOT NULL
OPTIONAL MATCH (a)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(t)
WITH f.name AS function, a.county AS county, a.canonical AS agency, r, t
RETURN function, county, agency,
       sum(CASE WHEN type(r) = 'LEADS' THEN 1 ELSE 0 END) AS leads,
       sum(CASE WHEN type(r) = 'RESPONSIBLE_FOR' THEN 1 ELSE 0 END) AS responsible,
       sum(CASE WHEN type(r) = 'COOPERATES_ON' THEN 1 ELSE 0 END) AS cooperates,
       count(DISTINCT t) AS tasks
ORDER BY function, county, tasks DESC, agency
