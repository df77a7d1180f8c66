#!/bin/sh
# HTTP API bench: ingestion of 1 KiB chat messages (1 and 8 clients) and search latency on a user with
# N stored messages (default 100000). Usage: bench/http/run.sh [messages] [ingest-seconds]
set -e
cd "$(dirname "$0")/../.."
# through the reactor, never `install` (~/.m2 is shared)
mvn -q -B -o -pl james-extensions -am test-compile
mvn -q -B -o -pl james-extensions dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
# the reactor's own classes first: ~/.m2 may hold another checkout's snapshot of cpm-recording-mailets
CP="james-extensions/target/test-classes:james-extensions/target/classes:cpm-recording-mailets/target/classes:$(cat james-extensions/target/bench-cp.txt)"
exec java -Xmx1g -Dlogback.configurationFile=conf/logback.xml -cp "$CP" org.cpmmss.james.http.HttpBench "${1:-100000}" "${2:-20}"
