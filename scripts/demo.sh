#!/usr/bin/env bash
# End to end on this machine: a private RabbitMQ node, the gateway with its built-in FCM emulator,
# a sample push in the seed producer's shape, and the outcomes it produced. Stops what it started.
# The real-time channel is on: the node runs Web-STOMP, MQTT and the OAuth 2 backend, and the
# gateway serves the page at /realtime/.
#
#   scripts/demo.sh          runs once and stops
#   scripts/demo.sh --keep   stays up until Ctrl-C (open the page; Enter sends the sample push again)
set -euo pipefail
cd "$(dirname "$0")/.."
KEEP=false
for arg in "$@"; do
  case "$arg" in
    --keep) KEEP=true ;;
    *) echo "usage: $0 [--keep]" >&2; exit 2 ;;
  esac
done
scripts/install-prerequisites.sh

RUN=demo-run
AMQP_PORT=${DEMO_AMQP_PORT:-5681}
EMULATOR_PORT=${DEMO_EMULATOR_PORT:-18099}
HTTP_PORT=${DEMO_HTTP_PORT:-18080}
WEB_STOMP_PORT=${DEMO_WEB_STOMP_PORT:-15694}
MQTT_PORT=${DEMO_MQTT_PORT:-18883}
mkdir -p "$RUN"

echo "== Building the gateway jar"
./mvnw -B -q -ntp -DskipTests package
JAR=$(ls target/push-gateway-*.jar | head -1)

GATEWAY_PID=""
cleanup() {
  [ -n "$GATEWAY_PID" ] && kill "$GATEWAY_PID" 2>/dev/null && wait "$GATEWAY_PID" 2>/dev/null || true
  scripts/private-rabbitmq.sh stop "$RUN/rabbitmq" || true
}
trap cleanup EXIT

echo "== Starting a private RabbitMQ node on 127.0.0.1:$AMQP_PORT"
scripts/private-rabbitmq.sh stop "$RUN/rabbitmq" >/dev/null 2>&1 || true
rm -rf "$RUN/rabbitmq"
# The real-time channel's broker side (docs/realtime.md): an RS256 key the demo's "login"
# signs access tokens with, and the plugins and listeners of the node's own config.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$RUN/login-key.pem" 2>/dev/null
openssl pkey -in "$RUN/login-key.pem" -pubout -out "$RUN/login-public-key.pem"
RMQ_PLUGINS=rabbitmq_web_stomp,rabbitmq_mqtt,rabbitmq_auth_backend_oauth2 RMQ_EXTRA_CONF="$(cat <<CONF
web_stomp.tcp.ip = 127.0.0.1
web_stomp.tcp.port = $WEB_STOMP_PORT
stomp.listeners.tcp = none
mqtt.listeners.tcp.default = 127.0.0.1:$MQTT_PORT
mqtt.exchange = push.realtime
mqtt.allow_anonymous = false
auth_backends.1 = internal
auth_backends.2 = rabbit_auth_backend_oauth2
auth_oauth2.resource_server_id = rabbitmq
auth_oauth2.default_key = demo-login
auth_oauth2.signing_keys.demo-login = $(pwd)/$RUN/login-public-key.pem
CONF
)" scripts/private-rabbitmq.sh start "$RUN/rabbitmq" "$AMQP_PORT"
ctl() { scripts/private-rabbitmq.sh ctl "$RUN/rabbitmq" "$@" >/dev/null; }
# Two of the sample push's users as browser users, with the least privilege of the contract.
for user in user-17 user-19; do
  ctl add_user "$user" demo
  ctl set_permissions -p / "$user" '^(stomp|mqtt)-subscription-.*' '^(stomp|mqtt)-subscription-.*' '^(push\.realtime|(stomp|mqtt)-subscription-.*)$'
  ctl set_topic_permissions -p / "$user" push.realtime '^user\.{username}$' '^user\.{username}$'
done

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
# An access token for carol, member of group g1, as the application's login would issue it.
mint_token() {
  local now header payload
  now=$(date +%s)
  header=$(printf '{"alg":"RS256","typ":"JWT","kid":"demo-login"}' | b64url)
  payload=$(printf '{"sub":"carol","aud":["rabbitmq"],"iat":%s,"exp":%s,"scope":["rabbitmq.configure:%%2F/stomp-subscription-*","rabbitmq.write:%%2F/stomp-subscription-*","rabbitmq.read:%%2F/stomp-subscription-*","rabbitmq.read:%%2F/push.realtime/user.carol","rabbitmq.read:%%2F/push.realtime/group.g1"]}' \
    "$now" "$((now + 8 * 3600))" | b64url)
  printf '%s.%s.%s' "$header" "$payload" "$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$RUN/login-key.pem" -binary | b64url)"
}

echo "== Starting the gateway (FCM emulator on 127.0.0.1:$EMULATOR_PORT; log in $RUN/gateway.log)"
java -jar "$JAR" \
  --spring.rabbitmq.host=127.0.0.1 --spring.rabbitmq.port="$AMQP_PORT" \
  --push.emulator.port="$EMULATOR_PORT" --push.retry.delays=1s,2s,5s --server.port="$HTTP_PORT" \
  --push.fcm.projects.second.project-id=second-project \
  --push.realtime.enabled=true --push.realtime.web-stomp-url="ws://127.0.0.1:$WEB_STOMP_PORT/ws" \
  > "$RUN/gateway.log" 2>&1 &
GATEWAY_PID=$!
for _ in $(seq 1 360); do  # up to 3 minutes: a loaded 2-core machine starts it slowly
  grep -q "Started PushGatewayApplication" "$RUN/gateway.log" && break
  kill -0 "$GATEWAY_PID" 2>/dev/null || { echo "The gateway stopped:"; tail -30 "$RUN/gateway.log"; exit 1; }
  sleep 0.5
done
grep -q "Started PushGatewayApplication" "$RUN/gateway.log" || { echo "The gateway did not start in time"; exit 1; }

echo "== Sending a sample push"
java -Dloader.main=io.pushgateway.demo.DemoClient -jar "$JAR" "$AMQP_PORT" "$EMULATOR_PORT" --realtime
echo
echo "== Gateway log, request lines:"
grep -E "Request |Dead-lettering" "$RUN/gateway.log" | sed 's/^/  /' || true
echo
echo "== Metrics (http://127.0.0.1:$HTTP_PORT/actuator/prometheus, push_* series with a value):"
curl -s "http://127.0.0.1:$HTTP_PORT/actuator/prometheus" | grep -E '^push_' | grep -v '_bucket' | grep -v ' 0.0$' | sed 's/^/  /' || true

PAGE="http://127.0.0.1:$HTTP_PORT/realtime/"
echo
echo "== Real-time page: $PAGE"
echo "  log in as user-17 or user-19, password demo (the sample push's users; user-17 may add"
echo "  'user.user-18' under Other keys to see the broker refuse another user's key)"
echo "  or as carol, group g1, with this access token in the password field:"
echo "  $(mint_token)"
if [ "$KEEP" = true ]; then
  echo
  echo "== Staying up (Ctrl-C stops everything). Press Enter to send the sample push again."
  while read -r _; do
    java -Dloader.main=io.pushgateway.demo.DemoClient -jar "$JAR" "$AMQP_PORT" "$EMULATOR_PORT" --realtime || true
    echo "== Sent. Enter sends it again, Ctrl-C stops."
  done
  # stdin closed (not a terminal): stay up anyway until Ctrl-C.
  while kill -0 "$GATEWAY_PID" 2>/dev/null; do sleep 1; done
fi
