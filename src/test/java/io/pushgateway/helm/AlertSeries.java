package io.pushgateway.helm;

/**
 * Rule unit tests for {@code promtool test rules} ({@link Promtool#testRules}): made-up series, one
 * a minute, and the alerts expected from them at given times. Each case has a series that must trip
 * the alert and one beside it that must not. Firing alerts only (pending ones are not listed), by
 * their labels: the release's job and namespace are {@code push-gateway} and {@code messaging}.
 */
final class AlertSeries {

    private AlertSeries() {
    }

    /** The gateway's own metrics and kube-state-metrics' (rendered without the broker's metrics). */
    static final String GATEWAY = """
            evaluation_interval: 1m
            tests:
              # Open from minute 2, half-open for one probe at minute 4: still not closed, so it fires
              # at minute 4 (2 minutes on). The shop project's breaker stays closed.
              - interval: 1m
                input_series:
                  - series: 'push_fcm_circuit_state{job="push-gateway", namespace="messaging", pod="a", project="default", state="open"}'
                    values: '0 0 1 1 0 1 1 1 1 1'
                  - series: 'push_fcm_circuit_state{job="push-gateway", namespace="messaging", pod="a", project="default", state="half_open"}'
                    values: '0 0 0 0 1 0 0 0 0 0'
                  - series: 'push_fcm_circuit_state{job="push-gateway", namespace="messaging", pod="a", project="shop", state="open"}'
                    values: '0x9'
                alert_rule_test:
                  - eval_time: 3m
                    alertname: PushGatewayCircuitOpen
                    exp_alerts: []
                  - eval_time: 5m
                    alertname: PushGatewayCircuitOpen
                    exp_alerts:
                      - exp_labels: {severity: critical, namespace: messaging, project: default}

              # 20 invalid requests a minute fire (over 10); 5 unknown projects a minute do not.
              - interval: 1m
                input_series:
                  - series: 'push_requests_dead_lettered_total{job="push-gateway", namespace="messaging", pod="a", error="invalid-request"}'
                    values: '0+20x20'
                  - series: 'push_requests_dead_lettered_total{job="push-gateway", namespace="messaging", pod="a", error="unknown-project"}'
                    values: '0+5x20'
                alert_rule_test:
                  - eval_time: 10m
                    alertname: PushGatewayDeadLetters
                    exp_alerts:
                      - exp_labels: {severity: warning, namespace: messaging, error: invalid-request}

              # 30 % of the default project's token results are retries (over 20 %), 5 % of shop's.
              - interval: 1m
                input_series:
                  - series: 'push_tokens_total{job="push-gateway", namespace="messaging", pod="a", project="default", outcome="delivered", reason="none"}'
                    values: '0+70x30'
                  - series: 'push_tokens_total{job="push-gateway", namespace="messaging", pod="a", project="default", outcome="retry", reason="UNAVAILABLE"}'
                    values: '0+30x30'
                  - series: 'push_tokens_total{job="push-gateway", namespace="messaging", pod="a", project="shop", outcome="delivered", reason="none"}'
                    values: '0+95x30'
                  - series: 'push_tokens_total{job="push-gateway", namespace="messaging", pod="a", project="shop", outcome="retry", reason="UNAVAILABLE"}'
                    values: '0+5x30'
                alert_rule_test:
                  - eval_time: 10m
                    alertname: PushGatewayRetryShareHigh
                    exp_alerts: []
                  - eval_time: 25m
                    alertname: PushGatewayRetryShareHigh
                    exp_alerts:
                      - exp_labels: {severity: warning, namespace: messaging, project: default}

              # A day of history, then 15 minutes (to minute 1455). default: 10 a minute, then 2,000:
              # fires. shop: 500 a minute all along, over the floor but as usual: silent. fresh: no
              # history, then 300 a minute: over the floor, fires. quiet: no history, then 50: silent.
              - interval: 1m
                input_series:
                  - series: 'push_tokens_total{job="push-gateway", namespace="messaging", pod="a", project="default", outcome="token_delete", reason="UNREGISTERED"}'
                    values: '0+10x1440 14410+2000x20'
                  - series: 'push_tokens_total{job="push-gateway", namespace="messaging", pod="a", project="shop", outcome="token_delete", reason="UNREGISTERED"}'
                    values: '0+500x1460'
                  - series: 'push_tokens_total{job="push-gateway", namespace="messaging", pod="a", project="fresh", outcome="token_delete", reason="UNREGISTERED"}'
                    values: '_x1440 0+300x20'
                  - series: 'push_tokens_total{job="push-gateway", namespace="messaging", pod="a", project="quiet", outcome="token_delete", reason="UNREGISTERED"}'
                    values: '_x1440 0+50x20'
                alert_rule_test:
                  - eval_time: 1455m
                    alertname: PushGatewayTokenDeletesSpike
                    exp_alerts:
                      - exp_labels: {severity: warning, namespace: messaging, project: default}
                      - exp_labels: {severity: warning, namespace: messaging, project: fresh}

              # Pod abcde stops being ready at minute 2 while running, and with it the Deployment's
              # last ready replica. Pod fghij failed (not meant to run), and the helm test pod is not
              # the Deployment's: neither counts; nor does another Deployment without a ready replica.
              - interval: 1m
                input_series:
                  - series: 'kube_pod_status_ready{namespace="messaging", pod="push-gateway-6d5f7c9b8-abcde", condition="true"}'
                    values: '1 1 0x10'
                  - series: 'kube_pod_status_phase{namespace="messaging", pod="push-gateway-6d5f7c9b8-abcde", phase="Running"}'
                    values: '1x12'
                  - series: 'kube_pod_status_ready{namespace="messaging", pod="push-gateway-6d5f7c9b8-fghij", condition="true"}'
                    values: '0x12'
                  - series: 'kube_pod_status_phase{namespace="messaging", pod="push-gateway-6d5f7c9b8-fghij", phase="Failed"}'
                    values: '1x12'
                  - series: 'kube_pod_status_phase{namespace="messaging", pod="push-gateway-6d5f7c9b8-fghij", phase="Running"}'
                    values: '0x12'
                  - series: 'kube_pod_status_ready{namespace="messaging", pod="push-gateway-test-connection", condition="true"}'
                    values: '0x12'
                  - series: 'kube_pod_status_phase{namespace="messaging", pod="push-gateway-test-connection", phase="Running"}'
                    values: '1x12'
                  - series: 'kube_deployment_status_replicas_ready{namespace="messaging", deployment="push-gateway"}'
                    values: '1 1 0x10'
                  - series: 'kube_deployment_status_replicas_ready{namespace="messaging", deployment="other"}'
                    values: '0x12'
                alert_rule_test:
                  - eval_time: 5m
                    alertname: PushGatewayNotReady
                    exp_alerts: []
                  - eval_time: 8m
                    alertname: PushGatewayNotReady
                    exp_alerts:
                      - exp_labels: {severity: warning, namespace: messaging, pod: push-gateway-6d5f7c9b8-abcde}
                  - eval_time: 1m
                    alertname: PushGatewayIntakeWithoutConsumer
                    exp_alerts: []
                  - eval_time: 8m
                    alertname: PushGatewayIntakeWithoutConsumer
                    exp_alerts:
                      - exp_labels: {severity: critical, namespace: messaging, deployment: push-gateway}

              # Pod a runs the emulator, pod b FCM.
              - interval: 1m
                input_series:
                  - series: 'push_provider_info{job="push-gateway", namespace="messaging", pod="a", provider="emulator"}'
                    values: '1x5'
                  - series: 'push_provider_info{job="push-gateway", namespace="messaging", pod="b", provider="fcm"}'
                    values: '1x5'
                alert_rule_test:
                  - eval_time: 2m
                    alertname: PushGatewayEmulatorAnswering
                    exp_alerts:
                      - exp_labels: {severity: critical, namespace: messaging, pod: a}
            """;

