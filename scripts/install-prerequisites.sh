#!/usr/bin/env bash
# Installs what the project needs beyond a JDK 17: Debian's rabbitmq-server (the tests, the demo
# and the benchmark start private nodes of it; no system service is used). Maven comes through
# the wrapper (./mvnw).
set -euo pipefail
if [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
  echo "Installing rabbitmq-server with apt-get ..."
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq rabbitmq-server >/dev/null
fi
command -v java >/dev/null || { echo "A JDK 17 or newer is needed (java not found)" >&2; exit 1; }
