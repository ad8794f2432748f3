#!/usr/bin/env bash
# Makes the gateway's start-up caches: extracts the Spring Boot jar into plain jars (CDS and AOT
# caches need a class path of plain jars, not jars nested in a jar), then, per JDK, a training run:
# the gateway starts against a private RabbitMQ node (it declares its topology while starting, so
# it cannot start without a broker), a sample request goes through its routes and its built-in FCM
# emulator (the demo's), and it is stopped with SIGTERM; the JVM writes the cache as it exits.
# Java 24+: an AOT cache (-XX:AOTCacheOutput); Java 17-23: a dynamic CDS archive
# (-XX:ArchiveClassesAtExit). Used by the Dockerfile and scripts/benchmark.sh; read by
# scripts/start-gateway.sh.
#
#   scripts/train-startup-cache.sh JAR APP_DIR [JDK_HOME...]   (default: every LTS JDK present)
#   scripts/train-startup-cache.sh --extracted APP_DIR [JDK_HOME...]   APP_DIR already holds the
#       extraction (java -Djarmode=tools -jar JAR extract --application-filename push-gateway.jar)
#
#   TRAIN_MODE=traffic (default) | refresh   refresh stops at the end of the context refresh
#              (-Dspring.context.exit=onRefresh): shorter, but Camel's routes are never started,
#              so their classes are not in the cache. A broker is needed either way.
#   JAVA_OPTS  JVM options of the training run: give it the production ones (heap, GC).
#
# A cache already made for this jar by this JVM build is kept. Needs rabbitmq-server.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=startup-cache-lib.sh
source "$here/startup-cache-lib.sh"
[ $# -ge 2 ] || { echo "usage: $0 JAR|--extracted APP_DIR [JDK_HOME...]" >&2; exit 2; }
jar=$1 app_dir=$2; shift 2
mode=${TRAIN_MODE:-traffic}

homes=("$@")
if [ ${#homes[@]} -eq 0 ]; then
  while read -r home; do
    feature=$(java_feature "$home")
    [ -x "$home/bin/java" ] && [ -n "$feature" ] && is_lts "$feature" && homes+=("$home")
  done < <(java_homes | sort -u)
fi
[ ${#homes[@]} -gt 0 ] || { echo "train-startup-cache: no JDK found" >&2; exit 1; }

# The extraction, redone (and every cache dropped) only when the jar changed.
if [ "$jar" = --extracted ]; then
  [ -f "$app_dir/push-gateway.jar" ] || { echo "train-startup-cache: no $app_dir/push-gateway.jar" >&2; exit 1; }
elif [ "$(cat "$app_dir/.extracted-from" 2>/dev/null)" != "$(sha256sum "$jar" | cut -d' ' -f1)" ]; then
  rm -rf "$app_dir"
  mkdir -p "$app_dir"
  "${homes[0]}/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$app_dir" \
    --application-filename push-gateway.jar >/dev/null
  sha256sum "$jar" | cut -d' ' -f1 > "$app_dir/.extracted-from"
fi
mkdir -p "$app_dir/startup-cache"

todo=()
for home in "${homes[@]}"; do
  cache=$(cache_file "$app_dir" "$(java_feature "$home")")
  if [ -f "$cache" ] && [ "$(cat "$cache.jdk" 2>/dev/null)" = "$(java_build "$home")" ]; then
    echo "train-startup-cache: $cache is current ($(java_build "$home"))"
  else
    todo+=("$home")
  fi
done
[ ${#todo[@]} -gt 0 ] || exit 0

work=$(mktemp -d "${TMPDIR:-/tmp}/pgw-train.XXXXXX")
gateway_pid=""
cleanup() {
  [ -n "$gateway_pid" ] && kill "$gateway_pid" 2>/dev/null && wait "$gateway_pid" 2>/dev/null || true
  "$here/private-rabbitmq.sh" stop "$work/rabbitmq" >/dev/null 2>&1 || true
  rm -rf "$work" "$app_dir"/startup-cache/*.tmp "$app_dir"/startup-cache/*.tmp.config
}
trap cleanup EXIT

# A port nobody listens on (bash's /dev/tcp: no ss or netstat in a slim image).
free_port() {
  local port
  while :; do
    port=$(( 22000 + RANDOM % 20000 ))
    (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}
amqp_port=$(free_port)
emulator_port=$(free_port)
"$here/private-rabbitmq.sh" start "$work/rabbitmq" "$amqp_port" >/dev/null

for home in "${todo[@]}"; do
  feature=$(java_feature "$home")
  cache=$(cache_file "$app_dir" "$feature")
  rm -f "$cache" "$cache.jdk" "$cache.tmp" "$cache.tmp.config"
  if [ "$feature" -ge 24 ]; then record=("-XX:AOTCacheOutput=$cache.tmp"); else record=("-XX:ArchiveClassesAtExit=$cache.tmp"); fi
  exit_opts=()
  [ "$mode" = refresh ] && exit_opts=(-Dspring.context.exit=onRefresh)
  read -r -a jvm_opts <<< "${JAVA_OPTS:-}"
  log="$work/train-$feature.log"
  started=$(date +%s)
  "$home/bin/java" "${record[@]}" "${jvm_opts[@]}" "${exit_opts[@]}" -jar "$app_dir/push-gateway.jar" \
    --spring.rabbitmq.host=127.0.0.1 --spring.rabbitmq.port="$amqp_port" --server.port=0 \
    --push.emulator.port="$emulator_port" --push.retry.delays=1s,2s,5s > "$log" 2>&1 &
  gateway_pid=$!
  if [ "$mode" != refresh ]; then
    until grep -q "Started PushGatewayApplication" "$log"; do
      kill -0 "$gateway_pid" 2>/dev/null || { echo "train-startup-cache: the gateway stopped:" >&2; tail -30 "$log" >&2; exit 1; }
      sleep 0.2
    done
    # The demo's request: a delivery, a token delete, a retried token and a dead letter. It waits
    # 20 s for their outcomes; on a busy machine some come later, and the cache is made anyway.
    "$home/bin/java" "${jvm_opts[@]}" -cp "$app_dir/push-gateway.jar" io.pushgateway.demo.DemoClient \
      "$amqp_port" "$emulator_port" > "$work/demo-$feature.log" 2>&1 \
      || echo "train-startup-cache: (Java $feature: not every outcome of the sample request came within 20 s)" >&2
    kill -TERM "$gateway_pid"
  fi
  rc=0; wait "$gateway_pid" || rc=$?
  gateway_pid=""
  # SIGTERM'd (traffic) it exits 143 after its graceful stop; by itself (refresh) it must exit 0.
  [ "$mode" != refresh ] || [ "$rc" -eq 0 ] || { echo "train-startup-cache: the gateway failed ($rc):" >&2; tail -30 "$log" >&2; exit 1; }
  [ -s "$cache.tmp" ] || { echo "train-startup-cache: Java $feature wrote no cache:" >&2; tail -30 "$log" >&2; exit 1; }
  mv "$cache.tmp" "$cache"
  java_build "$home" > "$cache.jdk"
  echo "train-startup-cache: $cache ($(du -m "$cache" | cut -f1) MiB, Java $(java_build "$home"), $mode training, $(( $(date +%s) - started )) s)"
done
