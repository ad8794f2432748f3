#!/usr/bin/env bash
# Starts the gateway (or, with LOADER_MAIN, another main class of the jar, e.g. the FCM emulator)
# from the extracted jar on the newest LTS JDK present, with the start-up cache made for that JDK
# when there is one (scripts/train-startup-cache.sh), else plain. Prints what it picked on stderr,
# then replaces itself with java, so the caller's pid is the JVM's.
#
#   scripts/start-gateway.sh [application args...]     e.g. --spring.rabbitmq.host=broker
#
#   APP_DIR        the extracted jar: push-gateway.jar + lib/ (default: /app if it holds one, else target/app)
#   PUSHGW_JAVA    a JDK (or JRE) home to use instead of the newest LTS found
#   STARTUP_CACHE  auto (default: the cache when made for this JDK build) | off
#   JAVA_OPTS      JVM options (JAVA_TOOL_OPTIONS works as usual)
#   LOADER_MAIN    a main class instead of the gateway's, e.g. io.pushgateway.emulator.FcmEmulator;
#                  -Dloader.main=... in JAVA_OPTS or JAVA_TOOL_OPTIONS means the same, as with the fat jar
#
# Java 24+ uses an AOT cache (JEP 483/514/515: loaded and linked classes, and method profiles of
# the training run); Java 17-23 a dynamic CDS archive. A cache made by another JDK build is not
# passed at all; one that does not match the jars (changed after training) is refused by the JVM
# itself, which then starts without it (the default -Xshare:auto / -XX:AOTMode=auto).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=startup-cache-lib.sh
source "$here/startup-cache-lib.sh"

if [ -z "${APP_DIR:-}" ]; then
  if [ -f /app/push-gateway.jar ]; then APP_DIR=/app; else APP_DIR="$here/../target/app"; fi
fi
[ -f "$APP_DIR/push-gateway.jar" ] || {
  echo "start-gateway: no $APP_DIR/push-gateway.jar; run scripts/train-startup-cache.sh (it extracts the jar)" >&2; exit 1; }

java_home=${PUSHGW_JAVA:-$(newest_lts_java)}
[ -x "$java_home/bin/java" ] || { echo "start-gateway: no java found (PUSHGW_JAVA=$java_home)" >&2; exit 1; }
feature=$(java_feature "$java_home")

cache_opts=()
how="plain (no start-up cache)"
if [ "${STARTUP_CACHE:-auto}" != off ]; then
  cache=$(cache_file "$APP_DIR" "$feature")
  if [ -f "$cache" ] && [ "$(cat "$cache.jdk" 2>/dev/null)" = "$(java_build "$java_home")" ]; then
    if [ "$feature" -ge 24 ]; then cache_opts=("-XX:AOTCache=$cache"); how="AOT cache $cache"
    else cache_opts=("-XX:SharedArchiveFile=$cache"); how="CDS archive $cache"; fi
  elif [ -f "$cache" ]; then
    how="plain (the cache $cache was made by $(cat "$cache.jdk" 2>/dev/null || echo 'an unknown JDK'))"
  fi
fi

read -r -a jvm_opts <<< "${JAVA_OPTS:-}"
# -Dloader.main (the fat jar's PropertiesLauncher option) still picks the main class.
if [ -z "${LOADER_MAIN:-}" ]; then
  for opt in ${JAVA_OPTS:-} ${JAVA_TOOL_OPTIONS:-}; do
    case $opt in -Dloader.main=*) LOADER_MAIN=${opt#-Dloader.main=} ;; esac
  done
fi
if [ -n "${LOADER_MAIN:-}" ]; then
  launch=(-cp "$APP_DIR/push-gateway.jar" "$LOADER_MAIN")
else
  launch=(-jar "$APP_DIR/push-gateway.jar")
fi
echo "start-gateway: Java $(java_build "$java_home") ($java_home), $how" >&2
exec "$java_home/bin/java" "${cache_opts[@]}" "${jvm_opts[@]}" "${launch[@]}" "$@"