    /** RabbitMQ's per-queue metrics (rendered with brokerMetrics on, prefix rabbitmq_). */
    static final String BROKER = """
            evaluation_interval: 1m
            tests:
              # push.retry.1 grows by 200 a minute, push.retry.2 holds 50: together over 1,000 and above
              # 5 minutes earlier from minute 5, so it fires from minute 15. The intake's depth does not count.
              - interval: 1m
                input_series:
                  - series: 'rabbitmq_queue_messages_ready{vhost="/", queue="push.retry.1"}'
                    values: '0+200x30'
                  - series: 'rabbitmq_queue_messages_ready{vhost="/", queue="push.retry.2"}'
                    values: '50x30'
                  - series: 'rabbitmq_queue_messages_ready{vhost="/", queue="push.requests"}'
                    values: '0+5000x30'
                alert_rule_test:
                  - eval_time: 14m
                    alertname: PushGatewayRetryBacklogGrowing
                    exp_alerts: []
                  - eval_time: 20m
                    alertname: PushGatewayRetryBacklogGrowing
                    exp_alerts:
                      - exp_labels: {severity: warning, vhost: /}

              # The retry levels hold 5,000 but no longer grow: silent.
              - interval: 1m
                input_series:
                  - series: 'rabbitmq_queue_messages_ready{vhost="/", queue="push.retry.1"}'
                    values: '5000x30'
                alert_rule_test:
                  - eval_time: 20m
                    alertname: PushGatewayRetryBacklogGrowing
                    exp_alerts: []

              # The intake loses its consumers at minute 2 while 100 requests wait: fires at 7.
              - interval: 1m
                input_series:
                  - series: 'rabbitmq_queue_consumers{vhost="/", queue="push.requests"}'
                    values: '8 8 0x10'
                  - series: 'rabbitmq_queue_messages_ready{vhost="/", queue="push.requests"}'
                    values: '100x12'
                alert_rule_test:
                  - eval_time: 5m
                    alertname: PushGatewayIntakeWithoutConsumer
                    exp_alerts: []
                  - eval_time: 8m
                    alertname: PushGatewayIntakeWithoutConsumer
                    exp_alerts:
                      - exp_labels: {severity: critical, vhost: /, queue: push.requests}

              # No consumer, but nothing waits either (KEDA scaled to zero): silent.
              - interval: 1m
                input_series:
                  - series: 'rabbitmq_queue_consumers{vhost="/", queue="push.requests"}'
                    values: '0x12'
                  - series: 'rabbitmq_queue_messages_ready{vhost="/", queue="push.requests"}'
                    values: '0x12'
                alert_rule_test:
                  - eval_time: 10m
                    alertname: PushGatewayIntakeWithoutConsumer
                    exp_alerts: []
            """;
}
