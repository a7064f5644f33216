// Units ranked by the tasks they lead, per county (one county, or "all" side by side) and
// battle (or "all"). Counting unit: a task counts once for the unit that leads it; a
// sub-item (or step of a sub-item) led by the same unit as the task above it is a step of
// that task, not another task. ranked counts the kind of lead asked for ($lead_kind).
MATCH (a:Agency)-[r:LEADS]->(t:Task)-[:IN_BATTLE]->(b:Battle)
WHERE ($county = 'all' OR t.county = $county) AND ($battle = 'all' OR b.id = $battle)
  AND r.inherited IS NOT NULL AND a.canonical IS NOT NULL
  AND NOT EXISTS { MATCH (t)-[:SUB_ITEM_OF]->(:Task)<-[:LEADS]-(a) }
WITH t.county AS county, a.canonical AS agency, t,
     CASE WHEN r.inherited THEN 0 ELSE 1 END AS stated,
     CASE WHEN r.inherited THEN 1 ELSE 0 END AS inherited
WITH county, agency,
     sum(stated) AS stated_leads,
     sum(inherited) AS inherited_leads,
     count(DISTINCT t) AS total_leads,
     sum(CASE $lead_kind WHEN 'stated' THEN stated WHEN 'inherited' THEN inherited ELSE 1 END)
       AS ranked
WHERE ranked > 0
RETURN county, agency, stated_leads, inherited_leads, total_leads, ranked
ORDER BY county, ranked DESC, total_leads DESC, agency
