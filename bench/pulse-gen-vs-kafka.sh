#!/usr/bin/env bash
# pulse gen vs Kafka's ProducerPerformance, against one fresh local broker.
#
#   bench/pulse-gen-vs-kafka.sh [--records N] [--rounds R] [--streams N] [--tools-version V]
#   (defaults: --records 2000000 --rounds 5 --streams 3 --tools-version 4.0.0)
#
# What it does (docs/benchmarks.md, "pulse gen vs Kafka ProducerPerformance"):
#   1. builds what is missing: the pulse CLI (cli), the infrastructure launcher
#      (deploy/infra, installed in the local Maven repository) and the classpath of Kafka's tools
#      (bench/kafka-tools/pom.xml, not part of the root build);
#   2. starts a fresh Kafka broker (and the PostgreSQL that comes with the launcher, idle here) in a
#      temporary directory, on ports chosen by the OS, topic pulse.events with 6 partitions;
#   3. warm-up and sizing (not counted): `pulse gen` sends N events, a consumer reads them back and
#      the mean size of their values is the record size S; then one ProducerPerformance run;
#   4. R rounds, alternating which tool goes first: ProducerPerformance with N records of S bytes,
#      and `pulse gen` with N events, both with acks=all, linger.ms=5, batch.size=65536,
#      compression none, idempotence on (pulse turns it on with acks=all);
#   5. prints a markdown table (median events/s and MB/s of each, the ratio) on standard output,
#      progress on standard error; stops the broker and deletes the directory on exit.
#
# Environment: JAVA_HOME (else java on PATH); PULSE_JAVA_OPTS is passed to bin/pulse as usual;
# KAFKA_TOOLS_JAVA_OPTS replaces the JVM options of ProducerPerformance (default: those of Kafka's
# kafka-producer-perf-test.sh); MAVEN_REPO_LOCAL if the local Maven repository is not ~/.m2/repository.
set -euo pipefail

records=2000000
rounds=5
streams=3
tools_version=4.0.0   # the kafka-clients version pulse uses (Quarkus 3.27); 4.3.1 is the broker's

usage() {
  sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --records) records=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --streams) streams=$2; shift 2 ;;
    --tools-version) tools_version=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$records$rounds$streams" in
  *[!0-9]*) echo "--records, --rounds and --streams take whole numbers" >&2; exit 2 ;;
esac

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

# ---- 1. build what is missing ------------------------------------------------------------------
need_infra_launcher
need_pulse_cli
tools_cp_file=bench/kafka-tools/target/classpath-$tools_version.txt
if [ ! -f "$tools_cp_file" ] || [ bench/kafka-tools/pom.xml -nt "$tools_cp_file" ]; then
  say "resolving Kafka's tools $tools_version (bench/kafka-tools)..."
  (cd bench/kafka-tools && ../../mvnw -q dependency:build-classpath -Dkafka.tools.version="$tools_version" \
      -Dmdep.outputFile="target/classpath-$tools_version.txt" ${maven_repo:+"$maven_repo"})
fi
tools_cp=$(cat "$tools_cp_file")
tools_opts=${KAFKA_TOOLS_JAVA_OPTS:--Xmx512M -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}

# ---- a quiet machine? (broker and clients share it) --------------------------------------------
check_quiet

# ---- 2. a fresh broker -------------------------------------------------------------------------
make_work_dir
start_infra

# ---- the two measurements ----------------------------------------------------------------------
producer_flags=(--acks all --linger-ms 5 --batch-size 65536 --compression none)

run_gen() { # prints events/s
  local out
  out=$(bin/pulse gen --rate 0 --count "$records" --json --streams "$streams" "${producer_flags[@]}" \
      --bootstrap-servers "$bootstrap" 2>>"$work/gen.err")
  local sent eps failed
  sent=$(printf '%s' "$out" | sed -n 's/.*"sent":\([0-9]*\).*/\1/p')
  failed=$(printf '%s' "$out" | sed -n 's/.*"failed":\([0-9]*\).*/\1/p')
  eps=$(printf '%s' "$out" | sed -n 's/.*"events_per_second":\([0-9.]*\).*/\1/p')
  if [ "$sent" != "$records" ] || [ "$failed" != 0 ]; then
    cat "$work/gen.err" >&2; echo "pulse gen did not send $records events: $out" >&2; exit 1
  fi
  say "  pulse gen:           $out"
  printf '%s\n' "$eps"
}

