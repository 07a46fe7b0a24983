"""The Neo4j backend: the server, loading (MERGE and bulk import), queries, Neo4j Browser."""
