MATCH (us {name:'United States'})-[:BLACKLISTS]->(firm)<-[s:PROVIDES_SERVICES_TO]-(p)
RETURN p.name, collect(firm.name), count(s) ORDER BY p.name