run_kafka() { # prints records/s
  local last
  # shellcheck disable=SC2086
  last=$("$java" $tools_opts -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$tools_cp" \
      org.apache.kafka.tools.ProducerPerformance --topic pulse.events --num-records "$records" \
      --record-size "$size" --throughput -1 --producer-props bootstrap.servers="$bootstrap" acks=all \
      linger.ms=5 batch.size=65536 compression.type=none enable.idempotence=true \
      2>>"$work/kafka.err" | grep 'records sent' | tail -1)
  case "$last" in
    "$records records sent, "*) ;;
    *) cat "$work/kafka.err" >&2; echo "ProducerPerformance did not send $records records: $last" >&2; exit 1 ;;
  esac
  say "  ProducerPerformance: $last"
  printf '%s\n' "$last" | sed -n 's/^[0-9]* records sent, \([0-9.]*\) records\/sec.*/\1/p'
}

# ---- 3. warm-up (of the broker too) and record size --------------------------------------------
say "warm-up and sizing: pulse gen, $records events (not counted)"
run_gen >/dev/null
# The consumer prints each value on its own line (the JSON has no line breaks): bytes - newlines.
sample_bytes=$("$java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$tools_cp" \
    org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$bootstrap" --topic pulse.events \
    --from-beginning --max-messages "$records" --timeout-ms 30000 2>>"$work/consumer.err" | wc -c)
size=$(awk -v b="$sample_bytes" -v n="$records" 'BEGIN { printf "%d", (b - n) / n + 0.5 }')
mean=$(awk -v b="$sample_bytes" -v n="$records" 'BEGIN { printf "%.1f", (b - n) / n }')
[ "$size" -gt 0 ] || { cat "$work/consumer.err" >&2; echo "could not read the events back" >&2; exit 1; }
say "mean value size of gen's events: $mean bytes (read back all $records); record size S = $size"
say "warm-up: ProducerPerformance, $records records (not counted)"
run_kafka >/dev/null
sleep 2

# ---- 4. rounds ---------------------------------------------------------------------------------
cpu_mark
gen_rates=()
kafka_rates=()
for r in $(seq "$rounds"); do
  say "round $r of $rounds"
  if [ $((r % 2)) -eq 1 ]; then
    kafka_rates+=("$(run_kafka)"); sleep 2
    gen_rates+=("$(run_gen)"); sleep 2
  else
    gen_rates+=("$(run_gen)"); sleep 2
    kafka_rates+=("$(run_kafka)"); sleep 2
  fi
done

others_cpu

# ---- 5. report ---------------------------------------------------------------------------------
kafka_median=$(median "${kafka_rates[@]}")
gen_median=$(median "${gen_rates[@]}")
ratio=$(awk -v g="$gen_median" -v k="$kafka_median" 'BEGIN { printf "%.2f", g / k }')
mb() { awk -v e="$1" -v s="$size" 'BEGIN { printf "%.1f", e * s / 1e6 }'; }

cat <<EOF

**pulse gen vs Kafka ProducerPerformance** — $(machine)

N = $(fmt "$records") records per run, $rounds rounds (alternating), record size S = $size B (mean of gen's events: $mean B),
acks=all, idempotence on, linger.ms=5, batch.size=65536, compression none, topic pulse.events (6 partitions), gen --streams $streams.
Other processes used ${busy:-?}% of the CPUs just before the start and ${others:-?}% during the rounds.

| producer | runs (events/s) | median events/s | median MB/s |
| --- | --- | ---: | ---: |
| Kafka ProducerPerformance $tools_version | $(runs "${kafka_rates[@]}") | $(fmt "$kafka_median") | $(mb "$kafka_median") |
| \`pulse gen\`${PULSE_JAVA_OPTS:+ with \`PULSE_JAVA_OPTS=$PULSE_JAVA_OPTS\`} | $(runs "${gen_rates[@]}") | $(fmt "$gen_median") | $(mb "$gen_median") |

Ratio pulse gen / ProducerPerformance: **$ratio** (target: at least 0.80)
EOF
