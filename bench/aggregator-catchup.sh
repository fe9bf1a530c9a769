#!/usr/bin/env bash
# The aggregator catching up on events already on the topic, with checkpointing on.
#
#   bench/aggregator-catchup.sh [--events N] [--streams S] [--rounds R] [--rules K]
#   (defaults: --events 5000000 --streams 100 --rounds 3 --rules 0)
#
# What it does (docs/benchmarks.md, "Aggregator: events/s from the topic, with checkpointing"):
#   1. builds what is missing: the infrastructure launcher (deploy/infra, installed in the local
#      Maven repository), the pulse CLI (cli) and the aggregator (aggregator-service), and
#      copies the aggregator into a temporary directory, so that a rebuild cannot change it mid-run;
#   2. starts a fresh Kafka broker and PostgreSQL in that directory, on ports chosen by the OS, topic
#      pulse.events with 6 partitions; with --rules K, starts the aggregator once, creates K alert
#      rules over its REST API (the mix of docs/benchmarks.md, "Alert rules: evaluation cost"),
#      checks that it stores them all, and stops it; then fills the topic:
#      `pulse gen --rate 0 --count N --streams S`;
#   3. R rounds: starts the aggregator with a new consumer group (so it has no checkpoint and reads
#      every event from offset 0) and the default settings (checkpoint every 2 s), reads its
#      /q/metrics every 250 ms until it has consumed N events; events/s = the events consumed
#      between the first sample above 0 and the first sample at N, divided by the time between them;
#      with rules, it first checks that the aggregator holds all K (its readiness check of the rules,
#      which is UP once pulse.rules is read, and GET /api/rules);
#   4. checks the result: the hourly rows the aggregator serves over REST add up to N; then notes
#      its checkpoint and flush times, checkpoint sizes and peak RSS, and stops it (SIGTERM); the
#      hourly and minute rows (and the alerts) are deleted before the next round, so every round starts
#      from an empty database (the rules stay);
#   5. prints a markdown table on standard output, progress on standard error; stops everything and
#      deletes the directory on exit.
#
# Environment: the aggregator inherits it, so its settings can be changed as usual (for example
# PULSE_SAMPLES_ENABLED=false for no live feed, PULSE_SAMPLES_MAX_AGE=1h to sample a catch-up as live);
# JAVA_HOME (else java on PATH); AGGREGATOR_JAVA_OPTS, JVM options for the aggregator
# (default: none, the JVM's own defaults; e.g. a flight recording to profile it); PULSE_JAVA_OPTS is
# passed to bin/pulse as usual; MAVEN_REPO_LOCAL if the local Maven repository is not ~/.m2/repository;
# PULSE_INFRA_NON_DURABLE=true runs PostgreSQL with fsync, synchronous_commit and full_page_writes off
# (default: on, as ./pulseboard runs it), to compare. With --rules, PULSE_NOTIFICATIONS_ALLOWED_HOSTS
# is set to 127.0.0.1: the rules' webhook is a port on this machine where nothing listens.
# Needs curl and jq.
set -euo pipefail

events=5000000
streams=100
rounds=3
rules=0

usage() {
  sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --events) events=$2; shift 2 ;;
    --streams) streams=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --rules) rules=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$events$streams$rounds$rules" in
  *[!0-9]*) echo "--events, --streams, --rounds and --rules take whole numbers" >&2; exit 2 ;;
esac
for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "this benchmark needs $tool" >&2; exit 2; }
done

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

# ---- 1. build what is missing ------------------------------------------------------------------
need_infra_launcher
need_pulse_cli
if [ ! -f aggregator-service/target/quarkus-app/quarkus-run.jar ]; then
  say "building the aggregator (aggregator-service)..."
  ./mvnw -q -pl aggregator-service -am package -DskipTests ${maven_repo:+"$maven_repo"}
fi

# ---- a quiet machine? (broker, database and aggregator share it) ------------------------------
check_quiet

