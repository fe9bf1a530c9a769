#!/usr/bin/env bash
# Load on the gateway: N WebSocket clients with M subscriptions each, HourlyMetrics straight into pulse.metrics.
#
#   bench/gateway-load.sh [--connections N] [--subscriptions M] [--streams S] [--rate R] [--seconds T] [--warmup W]
#   (defaults: --connections 1000 --subscriptions 5 --streams 500 --rate 1000 --seconds 30 --warmup 10)
#
# What it does (docs/benchmarks.md, "Gateway fan-out"):
#   1. builds what is missing: the gateway application and the load tool (e2e-tests test classes);
#   2. starts a fresh Kafka broker (and the idle PostgreSQL of the launcher) on ports chosen by the OS, and
#      the built gateway as its own process (-Xmx512m);
#   3. opens N connections from one client JVM (Vert.x, 2 event loops), each subscribing to M of the S
#      streams bench.0 ... bench.S-1 by name, and measures the gateway's heap after a full GC before and after;
#   4. writes R HourlyMetrics per second, round-robin over the streams (each connection then gets M*R/S
#      updates per second), warms up W seconds, measures T seconds;
#   5. prints a markdown table row: delivered messages/s, latency from the record's Kafka timestamp to the
#      client (p50, p99, max, ms), heap per idle connection, connections held.
# Environment: JAVA_HOME (else java on PATH); MAVEN_OPTS for the client JVM (default -Xmx2g).
set -euo pipefail
cd "$(dirname "$0")/.."

# Every connection is a file descriptor on each side.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

if [ ! -f gateway-service/target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -q -o -pl gateway-service -am install -DskipTests >&2
fi
export MAVEN_OPTS="${MAVEN_OPTS:--Xmx2g}"
./mvnw -q -o -pl e2e-tests test-compile exec:java \
  -Dexec.mainClass=io.pulseboard.e2e.bench.GatewayLoad \
  -Dexec.classpathScope=test \
  -Dpulse.repository.root="$PWD" \
  -Dexec.args="$*"
