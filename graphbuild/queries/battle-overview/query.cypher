// Counts per county and battle (the six battles in the programme's order, then a plan's own
// groups such as district-1).
WITH ['growth', 'innovation', 'environment', 'risk', 'safety', 'livelihood'] AS battles
MATCH (t:Task)-[:IN_BATTLE]->(b:Battle)
WHERE t.county IS NOT NULL
  AND ($county = 'all' OR t.county = $county)
OPTIONAL MATCH (a:Agency)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(t)
WHERE r.inherited IS NOT NULL AND a.canonical IS NOT NULL
WITH t.county AS county, b.id AS battle,
     coalesce([i IN range(0, size(battles) - 1) WHERE battles[i] = b.id][0], 100)
       AS battle_rank,
     t, r, a
RETURN county, battle, battle_rank,
       count(DISTINCT t) AS tasks,
       count(DISTINCT CASE WHEN type(r) = 'LEADS' THEN t END) AS with_lead,
       count(DISTINCT CASE WHEN r IS NULL THEN t END) AS without_units,
       count(DISTINCT a.canonical) AS agencies,
       count(DISTINCT CASE WHEN type(r) = 'LEADS' AND NOT r.inherited THEN r END)
         AS stated_leads,
       count(DISTINCT CASE WHEN type(r) = 'LEADS' AND r.inherited THEN r END)
         AS inherited_leads
ORDER BY county, battle_rank, battle