make_work_dir
cp -r aggregator-service/target/quarkus-app "$work/aggregator"
agg_pid=
launcher_pid=
stop_own() { stop_process "$launcher_pid" aggregator; }

# The stack launcher runs the copied aggregator on the infrastructure of start_infra, on a port the OS
# chooses, with consumer group GROUP, its logs in $work/TAG; the aggregator inherits the environment.
# Sets launcher_pid, port and agg_pid.
start_aggregator() { # TAG GROUP
  MP_MESSAGING_INCOMING_EVENTS_GROUP_ID=$2 launch "$work/launcher-$1.log" --infra-from "$stack_file" \
    --service aggregator --jar aggregator="$work/aggregator/quarkus-run.jar" --java-opts aggregator="${AGGREGATOR_JAVA_OPTS:-}" \
    --logs "$work/$1" --stack-file "$work/$1/stack.json"
  launcher_pid=$launched_pid
  await_stack_file "$work/$1/stack.json" "$work/launcher-$1.log" aggregator
  port=$(jq -r .services.aggregator.port "$work/$1/stack.json")
  agg_pid=$(jq -r .services.aggregator.pid "$work/$1/stack.json")
}

# ---- 2. a fresh broker and database, the rules, and the events ---------------------------------
start_infra

# The rules: K of the mix below, created over REST by a running aggregator, which stores them in
# PostgreSQL and publishes them to pulse.rules, where every later aggregator reads them at its start.
# Rule i (from 0): 9 in 10 watch one stream, gen.((i mod S) + 1); every 10th a glob gen.D* (D = 1 to 9
# in turn: the streams whose number starts with D), so from 90 rules on every stream has one. Kinds
# in turn: error_rate > 0.25; p95(latency_ms) > 1000 with resolve p95(latency_ms) < 800; count < 1
# (absence); errors / count > 0.05 and count > 100; sum(latency_ms) > 1e15 over 24h (a window of hours:
# stored hours read in the background); p95(latency_ms) > 5 * p95(latency_ms) offset 1d over 5m (an
# earlier window, from stored minutes). Windows 1m, 5m, 15m, 60m in turn for the first four (absence 15m
# and 60m only: the events' times are those of the fill, and they stay in such a window through a run
# of up to 15 minutes); for 1m, 2m, 5m in turn (longer than a round's catch-up, so a rule that holds
# goes pending, not firing). Thresholds above what pulse gen's events reach (1 % errors, latency_ms
# log-normal with median 90 and p95 about 240), so a rule holds only by chance, on a stream's first few
# events. The webhook is a port of this machine where nothing listens.
cat >"$work/CreateRules.java" <<'EOF'
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

