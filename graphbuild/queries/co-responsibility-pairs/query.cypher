// Co-responsibility pairs (a < b) of one county, weighted by shared tasks.
MATCH (x:Agency)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(t:Task {county: $county})
      <-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]-(y:Agency)
WHERE x.collective = false AND y.collective = false AND x.canonical < y.canonical
RETURN x.canonical AS a, y.canonical AS b,
       count(DISTINCT t) AS weight,
       collect(DISTINCT t.id) AS tasks
ORDER BY weight DESC, a, b
