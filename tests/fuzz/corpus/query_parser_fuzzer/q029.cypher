MATCH (a {name:'Amazon'})-[:PROVIDES_SERVICES_TO]->(x), (g {name:'Google'})-[:PROVIDES_SERVICES_TO]->(x)
MATCH (x)-[:BASED_IN]->(c)
RETURN x.name, c.name ORDER BY x.name