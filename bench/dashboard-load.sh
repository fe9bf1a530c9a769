#!/usr/bin/env bash
# The dashboard's budget: the size of its JavaScript (gzipped), and the time until the first view is usable
# in headless chromium against the real stack (broker, database, aggregator, gateway as processes).
#
#   bench/dashboard-load.sh [--streams 20] [--runs 10]
#
# Needs chromium (.ci/install-test-tools.sh) and a built repository (built here when missing).
. "$(dirname "$0")/lib.sh"

assets=dashboard-ui/target/classes/META-INF/resources/assets
if [ ! -f gateway-service/target/quarkus-app/quarkus-run.jar ] || [ ! -f aggregator-service/target/quarkus-app/quarkus-run.jar ] \
    || [ ! -f "$assets/app.js" ]; then
  say "building the dashboard, the aggregator and the gateway..."
  ./mvnw -q -o -pl dashboard-ui,aggregator-service,gateway-service -am install -DskipTests ${maven_repo:+"$maven_repo"} >&2
fi

say "$(machine)"
for f in app.js style.css; do
  printf '%-10s %7d bytes, %6d bytes gzipped\n' "$f" "$(wc -c <"$assets/$f")" "$(gzip -9 -c "$assets/$f" | wc -c)"
done

./mvnw -q -o -pl e2e-tests test-compile exec:java ${maven_repo:+"$maven_repo"} \
  -Dexec.mainClass=io.pulseboard.e2e.bench.DashboardLoad \
  -Dexec.classpathScope=test \
  -Dpulse.repository.root="$PWD" \
  -Dexec.args="$*"
