MATCH (n)
RETURN m.name