#!/usr/bin/env bash
# Installs what the project needs: Debian's rabbitmq-server (the tests, the demo and the benchmark
# start private nodes of it; no system service is used), Chromium and its driver (the real-time
# page's browser test), and a JDK 17 when there is no java at all.
# Maven comes through the wrapper (./mvnw).
set -euo pipefail
missing=()
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
# openssl makes the throwaway CA of the TLS tests; curl reads the demo's metrics.
command -v openssl >/dev/null || missing+=(openssl)
command -v curl >/dev/null || missing+=(curl)
command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
# The real-time page's browser test drives Debian's headless Chromium through its chromedriver.
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} with apt-get ..."
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v java >/dev/null || { echo "A JDK 17 or newer is needed (java not found)" >&2; exit 1; }
