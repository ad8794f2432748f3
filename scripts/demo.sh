#!/usr/bin/env bash
# End to end on this machine: a private RabbitMQ node, the gateway with its built-in FCM emulator,
# a sample push in the seed producer's shape, and the outcomes it produced. Stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-prerequisites.sh

RUN=demo-run
AMQP_PORT=${DEMO_AMQP_PORT:-5681}
EMULATOR_PORT=${DEMO_EMULATOR_PORT:-18099}
HTTP_PORT=${DEMO_HTTP_PORT:-18080}
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
scripts/private-rabbitmq.sh start "$RUN/rabbitmq" "$AMQP_PORT"

echo "== Starting the gateway (FCM emulator on 127.0.0.1:$EMULATOR_PORT; log in $RUN/gateway.log)"
java -jar "$JAR" \
  --spring.rabbitmq.host=127.0.0.1 --spring.rabbitmq.port="$AMQP_PORT" \
  --push.emulator.port="$EMULATOR_PORT" --push.retry.delays=1s,2s,5s --server.port="$HTTP_PORT" \
  --push.fcm.projects.second.project-id=second-project \
  > "$RUN/gateway.log" 2>&1 &
GATEWAY_PID=$!
for _ in $(seq 1 120); do
  grep -q "Started PushGatewayApplication" "$RUN/gateway.log" && break
  kill -0 "$GATEWAY_PID" 2>/dev/null || { echo "The gateway stopped:"; tail -30 "$RUN/gateway.log"; exit 1; }
  sleep 0.5
done
grep -q "Started PushGatewayApplication" "$RUN/gateway.log" || { echo "The gateway did not start in time"; exit 1; }

echo "== Sending a sample push"
java -Dloader.main=io.pushgateway.demo.DemoClient -jar "$JAR" "$AMQP_PORT" "$EMULATOR_PORT"
echo
echo "== Gateway log, request lines:"
grep -E "Request |Dead-lettering" "$RUN/gateway.log" | sed 's/^/  /' || true
echo
echo "== Metrics (http://127.0.0.1:$HTTP_PORT/actuator/prometheus, push_* series with a value):"
curl -s "http://127.0.0.1:$HTTP_PORT/actuator/prometheus" | grep -E '^push_' | grep -v '_bucket' | grep -v ' 0.0$' | sed 's/^/  /' || true
