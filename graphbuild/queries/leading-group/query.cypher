// Leading-group memberships (body named …领导小组) and the working groups under it.
// `spans` lists a node's source spans (FILE/START-END): the post a member holds "in the
// same line" is the one read from the membership's own span.
CALL () {
  MATCH (m:Membership)-[:HAS_MEMBER]->(p:Person {county: $county})
  MATCH (m)-[:IN_ORGANIZATION]->(o)
  WHERE m.role IS NOT NULL AND o.name CONTAINS '领导小组' AND p.name IS NOT NULL
  UNWIND coalesce(m.spans, []) AS span
  OPTIONAL MATCH (p)-[:HOLDS]->(held:Post)
  WHERE span IN held.spans AND held.name IS NOT NULL
  RETURN 'leading_group' AS part, 1 AS part_rank, o.name AS body, null AS battle,
         m.role AS role, 0 AS role_rank, p.name AS holder, held.name AS post,
         toInteger(split(last(split(span, '/')), '-')[0]) AS start
  UNION ALL
  MATCH (g:WorkingGroup {county: $county})
  WHERE g.name IS NOT NULL
  UNWIND coalesce(g.spans, []) AS span
  OPTIONAL MATCH (g)-[:IN_BATTLE]->(b:Battle)
  CALL (g) {
    MATCH (h)-[:CONVENES]->(g)
    RETURN h, '召集人' AS role, 1 AS role_rank
    UNION ALL
    MATCH (h)-[:DEPUTY_CONVENES]->(g)
    RETURN h, '副召集人' AS role, 2 AS role_rank
    UNION ALL
    MATCH (g)-[:HAS_OFFICE]->(h)
    RETURN h, '办公室' AS role, 3 AS role_rank
  }
  WITH g, b, span, h, role, role_rank
  WHERE h.name IS NOT NULL
  RETURN 'working_group' AS part, 2 AS part_rank, g.name AS body, b.id AS battle,
         role, role_rank, h.name AS holder, null AS post,
         toInteger(split(last(split(span, '/')), '-')[0]) AS start
}
RETURN part, body, battle, role, holder, post
ORDER BY part_rank, start, role_rank, holder
