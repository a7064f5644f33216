// Aligned task pairs of one battle, with their scores and titles.
MATCH (ta:Task)-[r:ALIGNED_WITH]->(tb:Task), (ta)-[:IN_BATTLE]->(:Battle {id: $battle})
RETURN ta.id AS a, tb.id AS b, r.score AS score, ta.title AS title_a, tb.title AS title_b
ORDER BY a, b