class CreateRules {
    static final String[] KINDS = {
        "error_rate > 0.25", "p95(latency_ms) > 1000", "count < 1", "errors / count > 0.05 and count > 100",
        "sum(latency_ms) > 1e15", "p95(latency_ms) > 5 * p95(latency_ms) offset 1d"};
    static final String[] WINDOWS = {"1m", "5m", "15m", "60m"};
    static final String[] FORS = {"1m", "2m", "5m"};
    static final String[] SEVERITIES = {"info", "warning", "critical"};

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]), rules = Integer.parseInt(args[1]), streams = Integer.parseInt(args[2]);
        HttpClient http = HttpClient.newHttpClient();
        var pool = Executors.newFixedThreadPool(4);
        List<Future<String>> answers = new ArrayList<>();
        long pairs = 0;
        for (int i = 0; i < rules; i++) {
            String prefix = i % 10 == 9 ? "gen." + ((i / 10) % 9 + 1) : null;
            String stream = prefix != null ? prefix + "*" : "gen." + (i % streams + 1);
            for (int k = 1; k <= streams; k++) {
                String name = "gen." + k;
                pairs += (prefix != null ? name.startsWith(prefix) : name.equals(stream)) ? 1 : 0;
            }
            int kind = i % KINDS.length;
            String window = switch (kind) {
                case 2 -> WINDOWS[2 + (i / KINDS.length) % 2];
                case 4 -> "24h";
                case 5 -> "5m";
                default -> WINDOWS[(i / KINDS.length) % 4];
            };
            String body = "{\"name\": \"bench rule " + i + "\", \"stream\": \"" + stream + "\", \"expr\": \"" + KINDS[kind] + "\""
                    + (kind == 1 ? ", \"resolve\": \"p95(latency_ms) < 800\"" : "")
                    + ", \"window\": \"" + window + "\", \"for\": \"" + FORS[(i / 16) % 3] + "\""
                    + ", \"severity\": \"" + SEVERITIES[i % 3] + "\", \"labels\": {\"team\": \"team-" + i % 10 + "\"}"
                    + ", \"webhook\": \"http://127.0.0.1:9/pulse-bench\"}";
            HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/rules"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            answers.add(pool.submit(() -> {
                HttpResponse<String> answer = http.send(post, HttpResponse.BodyHandlers.ofString());
                return answer.statusCode() == 201 ? null : answer.statusCode() + " " + answer.body() + " for " + body;
            }));
        }
        for (Future<String> a : answers) {
            String failed = a.get();
            if (failed != null) {
                System.err.println("creating a rule failed: " + failed);
                System.exit(1);
            }
        }
        pool.shutdown();
        System.out.println(pairs);
    }
}
EOF
pairs=0
if [ "$rules" -gt 0 ]; then
  export PULSE_NOTIFICATIONS_ALLOWED_HOSTS=127.0.0.1
  say "creating $rules alert rules over the aggregator's REST API"
  start_aggregator rules bench-rules
  pairs=$("$java" "$work/CreateRules.java" "$port" "$rules" "$streams") || {
    tail -40 "$work/rules/aggregator.log" >&2; echo "creating the rules failed" >&2; exit 1; }
  stored=$(curl -sf --max-time 30 "http://127.0.0.1:$port/api/rules" | jq length)
  if [ "$stored" != "$rules" ]; then
    tail -40 "$work/rules/aggregator.log" >&2; echo "GET /api/rules lists $stored rules, not $rules" >&2; exit 1
  fi
  say "  $rules rules stored: $(fmt "$pairs") (rule, stream) pairs over the $streams streams gen.1 ... gen.$streams"
  stop_process "$launcher_pid" aggregator
  launcher_pid=
fi

# With rules: the aggregator holds them all before it counts (its readiness is DOWN until its rule
# table has read pulse.rules, and the launcher waits for readiness), and PostgreSQL lists them all.
check_rules() {
  local held listed
  held=$(curl -s --max-time 10 "http://127.0.0.1:$port/q/health/ready" |
    jq -r '.checks[] | select(.name == "Pulseboard rules") | "\(.status) \(.data.rules)"')
  listed=$(curl -sf --max-time 30 "http://127.0.0.1:$port/api/rules" | jq length)
  [ "$held" = "UP $rules" ] || fail_round "the aggregator's rule table: '$held', not 'UP $rules'"
  [ "$listed" = "$rules" ] || fail_round "GET /api/rules lists $listed rules, not $rules"
}

say "filling pulse.events: pulse gen, $events events over $streams streams"
fill_start_ms=$(( $(date +%s%N) / 1000000 ))
fill=$(bin/pulse gen --rate 0 --count "$events" --streams "$streams" --json --bootstrap-servers "$bootstrap" 2>"$work/gen.err") || {
  cat "$work/gen.err" >&2; echo "pulse gen failed: $fill" >&2; exit 1; }
if [ "$(printf '%s' "$fill" | jq -r '.sent')" != "$events" ] || [ "$(printf '%s' "$fill" | jq -r '.failed')" != 0 ]; then
  cat "$work/gen.err" >&2; echo "pulse gen did not send $events events: $fill" >&2; exit 1
fi
fill_rate=$(printf '%s' "$fill" | jq -r '.events_per_second')
say "  $fill"

