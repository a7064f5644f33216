// Collective names of one county, most used first.
MATCH (a:Agency {county: $county})
WHERE a.collective = true AND a.canonical IS NOT NULL
OPTIONAL MATCH (a)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(t:Task)-[:IN_BATTLE]->(b:Battle)
WITH a.canonical AS agency, collect(DISTINCT a) AS nodes,
     count(DISTINCT t) AS tasks, collect(DISTINCT b.id) AS battles
RETURN agency,
       COLLECT { UNWIND nodes AS n UNWIND coalesce(n.names, []) AS form RETURN DISTINCT form }
         AS surface_forms,
       tasks, battles
ORDER BY tasks DESC, agency
