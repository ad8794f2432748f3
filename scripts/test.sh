#!/usr/bin/env bash
# Runs every test: installs what is missing (Chromium too, for the real-time page's browser test, and
# promtool, for the chart's alert rules), then Maven's verify (unit tests, the FCM emulator, and
# end-to-end tests against a private RabbitMQ node that the tests start and stop themselves).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-prerequisites.sh --browser --promtool
# The Maven a distribution ships (Debian: 3.8.7) must build the project too, not only the wrapper's:
# a compile with it proves the pinned plugins and the enforcer rules, in seconds.
if command -v mvn >/dev/null 2>&1; then
  echo "Compiling with the system Maven ($(command -v mvn))"
  mvn -B -ntp -q -Dbuild.dir=target-sysmvn -DskipTests compile
fi
exec ./mvnw -B -ntp verify "$@"
