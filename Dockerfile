# Image of the push gateway: the layered Spring Boot jar on a JRE, as a non-root user.
#
#   ./mvnw -DskipTests package
#   docker build -t push-gateway:0.1.0 .
#
# The jar is built by Maven beforehand (the build needs no Maven or registry inside Docker).
# Stage 1 splits it into Spring Boot's layers; stage 2 copies them in order of how often they
# change (libraries, loader, snapshot libraries, our classes), so a code change rebuilds and
# ships only the small last layer. See helm/README.md, "Image".

ARG BUILD_IMAGE=eclipse-temurin:17-jdk
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS layers
WORKDIR /build
ARG JAR_FILE=target/push-gateway-0.1.0-SNAPSHOT.jar
COPY ${JAR_FILE} app.jar
# Spring Boot 3.5's jar tools: one folder per layer (dependencies, spring-boot-loader,
# snapshot-dependencies, application), each laid out like the jar, loader classes included.
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM ${RUNTIME_IMAGE}
# A fixed unprivileged uid/gid (the Helm chart runs the pod as 10001 too). No home, no shell.
RUN groupadd --system --gid 10001 pushgw \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin pushgw
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
USER 10001:10001
# Actuator (health probes, /actuator/prometheus).
EXPOSE 8080
# Heap: half the container's memory limit (the JVM needs ~220 MiB besides the heap); a JVM out of
# memory exits and is restarted.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"
# The jar's own launcher (ZIP layout): reads BOOT-INF/ from /app, and honours -Dloader.main,
# e.g. -Dloader.main=io.pushgateway.emulator.FcmEmulator for the standalone FCM emulator.
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.PropertiesLauncher"]
