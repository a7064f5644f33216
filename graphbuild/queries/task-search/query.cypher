// Tasks whose text or title contains the keyword, by county in document order.
MATCH (t:Task)-[:IN_BATTLE]->(b:Battle)
WHERE t.county IS NOT NULL AND t.kind IS NOT NULL AND t.text IS NOT NULL
  AND t.start IS NOT NULL
  AND (t.text CONTAINS $keyword OR coalesce(t.title, '') CONTAINS $keyword)
RETURN t.id AS task_id, t.county AS county, b.id AS battle, t.kind AS kind,
       t.label AS label, t.title AS title,
       COLLECT { MATCH (a:Agency)-[:LEADS]->(t) RETURN DISTINCT a.canonical } AS lead_units
ORDER BY county, t.start, task_id
