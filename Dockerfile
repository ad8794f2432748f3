# Image of the push gateway: the Spring Boot jar extracted into plain jars on a Java 25 JRE, with
# an AOT cache made by a training run at image build, as a non-root user.
#
#   ./mvnw -DskipTests package
#   docker build -t push-gateway:0.1.0 .
#
# The jar is built by Maven beforehand (the build needs no Maven inside Docker). Stage 1 extracts
# it into lib/ (the libraries) and push-gateway.jar (our classes, its manifest naming lib/), the
# plain-jar class path an AOT cache needs. Stage 2 copies the libraries first, so a code change
# rebuilds only our small jar and the cache. The training run (scripts/train-startup-cache.sh)
# runs in the final stage, against the very files the image ships (the JVM checks their sizes and
# times), and starts the gateway against a throwaway RabbitMQ node installed, used and removed
# within one RUN, so the image holds no broker.
# Written for Docker/BuildKit; not built on the project's own machine, which has no Docker engine.
# See helm/README.md, "Image".

ARG BUILD_IMAGE=eclipse-temurin:25-jdk
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre

FROM ${BUILD_IMAGE} AS extract
WORKDIR /build
ARG JAR_FILE=target/push-gateway-0.1.0-SNAPSHOT.jar
COPY ${JAR_FILE} app.jar
RUN java -Djarmode=tools -jar app.jar extract --destination extracted --application-filename push-gateway.jar

FROM ${RUNTIME_IMAGE}
# A fixed unprivileged uid/gid (the Helm chart runs the pod as 10001 too). No home, no shell.
RUN groupadd --system --gid 10001 pushgw \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin pushgw
# Heap: half the container's memory limit (the JVM needs ~220 MiB besides the heap); a JVM out of
# memory exits and is restarted. Set before the training run, which should run as production does.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError" \
    APP_DIR=/app
COPY scripts/start-gateway.sh scripts/startup-cache-lib.sh scripts/train-startup-cache.sh \
     scripts/private-rabbitmq.sh /opt/push-gateway/
COPY --from=extract /build/extracted/lib/ /app/lib/
COPY --from=extract /build/extracted/push-gateway.jar /app/
# The training run writes /app/startup-cache/jdk25.aot (+ .jdk: the JVM build it fits).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends rabbitmq-server \
 && /opt/push-gateway/train-startup-cache.sh --extracted /app "$JAVA_HOME" \
 && apt-get purge -y --auto-remove rabbitmq-server \
 && rm -rf /var/lib/apt/lists/* /var/lib/rabbitmq /var/log/rabbitmq
WORKDIR /app
USER 10001:10001
# Actuator (health probes, /actuator/prometheus).
EXPOSE 8080
# Java with its AOT cache, or plain java if the cache does not fit (it prints which). Another main
# class: LOADER_MAIN=io.pushgateway.emulator.FcmEmulator, or -Dloader.main=… in JAVA_TOOL_OPTIONS
# as with the fat jar, starts the standalone FCM emulator.
ENTRYPOINT ["/opt/push-gateway/start-gateway.sh"]