# ---- the aggregator, one round ----------------------------------------------------------------
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# One scrape of /q/metrics as "name value" lines of the numbers used here (empty if not reachable).
scrape() {
  curl -sf --max-time 2 "http://127.0.0.1:$port/q/metrics" 2>/dev/null | awk '
    /^pulse_aggregator_(events_[a-z_]+_total|checkpoint_seconds_(count|sum|max)|checkpoint_size_bytes_(count|sum|max)|flush_seconds_max) / { print $1, $2 }
    /^pulse_alerts_(evaluation_seconds_(count|sum|max)|changes_total) / { print $1, $2 }
    /^pulse_alerts_webhook_calls_total\{/ { print $1, $2 }' || true
}
value() { # NAME from the last scrape ($sample), 0 if absent
  printf '%s\n' "$sample" | awk -v n="$1" '$1 == n { printf "%.6f", $2; found = 1 } END { if (!found) print 0 }'
}
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }
proc_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

# The hourly rows of every stream over REST (all hours since the fill began, in case it crossed an
# hour), those written in this round; prints the sum of their counts.
served_count() {
  curl -sf --max-time 10 "http://127.0.0.1:$port/api/export/metrics?format=json&from=$((fill_start_ms - 3600000))&to=$(( $(now_ms) + 3600000 ))" |
    jq --argjson since "$1" '
      def ms: capture("^(?<s>[^.Z]+)(\\.(?<f>[0-9]+))?Z$") | ((.s + "Z") | fromdateiso8601) * 1000 + (((.f // "") + "000")[0:3] | tonumber);
      [.[] | select((.updated_at | ms) >= $since) | .count] | add // 0'
}

# Deletes the hourly and minute rows and the alerts (with the driver the aggregator ships), so that a
# round cannot find the hours of the one before: events of an hour that has closed meanwhile would be added to them.
cat >"$work/ClearHours.java" <<'EOF'
import java.sql.DriverManager;

class ClearHours {
    public static void main(String[] args) throws Exception {
        try (var db = DriverManager.getConnection(args[0], args[1], args[2]); var sql = db.createStatement()) {
            int rows = sql.executeUpdate("delete from pulse_hour") + sql.executeUpdate("delete from pulse_minute");
            // And the alerts, so that a round with rules restores none of the round before.
            rows += sql.executeUpdate("delete from pulse_alert_history") + sql.executeUpdate("delete from pulse_alert");
            // Recent events too (tables of the newer builds only), so that each round inserts them again.
            for (String table : new String[] {"pulse_recent_event", "pulse_recent_batch"}) {
                try (var t = db.getMetaData().getTables(null, null, table, null)) {
                    if (t.next()) {
                        rows += sql.executeUpdate("delete from " + table);
                    }
                }
            }
            System.out.println(rows);
        }
    }
}
EOF
# The stored minute rows: how many, their aggregates' bytes, and the rows' bytes as stored (compressed, headers included).
cat >"$work/MinuteRows.java" <<'EOF'
import java.sql.DriverManager;

class MinuteRows {
    public static void main(String[] args) throws Exception {
        try (var db = DriverManager.getConnection(args[0], args[1], args[2]); var sql = db.createStatement();
             var rs = sql.executeQuery("select count(*), coalesce(sum(octet_length(aggregate)), 0),"
                     + " coalesce(sum(pg_column_size(m.*)), 0) from pulse_minute m")) {
            rs.next();
            System.out.println(rs.getLong(1) + " " + rs.getLong(2) + " " + rs.getLong(3));
        }
    }
}
EOF
pg_driver=$(ls "$work"/aggregator/lib/main/org.postgresql.postgresql-*.jar)
clear_hours() {
  "$java" -cp "$pg_driver" "$work/ClearHours.java" "$jdbc_url" "$db_user" "$db_password" >/dev/null
}

fail_round() {
  say "$1"; say "--- the end of the aggregator's log ($log):"; tail -40 "$log" >&2; exit 1
}

run_round() { # r: appends to the result arrays
  local r=$1 start t0='' t1='' c0=0 consumed=0 ticks0=0 ticks1=0 m0=0 m1=0 last_report=0 deadline now sample_t at_t1
  log=$work/round-$r/aggregator.log
  sample=
  start=$(now_ms)
  start_aggregator "round-$r" "bench-$r"
  [ "$rules" -eq 0 ] || check_rules
  deadline=$(( start + 120000 + events / 5 ))   # 2 minutes + 5,000 events/s
  while :; do
    sleep 0.25
    kill -0 "$agg_pid" 2>/dev/null || fail_round "the aggregator exited"
    now=$(now_ms)
    [ "$now" -lt "$deadline" ] || fail_round "not caught up in $(( (now - start) / 1000 )) s (consumed $consumed of $events)"
    sample_t=$(now_ms); sample=$(scrape); now=$(( (sample_t + $(now_ms)) / 2 ))
    [ -n "$sample" ] || continue
    consumed=$(value pulse_aggregator_events_consumed_total)
    if [ -z "$t0" ] && ge "$consumed" 1; then
      t0=$now; c0=$consumed; last_report=$now; ticks0=$(proc_ticks "$agg_pid"); m0=$(machine_ticks)
    fi
    if [ -n "$t0" ] && ge "$consumed" "$events"; then
      t1=$now; ticks1=$(proc_ticks "$agg_pid"); m1=$(machine_ticks); at_t1=$sample
      break
    fi
    if [ -n "$t0" ] && [ $((now - last_report)) -ge 10000 ]; then
      say "  $(fmt "$consumed") events after $(( (now - t0) / 1000 )) s"; last_report=$now
    fi
  done
  if ! ge "$events" "$consumed"; then
    fail_round "consumed $consumed records, more than the $events on the topic"
  fi

  # Caught up; the next checkpoint (at most one persist interval later) writes the last hours.
  local served=0 until=$(( $(now_ms) + 60000 ))
  while :; do
    served=$(served_count "$start" || echo 0)
    [ "$served" = "$events" ] && break
    ge "$served" $((events + 1)) && fail_round "the hourly rows over REST count $served events, more than the $events on the topic"
    [ "$(now_ms)" -lt "$until" ] || fail_round "the hourly rows over REST count $served events, not $events, a minute after catching up"
    sleep 0.5
  done
  sample=$(scrape)
  local bad
  bad=$(awk -v a="$(value pulse_aggregator_events_invalid_total)" -v b="$(value pulse_aggregator_events_rejected_total)" \
      -v c="$(value pulse_aggregator_events_dead_lettered_total)" 'BEGIN { printf "%d", a + b + c }')
  [ "$bad" = 0 ] || fail_round "$bad events were invalid, rejected or dead-lettered"
  late+=("$(value pulse_aggregator_events_late_total)")
  alert_changes+=("$(value pulse_alerts_changes_total | awk '{ printf "%d", $1 }')")
  webhook_calls+=("$(printf '%s\n' "$sample" | awk '$1 ~ /^pulse_alerts_webhook_calls_total/ { s += $2 } END { printf "%d", s }')")
  rss+=("$(awk '/^VmHWM:/ { print $2 }' "/proc/$agg_pid/status")")   # kB
  stop_process "$launcher_pid" aggregator
  launcher_pid=
  agg_pid=

  rates+=("$(awk -v n="$events" -v c="$c0" -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", (n - c) * 1000 / d }')")
  catchup+=("$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", d / 1000 }')")
  to_caught_up+=("$(awk -v d=$((t1 - start)) 'BEGIN { printf "%.1f", d / 1000 }')")
  cores+=("$(awk -v t=$((ticks1 - ticks0)) -v d=$((t1 - t0)) -v hz="$clk_tck" 'BEGIN { printf "%.2f", t / hz / (d / 1000) }')")
  machine_busy+=("$(awk -v t=$((m1 - m0)) -v d=$((t1 - t0)) -v hz="$clk_tck" -v c="$(getconf _NPROCESSORS_ONLN)" \
      'BEGIN { printf "%.0f", 100 * t / hz / (d / 1000) / c }')")
  ckpt_count+=("$(value pulse_aggregator_checkpoint_seconds_count | awk '{ printf "%d", $1 }')")
  ckpt_mean_ms+=("$(awk -v s="$(value pulse_aggregator_checkpoint_seconds_sum)" -v n="$(value pulse_aggregator_checkpoint_seconds_count)" \
      'BEGIN { printf "%.0f", (n > 0 ? 1000 * s / n : 0) }')")
  ckpt_max_ms+=("$(awk -v s="$(value pulse_aggregator_checkpoint_seconds_max)" 'BEGIN { printf "%.0f", 1000 * s }')")
  size_mean_kb+=("$(awk -v s="$(value pulse_aggregator_checkpoint_size_bytes_sum)" -v n="$(value pulse_aggregator_checkpoint_size_bytes_count)" \
      'BEGIN { printf "%.0f", (n > 0 ? s / n / 1024 : 0) }')")
  size_max_kb+=("$(awk -v s="$(value pulse_aggregator_checkpoint_size_bytes_max)" 'BEGIN { printf "%.0f", s / 1024 }')")
  # Rule evaluation up to the moment it caught up: one pass per partition and flush (and the partition's
  # every stream once a second); its share is the evaluation time per second of the catch-up.
  local final=$sample
  sample=$at_t1
  eval_count+=("$(value pulse_alerts_evaluation_seconds_count | awk '{ printf "%d", $1 }')")
  eval_mean_ms+=("$(awk -v s="$(value pulse_alerts_evaluation_seconds_sum)" -v n="$(value pulse_alerts_evaluation_seconds_count)" \
      'BEGIN { printf "%.2f", (n > 0 ? 1000 * s / n : 0) }')")
  eval_max_ms+=("$(awk -v s="$(value pulse_alerts_evaluation_seconds_max)" 'BEGIN { printf "%.1f", 1000 * s }')")
  eval_share+=("$(awk -v s="$(value pulse_alerts_evaluation_seconds_sum)" -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", 100 * s / (d / 1000) }')")
  sample=$final
  flush_max_ms+=("$(awk -v s="$(value pulse_aggregator_flush_seconds_max)" 'BEGIN { printf "%.0f", 1000 * s }')")
  say "  round $r: $(fmt "${rates[-1]}") events/s, caught up ${catchup[-1]} s after the first event, ${to_caught_up[-1]} s after the start;" \
      "REST counts $served events; checkpoints: ${ckpt_count[-1]}, mean ${ckpt_mean_ms[-1]} ms, max ${ckpt_max_ms[-1]} ms," \
      "mean ${size_mean_kb[-1]} KiB; aggregator ${cores[-1]} cores, machine ${machine_busy[-1]}% busy; peak RSS $(( ${rss[-1]} / 1024 )) MiB"
}

# ---- 3., 4. rounds -----------------------------------------------------------------------------
rates=(); catchup=(); to_caught_up=(); cores=(); machine_busy=(); late=(); rss=()
alert_changes=(); webhook_calls=(); eval_count=(); eval_mean_ms=(); eval_max_ms=(); eval_share=()
ckpt_count=(); ckpt_mean_ms=(); ckpt_max_ms=(); size_mean_kb=(); size_max_kb=(); flush_max_ms=()
cpu_mark
for r in $(seq "$rounds"); do
  say "round $r of $rounds: the aggregator reads $(fmt "$events") events from offset 0 (consumer group bench-$r)"
  [ "$r" -eq 1 ] || clear_hours
  run_round "$r"
  sleep 1
done
others_cpu

per_row() { awk -v b="$1" -v n="$minute_rows" 'BEGIN { printf "%.0f", (n > 0 ? b / n : 0) }'; }
read -r minute_rows minute_agg_bytes minute_row_bytes < <("$java" -cp "$pg_driver" "$work/MinuteRows.java" "$jdbc_url" "$db_user" "$db_password")

# ---- 5. report ---------------------------------------------------------------------------------
rows=
for i in "${!rates[@]}"; do
  rows+="| $((i + 1)) | $(fmt "${rates[$i]}") | ${catchup[$i]} | ${to_caught_up[$i]} | ${cores[$i]} | ${machine_busy[$i]} % "
  rows+="| ${ckpt_count[$i]} | ${ckpt_mean_ms[$i]} / ${ckpt_max_ms[$i]} | ${size_mean_kb[$i]} / ${size_max_kb[$i]} "
  rows+="| ${flush_max_ms[$i]} | $(( ${rss[$i]} / 1024 )) |"$'\n'
done
median_rate=$(median "${rates[@]}")
late_total=$(printf '%s\n' "${late[@]}" | awk '{ s += $1 } END { printf "%d", s }')
late_note=
if [ "$late_total" -gt 0 ]; then
  late_note=" $(fmt "$late_total") events were counted late: the run crossed the end of their hour and the grace period."
fi
rules_note=
rules_table=
if [ "$rules" -gt 0 ]; then
  rules_note="
With **$(fmt "$rules") alert rules** (the mix of docs/benchmarks.md, \"Alert rules: evaluation cost\"): $(fmt "$pairs") (rule, stream) pairs over the $streams streams; every round's aggregator held all $(fmt "$rules") before it counted (readiness, GET /api/rules). Webhooks go to a port of this machine where nothing listens (\`PULSE_NOTIFICATIONS_ALLOWED_HOSTS=127.0.0.1\`)."
  rules_table="
Rule evaluation up to the moment each round caught up (one pass per partition and flush, every stream of the partition once a second; share = evaluation time per second of the catch-up, on the aggregator's thread), and the alert changes and webhook calls of the whole round:

| round | evaluation passes | pass mean / max (ms) | share of the catch-up | alert changes | webhook calls |
| ---: | ---: | ---: | ---: | ---: | ---: |
"
  for i in "${!rates[@]}"; do
    rules_table+="| $((i + 1)) | $(fmt "${eval_count[$i]}") | ${eval_mean_ms[$i]} / ${eval_max_ms[$i]} | ${eval_share[$i]} % | ${alert_changes[$i]} | ${webhook_calls[$i]} |"$'\n'
  done
fi

cat <<EOF

**Aggregator: events/s from the topic, with checkpointing** — $(machine)

N = $(fmt "$events") events on pulse.events (6 partitions), $streams streams, written beforehand by \`pulse gen --rate 0\` (lz4) at $(fmt "$fill_rate") events/s.
$rounds rounds, each a new aggregator process${AGGREGATOR_JAVA_OPTS:+ with \`AGGREGATOR_JAVA_OPTS=$AGGREGATOR_JAVA_OPTS\`} and consumer group, so it reads from offset 0; default settings (checkpoint every 2 s, max.poll.records 2000).
Every round's hourly rows over REST add up to N.$late_note
Other processes used ${busy:-?}% of the CPUs just before the start and ${others:-?}% during the rounds.$rules_note

| round | events/s | catch-up (s) | start → caught up (s) | aggregator CPU (cores) | machine busy | checkpoints | checkpoint mean / max (ms) | checkpoint size mean / max (KiB) | flush max (ms) | peak RSS (MiB) |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows}
Median: **$(fmt "$median_rate") events/s** (target: at least 100,000 events/s); runs $(runs "${rates[@]}").
$rules_table

Minute rows after the last round: $(fmt "$minute_rows") rows, $(per_row "$minute_agg_bytes") bytes of aggregate each on average, $(per_row "$minute_row_bytes") bytes each as stored (the whole row, compressed, with its header; the two indexes add about 60 bytes a row): a stream with events in every minute (1,440 rows a day) and rows of this size stores about $(awk -v b="$minute_row_bytes" -v n="$minute_rows" 'BEGIN { printf "%.2f", (n > 0 ? (b / n + 60) * 1440 / 1048576 : 0) }') MiB a day, kept for \`pulse.retention.minutes\` (48 h).
EOF
