#!/usr/bin/env bash
# Stand-in for Kafka's bin/kafka-run-class.sh: runs a main class from /opt/kafka/libs with the usual
# environment variables (KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_GC_LOG_OPTS,
# KAFKA_JMX_OPTS, KAFKA_LOG4J_OPTS, KAFKA_OPTS, CLASSPATH).
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "USAGE: $0 classname [opts]" >&2
  exit 1
fi

base_dir=$(cd "$(dirname "$0")/.." && pwd)
classpath="$base_dir/libs/*"
if [[ -n ${CLASSPATH:-} ]]; then
  classpath="$classpath:$CLASSPATH"
fi

heap_opts=${KAFKA_HEAP_OPTS:--Xmx256M}
jvm_opts=${KAFKA_JVM_PERFORMANCE_OPTS:--server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true}
log4j_opts=${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=$base_dir/config/tools-log4j2.properties}

# The option variables are lists of words, as in Kafka's own script: split them, never glob them.
set -f
# shellcheck disable=SC2086
exec java $heap_opts $jvm_opts ${KAFKA_GC_LOG_OPTS:-} ${KAFKA_JMX_OPTS:-} $log4j_opts ${KAFKA_OPTS:-} \
  -Dkafka.logs.dir="${LOG_DIR:-$base_dir/logs}" -cp "$classpath" "$@"
