#!/usr/bin/env bash
# Throughput benchmark: a private RabbitMQ node, the FCM emulator in its own JVM and the gateway
# jar in its own JVM, all on 127.0.0.1. Prints a table and writes a JSON file.
#
#   scripts/benchmark.sh                                   # events + broadcast, v1 + legacy, 20 ms latency
#   scripts/benchmark.sh --workloads=events --protocols=v1 --latency-ms=20 --out=target/benchmark.json
#   scripts/benchmark.sh --set=push.intake.consumers=32 --set=push.fcm.concurrency=128   # try a lever
#   scripts/benchmark.sh --rate-limit=3000                 # quota guard check at 3000 tokens/s
#   scripts/benchmark.sh --help                            # every option
#
# BUILD_DIR (default target) is Maven's output folder (-Dbuild.dir), so parallel builds don't clash;
# SKIP_BUILD=1 reuses the jar and classes already there. BENCH_TIMEOUT (default 3600 s) bounds the run.
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
exec timeout --signal=TERM --kill-after=60 "${BENCH_TIMEOUT:-3600}" \
  java -Xmx1g -cp "$BUILD_DIR/test-classes:$BUILD_DIR/classes:$(cat "$CP_FILE")" \
  io.pushgateway.bench.ThroughputBenchmark --jar="$JAR" --work-dir="$BUILD_DIR" "$@"
