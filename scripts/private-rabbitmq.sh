#!/usr/bin/env bash
# Starts or stops a private RabbitMQ node that shares nothing with a system broker:
# its own AMQP, distribution and epmd ports, its own data folder and Erlang cookie.
# Used by the tests, the demo and the benchmark; no Docker engine is needed.
#
#   private-rabbitmq.sh start DIR AMQP_PORT   prints "pid=<node pid>" once the node is ready
#   private-rabbitmq.sh stop DIR              stops the node (and its epmd) started in DIR, by pid
#   private-rabbitmq.sh ctl DIR ARGS...       runs rabbitmqctl against that node
#
# RMQ_ERL_ARGS (default empty) is appended to the node's Erlang VM arguments, e.g. the benchmark's
# "+sbwt none +sbwtdcpu none +sbwtdio none" (schedulers sleep instead of busy-waiting for work).
# Opt-in extras for start (the default node has no plugins and stays cheap):
#   RMQ_EXTRA_CONF  extra lines for the node's rabbitmq.conf (listeners, auth backends, ...)
#   RMQ_PLUGINS     plugins to enable, comma-separated, e.g. rabbitmq_web_stomp,rabbitmq_mqtt
# Optional, for nodes of one cluster (scripts/private-rabbitmq-cluster.sh):
#   RMQ_EPMD_PORT=P      epmd port shared by the cluster's nodes (default: AMQP_PORT+21000, one per node)
#   RMQ_COOKIE_FILE=F    Erlang cookie to use instead of a fresh random one
#   RMQ_KEEP_EPMD=1      stop leaves epmd running (the other nodes of the cluster still use it)
set -euo pipefail

RMQ_BIN=${RMQ_BIN:-/usr/lib/rabbitmq/bin}

usage() { echo "usage: $0 start DIR AMQP_PORT | stop DIR | ctl DIR ARGS..." >&2; exit 2; }

node_env() {
  local dir=$1
  # shellcheck disable=SC1091
  source "$dir/node.env"
  export HOME="$dir/home" RABBITMQ_NODENAME="pgw-$NODE_ID@localhost"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$AMQP_PORT"
  export RABBITMQ_DIST_PORT="$DIST_PORT" ERL_EPMD_PORT="$EPMD_PORT"
  export RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log"
  export RABBITMQ_PID_FILE="$dir/node.pid" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
  export RABBITMQ_CONFIG_FILE="$dir/rabbitmq" RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config"
  export ERL_EPMD_ADDRESS=127.0.0.1 ERL_CRASH_DUMP="$dir/log/erl_crash.dump"
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}${RMQ_ERL_ARGS:+ $RMQ_ERL_ARGS}"
}

start() {
  local dir=$1 port=$2
  command -v "$RMQ_BIN/rabbitmq-server" >/dev/null || {
    echo "rabbitmq-server is not installed: apt-get install -y rabbitmq-server" >&2; exit 1; }
  mkdir -p "$dir/home" "$dir/log" "$dir/mnesia"
  dir=$(cd "$dir" && pwd)
  # Distribution and epmd ports derive from the AMQP port so two runs never collide.
  cat > "$dir/node.env" <<ENV
NODE_ID=$port
AMQP_PORT=$port
DIST_PORT=$((port + 20000))
EPMD_PORT=${RMQ_EPMD_PORT:-$((port + 21000))}
ENV
  echo "[${RMQ_PLUGINS:-}]." > "$dir/enabled_plugins"
  : > "$dir/rabbitmq-env.conf"
  echo "[]." > "$dir/advanced.config"
  extra_conf="${RMQ_EXTRA_CONF:-}"
  printf 'loopback_users = none\nlisteners.tcp.1 = 127.0.0.1:%s\n%s\n' "$port" "$extra_conf" > "$dir/rabbitmq.conf"
  node_env "$dir"
  if [ -n "${RMQ_COOKIE_FILE:-}" ]; then
    # Nodes that cluster must share one cookie; the CLI tools read it from the same HOME.
    rm -f "$HOME/.erlang.cookie"; cp "$RMQ_COOKIE_FILE" "$HOME/.erlang.cookie"; chmod 400 "$HOME/.erlang.cookie"
  fi
  [ -f "$HOME/.erlang.cookie" ] || { head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$HOME/.erlang.cookie"; chmod 400 "$HOME/.erlang.cookie"; }
  "$RMQ_BIN/rabbitmq-server" > "$dir/log/console.log" 2>&1 &
  "$RMQ_BIN/rabbitmqctl" -q wait --timeout 120 "$RABBITMQ_PID_FILE" >/dev/null
  echo "pid=$(cat "$RABBITMQ_PID_FILE")"
}

stop() {
  local dir=$1
  [ -f "$dir/node.env" ] || exit 0
  node_env "$dir"
  if [ -f "$RABBITMQ_PID_FILE" ]; then
    local pid; pid=$(cat "$RABBITMQ_PID_FILE")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$RABBITMQ_PID_FILE"
  fi
  # The node's own epmd listens on the private port; only that one is asked to exit.
  [ "${RMQ_KEEP_EPMD:-}" = 1 ] && return 0
  epmd -port "$EPMD_PORT" -kill >/dev/null 2>&1 || true
}

case "${1:-}" in
  start) [ $# -eq 3 ] || usage; start "$2" "$3" ;;
  stop)  [ $# -eq 2 ] || usage; stop "$2" ;;
  ctl)   [ $# -ge 3 ] || usage; d=$2; shift 2; node_env "$(cd "$d" && pwd)"; exec "$RMQ_BIN/rabbitmqctl" "$@" ;;
  *) usage ;;
esac
