// Units ranked by the tasks they lead in one county (and battle, or "all").
// ranked counts the kind of lead asked for ($lead_kind); the three columns count each kind.
MATCH (a:Agency)-[r:LEADS]->(t:Task {county: $county})-[:IN_BATTLE]->(b:Battle)
WHERE ($battle = 'all' OR b.id = $battle) AND r.inherited IS NOT NULL
  AND a.canonical IS NOT NULL
WITH a.canonical AS agency, t,
     CASE WHEN r.inherited THEN 0 ELSE 1 END AS stated,
     CASE WHEN r.inherited THEN 1 ELSE 0 END AS inherited
WITH agency,
     sum(stated) AS stated_leads,
     sum(inherited) AS inherited_leads,
     count(DISTINCT t) AS total_leads,
     sum(CASE $lead_kind WHEN 'stated' THEN stated WHEN 'inherited' THEN inherited ELSE 1 END)
       AS ranked
WHERE ranked > 0
RETURN agency, stated_leads, inherited_leads, total_leads, ranked
ORDER BY ranked DESC, total_leads DESC, agency
