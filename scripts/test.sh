#!/usr/bin/env bash
# Runs every test: installs what is missing, then Maven's verify (unit tests, the FCM emulator,
# and end-to-end tests against a private RabbitMQ node that the tests start and stop themselves).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-prerequisites.sh
exec ./mvnw -B -ntp verify "$@"
