#!/usr/bin/env bash
# Installs what the project needs: Debian's rabbitmq-server (the tests, the demo and the benchmark
# start private nodes of it; no system service is used) and a JDK 17 when the default one is older
# or only a runtime. With --browser also Chromium and its driver, which only the real-time page's
# browser test needs (scripts/test.sh asks for them; the demo does not). With --promtool also
# Debian's prometheus package, for its promtool: the chart tests check the alert rules with it.
# Maven comes through the wrapper (./mvnw).
set -euo pipefail
browser=0
promtool=0
for arg in "$@"; do
  case $arg in
    --browser) browser=1 ;;
    --promtool) promtool=1 ;;
    *) echo "usage: $0 [--browser] [--promtool]" >&2; exit 2 ;;
  esac
done

# The major version of the default JDK's compiler, empty when there is none (a JRE has no javac).
jdk_major() {
  command -v javac >/dev/null || return 0
  javac -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p'
}

missing=()
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
# openssl makes the throwaway CA of the TLS tests; curl reads the demo's metrics.
command -v openssl >/dev/null || missing+=(openssl)
command -v curl >/dev/null || missing+=(curl)
major=$(jdk_major)
[ -n "$major" ] && [ "$major" -ge 17 ] || missing+=(openjdk-17-jdk-headless)
if [ "$browser" = 1 ]; then
  # The real-time page's browser test drives Debian's headless Chromium through its chromedriver.
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
fi
if [ "$promtool" = 1 ]; then
  # Only its promtool is used: ChartPrometheusRuleTest runs `promtool check rules` and `promtool
  # test rules` on the chart's rendered alerts. Installed without its recommends (the node
  # exporter); where apt starts services, stop the server it may start: nothing here needs it.
  [ -x /usr/bin/promtool ] || promtool_missing=1
fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ ${#missing[@]} -gt 0 ] || [ "${promtool_missing:-0}" = 1 ]; then
  $SUDO apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} with apt-get ..."
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ "${promtool_missing:-0}" = 1 ]; then
  echo "Installing prometheus (for promtool) with apt-get ..."
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  if command -v systemctl >/dev/null && systemctl is-active --quiet prometheus 2>/dev/null; then
    $SUDO systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
fi
major=$(jdk_major)
if [ -z "$major" ] || [ "$major" -lt 17 ]; then
  echo "A JDK 17 or newer is needed: the default javac is ${major:-missing}." >&2
  echo "Put a JDK 17+ first on PATH (or set JAVA_HOME), e.g. /usr/lib/jvm/java-17-openjdk-amd64/bin." >&2
  exit 1
fi
