// 12 Facts per sector
// Answers: how many relationships touch each sector of the vocabulary (a fact may belong to
// several sectors), and how many of those are dated.
// Parameters: none.
// Example: (no :param needed)
MATCH (:Entity)-[r]->(:Entity)
UNWIND r.sectors AS sector
RETURN sector, count(r) AS facts,
       count(CASE WHEN r.t_from IS NOT NULL OR r.t_to IS NOT NULL THEN 1 END) AS dated
ORDER BY facts DESC, sector
