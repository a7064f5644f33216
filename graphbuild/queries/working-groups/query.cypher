// Working groups of one county in document order, with convenors, office and members.
MATCH (g:WorkingGroup {county: $county})
WHERE g.name IS NOT NULL AND g.start IS NOT NULL
OPTIONAL MATCH (g)-[:IN_BATTLE]->(b:Battle)
OPTIONAL MATCH (c)-[:CONVENES]->(g) WHERE c.name IS NOT NULL
OPTIONAL MATCH (g)-[:HAS_OFFICE]->(o:Agency)
WITH DISTINCT g, b.id AS battle, c.name AS convenor, o.canonical AS office
WITH g, battle, convenor, office,
     COLLECT { MATCH (d)-[:DEPUTY_CONVENES]->(g) WHERE d.name IS NOT NULL RETURN DISTINCT d.name }
       AS deputy_convenors,
     COLLECT { MATCH (m:Agency)-[:MEMBER_OF]->(g) RETURN DISTINCT m.canonical } AS members
RETURN battle, g.name AS working_group, convenor, deputy_convenors, office, members,
       size(members) AS member_count
ORDER BY g.start, working_group
