#!/usr/bin/env bash
# A private three-node RabbitMQ cluster on 127.0.0.1, for trying the gateway the way it runs in
# production (quorum queues replicated on every node, several gateways competing). Each node is
# a scripts/private-rabbitmq.sh node with its own AMQP and distribution ports and data folder;
# the three share one epmd port and one Erlang cookie of their own, so they can find each other
# and nothing else can join. No system broker and no Docker are touched.
#
#   private-rabbitmq-cluster.sh up DIR BASE_PORT       starts nodes 1-3 on AMQP ports BASE_PORT..BASE_PORT+2,
#                                                      clusters them, prints their addresses
#   private-rabbitmq-cluster.sh stop DIR               stops every node (by pid) and the cluster's epmd
#   private-rabbitmq-cluster.sh kill DIR NODE          kill -9 of node NODE (1-3), by pid: a crash
#   private-rabbitmq-cluster.sh start DIR NODE         starts node NODE again on its data; it rejoins the cluster
#   private-rabbitmq-cluster.sh leader DIR QUEUE [VHOST]   which node leads quorum queue QUEUE
#   private-rabbitmq-cluster.sh members DIR QUEUE [VHOST]  the nodes QUEUE is replicated on, and which are online
#   private-rabbitmq-cluster.sh vhost DIR VHOST        creates VHOST (if new) with every right for the guest user
#   private-rabbitmq-cluster.sh addresses DIR          the AMQP addresses, as spring.rabbitmq.addresses takes them
#   private-rabbitmq-cluster.sh ctl DIR NODE ARGS...   rabbitmqctl against node NODE
#
# Example:
#   scripts/private-rabbitmq-cluster.sh up target/cluster 25672
#   java -jar target/push-gateway-*.jar --spring.rabbitmq.addresses=$(scripts/private-rabbitmq-cluster.sh addresses target/cluster)
set -euo pipefail

NODE_SCRIPT="$(cd "$(dirname "$0")" && pwd)/private-rabbitmq.sh"
NODES=3

usage() {
  echo "usage: $0 up DIR BASE_PORT | stop DIR | kill DIR NODE | start DIR NODE | leader DIR QUEUE [VHOST]" \
       "| members DIR QUEUE [VHOST] | vhost DIR VHOST | addresses DIR | ctl DIR NODE ARGS..." >&2
  exit 2
}

# Reads DIR/cluster.env (BASE_PORT, EPMD_PORT) written by "up".
cluster_env() {
  CLUSTER_DIR=$(cd "$1" && pwd)
  [ -f "$CLUSTER_DIR/cluster.env" ] || { echo "no cluster in $1 (run: $0 up $1 BASE_PORT)" >&2; exit 1; }
  # shellcheck disable=SC1091
  source "$CLUSTER_DIR/cluster.env"
  export RMQ_EPMD_PORT="$EPMD_PORT" RMQ_COOKIE_FILE="$CLUSTER_DIR/erlang.cookie"
}

node_dir()  { echo "$CLUSTER_DIR/node$1"; }
node_port() { echo $((BASE_PORT + $1 - 1)); }
# private-rabbitmq.sh names a node after its AMQP port.
node_name() { echo "pgw-$(node_port "$1")@localhost"; }
check_node() { [[ "$1" =~ ^[1-9][0-9]*$ ]] && [ "$1" -le "$NODES" ] || { echo "NODE is 1..$NODES, not '$1'" >&2; exit 2; }; }

# Nodes booting at once would race to start the shared epmd (the loser fails with
# "nodistribution"), so it is started first, on 127.0.0.1 only.
ensure_epmd() {
  ERL_EPMD_ADDRESS=127.0.0.1 epmd -port "$EPMD_PORT" -daemon
  for _ in $(seq 1 50); do epmd -port "$EPMD_PORT" -names >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "epmd did not come up on port $EPMD_PORT" >&2
  exit 1
}

