// The co-responsibility edge list of one county: pairs of units (a < b, collective names
// left out) named on the same task in any role, weighted by the tasks they share. The
// question's Python function (question.toml) computes the answer from these rows.
MATCH (x:Agency)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(t:Task {county: $county})
      <-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]-(y:Agency)
WHERE x.collective = false AND y.collective = false AND x.canonical < y.canonical
RETURN x.canonical AS a, y.canonical AS b,
       count(DISTINCT t) AS weight,
       collect(DISTINCT t.id) AS tasks
ORDER BY a, b
