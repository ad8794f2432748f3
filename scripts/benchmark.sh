#!/usr/bin/env bash
# Throughput benchmark: a private RabbitMQ node, the FCM emulator in its own JVM and the gateway in
# its own JVM (scripts/start-gateway.sh: the newest LTS JDK with its start-up cache, as the image
# runs it), all on 127.0.0.1. Prints a table and writes a JSON file.
#
#   scripts/benchmark.sh                                   # every run (about 25 min; docs/benchmark.md)
#   scripts/benchmark.sh --workloads=events --protocols=v1 --queue-types=quorum --out=target/benchmark.json
#   scripts/benchmark.sh --workloads=steady                # steady state only (v1, quorum and classic)
#   scripts/benchmark.sh --workloads=big-request,startup   # one 100,000-token request; start-up per JDK
#   scripts/benchmark.sh --workloads=zero-latency          # events at 0 ms emulator latency: gateway and broker CPU per request
#   scripts/benchmark.sh --broker-cpu-baseline-us=900      # judge the broker CPU per request against a third of this
#   scripts/benchmark.sh --set=push.intake.consumers=32 --set=push.fcm.concurrency=128   # try a lever
#   scripts/benchmark.sh --help                            # every option
#
# BUILD_DIR (default target) is Maven's output folder (-Dbuild.dir), so parallel builds don't clash;
# SKIP_BUILD=1 reuses the jar and classes already there. BENCH_TIMEOUT (default 3600 s) bounds the run.
# The private RabbitMQ node runs with Erlang scheduler busy-waiting off (RMQ_ERL_ARGS, below), so the
# three processes on the same cores measure work, not spinning; RMQ_ERL_ARGS= (empty) keeps Erlang's default.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-target}
scripts/install-prerequisites.sh >/dev/null
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -B -ntp -Dbuild.dir="$BUILD_DIR" -DskipTests package
fi
CP_FILE="$BUILD_DIR/bench-classpath.txt"
if [ ! -s "$CP_FILE" ] || [ pom.xml -nt "$CP_FILE" ]; then
  ./mvnw -q -B -ntp -Dbuild.dir="$BUILD_DIR" dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/$CP_FILE" >/dev/null
fi
JAR=$(ls "$BUILD_DIR"/push-gateway-*.jar | grep -v original | head -1)
export RMQ_ERL_ARGS="${RMQ_ERL_ARGS-+sbwt none +sbwtdcpu none +sbwtdio none}"

# The extracted jar and a start-up cache per LTS JDK present (kept while the jar is unchanged).
source scripts/startup-cache-lib.sh
STARTUP_JDKS=$(java_homes | sort -u | while read -r home; do
  f=$(java_feature "$home"); [ -x "$home/bin/java" ] && [ -n "$f" ] && is_lts "$f" && echo "$home"; done | paste -sd, -)
IFS=, read -r -a jdk_list <<< "$STARTUP_JDKS"
help=0
for arg in "$@"; do case $arg in --help|-h) help=1 ;; esac; done
if [ "$help" = 0 ]; then
  JAVA_OPTS="-Xmx256m -XX:+ExitOnOutOfMemoryError" scripts/train-startup-cache.sh "$JAR" "$BUILD_DIR/app" "${jdk_list[@]}"
fi

exec timeout --signal=TERM --kill-after=60 "${BENCH_TIMEOUT:-3600}" \
  java -Xmx1g -cp "$BUILD_DIR/test-classes:$BUILD_DIR/classes:$(cat "$CP_FILE")" \
  io.pushgateway.bench.ThroughputBenchmark --jar="$JAR" --app-dir="$BUILD_DIR/app" --scripts-dir=scripts \
  --work-dir="$BUILD_DIR" --startup-jdks="$STARTUP_JDKS" "$@"
