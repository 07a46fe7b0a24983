#!/usr/bin/env bash
# CI: fetch Neo4j 5.26 Community with Maven (cached in ~/.cache and ~/.m2 between runs) and
# start it on 127.0.0.1:7687, then prove it answers RETURN 1 with the stored password.
# All logic lives in graph/neo4j/server.py; this only calls its command line.  Nothing
# secret is printed: the password stays in the data dir's 0600 file (no `set -x` here).
set -euo pipefail
cd "$(dirname "$0")/.."

neo4j() { python -m graph.neo4j.cli "$@"; }

t0=$SECONDS
neo4j install
echo "neo4j install: $((SECONDS - t0)) s"

t0=$SECONDS
if ! neo4j start --port "${VBGRAPH_NEO4J_PORT:-7687}" --timeout 180; then
    echo "Neo4j did not start; last lines of its logs:" >&2
    data_dir=$(neo4j status --json | python -c 'import json,sys; print(json.load(sys.stdin)["data_dir"])')
    for log in "$data_dir/logs/console.log" "$data_dir/logs/neo4j.log"; do
        if [ -f "$log" ]; then tail -n 20 "$log" >&2; fi
    done
    exit 1
fi
echo "neo4j start: $((SECONDS - t0)) s"

# start already ran a query; this checks it again from a fresh process, as the tests will.
neo4j status --check