node_alive() {
  local pidfile; pidfile="$(node_dir "$1")/node.pid"
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

ctl() { local n=$1; shift; "$NODE_SCRIPT" ctl "$(node_dir "$n")" "$@"; }

# The first node that is running; the CLI asks it about the whole cluster.
live_node() {
  for n in $(seq 1 "$NODES"); do
    node_alive "$n" && { echo "$n"; return 0; }
  done
  echo "no node of the cluster in $CLUSTER_DIR is running" >&2
  exit 1
}

addresses() {
  local list=""
  for n in $(seq 1 "$NODES"); do list="$list${list:+,}127.0.0.1:$(node_port "$n")"; done
  echo "$list"
}

up() {
  local dir=$1 base=$2
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  # The distribution ports are BASE_PORT+20000..+2 (private-rabbitmq.sh); epmd is shared.
  printf 'BASE_PORT=%s\nEPMD_PORT=%s\n' "$base" $((base + 21000)) > "$dir/cluster.env"
  if [ ! -f "$dir/erlang.cookie" ]; then
    (umask 077; head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/erlang.cookie")
  fi
  cluster_env "$dir"
  ensure_epmd
  # The nodes boot in parallel (most of the time is Erlang start-up), then join one by one.
  local pids=()
  for n in $(seq 1 "$NODES"); do
    "$NODE_SCRIPT" start "$(node_dir "$n")" "$(node_port "$n")" > "$CLUSTER_DIR/start-$n.out" 2>&1 &
    pids+=($!)
  done
  local failed=0
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { failed=1; echo "node $((i + 1)) did not start:" >&2; cat "$CLUSTER_DIR/start-$((i + 1)).out" >&2; }
  done
  [ "$failed" = 0 ] || exit 1
  for n in $(seq 2 "$NODES"); do
    # Joining needs the node's app stopped; join_cluster resets the node (it is empty anyway),
    # then start_app returns once the node runs as a member of node 1's cluster.
    # The CLI logs harmless feature-flag warnings while a node joins; they go to join.log.
    for step in stop_app "join_cluster $(node_name 1)" start_app; do
      # shellcheck disable=SC2086
      ctl "$n" -q $step >> "$CLUSTER_DIR/join.log" 2>&1 || {
        echo "node $n: $step failed:" >&2; tail -20 "$CLUSTER_DIR/join.log" >&2; exit 1; }
    done
  done
  for n in $(seq 1 "$NODES"); do
    echo "node$n=$(node_name "$n") amqp=127.0.0.1:$(node_port "$n") pid=$(cat "$(node_dir "$n")/node.pid")"
  done
  echo "addresses=$(addresses)"
}

stop() {
  cluster_env "$1"
  local pids=()
  for n in $(seq 1 "$NODES"); do
    RMQ_KEEP_EPMD=1 "$NODE_SCRIPT" stop "$(node_dir "$n")" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || true; done
  # Only the cluster's own epmd, on its private port, is asked to exit.
  epmd -port "$EPMD_PORT" -kill >/dev/null 2>&1 || true
}

kill_node() {
  cluster_env "$1"; check_node "$2"
  local pidfile; pidfile="$(node_dir "$2")/node.pid"
  node_alive "$2" || { echo "node $2 is not running" >&2; exit 1; }
  local pid; pid=$(cat "$pidfile")
  kill -9 "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  # A stale pid file would make the next start wait for this dead process.
  rm -f "$pidfile"
  echo "killed node$2=$(node_name "$2") pid=$pid"
}

start_node() {
  cluster_env "$1"; check_node "$2"
  node_alive "$2" && { echo "node $2 is already running" >&2; exit 1; }
  ensure_epmd
  local out; out=$("$NODE_SCRIPT" start "$(node_dir "$2")" "$(node_port "$2")")
  echo "node$2=$(node_name "$2") amqp=127.0.0.1:$(node_port "$2") $out"
}

# Prints QUEUE's "leader<TAB>members<TAB>online" (list_queues columns), asked of a running node.
queue_row() {
  local queue=$1 vhost=$2
  ctl "$(live_node)" -q list_queues -p "$vhost" --no-table-headers name leader members online \
    | awk -F'\t' -v q="$queue" '$1 == q { print $2 "\t" $3 "\t" $4 }'
}

leader() {
  cluster_env "$1"
  local name; name=$(queue_row "$2" "$3" | cut -f1)
  [ -n "$name" ] || { echo "no leader known for queue '$2' (not a quorum queue, or not in vhost $3)" >&2; exit 1; }
  for n in $(seq 1 "$NODES"); do
    if [ "$(node_name "$n")" = "$name" ]; then
      echo "node=$n name=$name amqp=127.0.0.1:$(node_port "$n")"
      return 0
    fi
  done
  echo "leader $name is not a node of this cluster" >&2
  exit 1
}

members() {
  cluster_env "$1"
  local row; row=$(queue_row "$2" "$3")
  [ -n "$row" ] || { echo "no queue '$2' in vhost $3" >&2; exit 1; }
  printf '%s\n' "$row" | awk -F'\t' '{ print "leader=" $1 " members=" $2 " online=" $3 }'
}

vhost() {
  cluster_env "$1"
  local n; n=$(live_node)
  # add_vhost refuses an existing vhost; a real failure shows in set_permissions right after.
  ctl "$n" -q add_vhost "$2" >/dev/null 2>&1 || true
  ctl "$n" -q set_permissions -p "$2" guest '.*' '.*' '.*'
}

case "${1:-}" in
  up)        [ $# -eq 3 ] || usage; up "$2" "$3" ;;
  stop)      [ $# -eq 2 ] || usage; stop "$2" ;;
  kill)      [ $# -eq 3 ] || usage; kill_node "$2" "$3" ;;
  start)     [ $# -eq 3 ] || usage; start_node "$2" "$3" ;;
  leader)    [ $# -ge 3 ] && [ $# -le 4 ] || usage; leader "$2" "$3" "${4:-/}" ;;
  members)   [ $# -ge 3 ] && [ $# -le 4 ] || usage; members "$2" "$3" "${4:-/}" ;;
  vhost)     [ $# -eq 3 ] || usage; vhost "$2" "$3" ;;
  addresses) [ $# -eq 2 ] || usage; cluster_env "$2"; addresses ;;
  ctl)       [ $# -ge 4 ] || usage; cluster_env "$2"; check_node "$3"; n=$3; shift 3; ctl "$n" "$@" ;;
  *) usage ;;
esac
