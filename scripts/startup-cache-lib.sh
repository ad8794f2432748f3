# Shared by start-gateway.sh and train-startup-cache.sh (sourced): which JDKs are here, and where
# a JDK's start-up cache lives in the extracted jar's folder.

# A JDK home's feature version (25 for 25.0.3), from its release file (no JVM started).
java_feature() {
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}

# The exact build a cache was made by: a cache only fits the JVM build that wrote it.
java_build() {
  sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$1/release" 2>/dev/null
}

is_lts() {
  [ "$1" -eq 17 ] || [ "$1" -eq 21 ] || { [ "$1" -ge 25 ] && [ $(( ($1 - 25) % 4 )) -eq 0 ]; }
}

# Homes of the JDKs/JREs present: JAVA_HOME, the Temurin image's, /usr/lib/jvm's, the one on PATH.
java_homes() {
  local on_path
  [ -n "${JAVA_HOME:-}" ] && echo "$JAVA_HOME"
  [ -d /opt/java/openjdk ] && echo /opt/java/openjdk
  for home in /usr/lib/jvm/*/; do [ -L "${home%/}" ] || echo "${home%/}"; done
  if on_path=$(command -v java 2>/dev/null); then dirname "$(dirname "$(readlink -f "$on_path")")"; fi
}

# The home of the newest LTS JDK present (ties: the first listed), or nothing.
newest_lts_java() {
  local best="" best_feature=0 feature
  while read -r home; do
    [ -x "$home/bin/java" ] || continue
    feature=$(java_feature "$home")
    [ -n "$feature" ] && is_lts "$feature" && [ "$feature" -gt "$best_feature" ] || continue
    best=$home best_feature=$feature
  done < <(java_homes)
  echo "$best"
}

# The start-up cache of a JDK feature version in an extracted-jar folder: an AOT cache on 24+,
# a dynamic CDS archive before. Next to it, FILE.jdk names the JVM build that made it.
cache_file() {
  if [ "$2" -ge 24 ]; then echo "$1/startup-cache/jdk$2.aot"; else echo "$1/startup-cache/jdk$2.jsa"; fi
}
