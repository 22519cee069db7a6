# Shared helpers of the bin/ scripts. Source it; do not run it.

MESHKIT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MESHKIT_VERSION=0.1.0-SNAPSHOT
SERVER_JAR="$MESHKIT_ROOT/server/target/meshkit-server-$MESHKIT_VERSION.jar"
CLI_JAR="$MESHKIT_ROOT/cli/target/meshkit-cli-$MESHKIT_VERSION.jar"
PERF_JAR="$MESHKIT_ROOT/perf/target/meshkit-perf-$MESHKIT_VERSION.jar"
JEPSEN_JAR="$MESHKIT_ROOT/jepsen/target/meshkit-jepsen-$MESHKIT_VERSION.jar"

die() { echo "meshkit: $*" >&2; exit 1; }

# Installs Debian package $2 when command $1 is missing (needs root; says so otherwise).
install_if_missing() {
  local cmd=$1 pkg=$2
  if ! command -v "$cmd" >/dev/null 2>&1; then
    echo "meshkit: $cmd not found; installing Debian package $pkg" >&2
    if [ "$(id -u)" -ne 0 ]; then
      die "need root to install $pkg (or install it yourself and rerun)"
    fi
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg"
  fi
}

# promtool (Prometheus' rule checker, for OpsFilesIT) from Debian's prometheus package, unpacked into a
# cache rather than installed: installing the package would start a Prometheus server. Exports PROMTOOL.
ensure_promtool() {
  if command -v promtool >/dev/null 2>&1 || [ -n "${PROMTOOL:-}" ]; then
    return
  fi
  local cache="${XDG_CACHE_HOME:-$HOME/.cache}/meshkit/prometheus"
  if [ ! -x "$cache/usr/bin/promtool" ]; then
    echo "meshkit: promtool not found; unpacking it from Debian's prometheus package into $cache" >&2
    mkdir -p "$cache/deb"
    (cd "$cache/deb" && { apt-get download prometheus >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null && apt-get download prometheus >/dev/null; }; }) \
      || die "could not download Debian's prometheus package (needed for promtool); set PROMTOOL to a promtool"
    dpkg-deb -x "$cache"/deb/prometheus_*.deb "$cache"
  fi
  export PROMTOOL="$cache/usr/bin/promtool"
}

# Java 17+ and Maven 3.8+ must be on the PATH; on Debian they can be installed.
require_toolchain() {
  command -v java >/dev/null 2>&1 || die "java not found: install a JDK 17+ (Debian: apt-get install -y openjdk-17-jdk-headless)"
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  [ "${major%%.*}" -ge 17 ] 2>/dev/null || die "java $major is too old: MeshKit needs Java 17+ (set JAVA_HOME / PATH)"
  command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven 3.8+ (Debian: apt-get install -y maven)"
}

# Builds the server, CLI, perf and jepsen jars (and their lib/ folders) when any is missing or older
# than any main source or pom (a partial build can leave one jar behind the others).
ensure_built() {
  local stale="" jar
  for jar in "$SERVER_JAR" "$CLI_JAR" "$PERF_JAR" "$JEPSEN_JAR"; do
    if [ ! -f "$jar" ] || [ ! -d "$(dirname "$jar")/lib" ]; then
      stale=missing
      break
    fi
    if [ -n "$(find "$MESHKIT_ROOT" -path '*/target' -prune -o \( -path '*/src/main/*' -o -name pom.xml \) \
        -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
      stale=outdated
      break
    fi
  done
  if [ -n "$stale" ]; then
    require_toolchain
    echo "meshkit: building (jars $stale; takes a minute or two the first time)..." >&2
    # Dependencies are copied into target/*/lib; a jar dropped from a pom would linger there otherwise.
    rm -rf "$MESHKIT_ROOT"/*/target/lib "$MESHKIT_ROOT"/samples/*/target/lib
    (cd "$MESHKIT_ROOT" && mvn -B -q -DskipUTs -DskipITs package) >&2 || die "build failed: run 'mvn -DskipUTs -DskipITs package' to see why"
    # Maven leaves a module's jar as it was when its own sources did not change (a change elsewhere
    # still refreshes its lib/); without this, every later call would find it "outdated" and build again.
    touch "$SERVER_JAR" "$CLI_JAR" "$PERF_JAR" "$JEPSEN_JAR"
  fi
}

# HTTP status code of GET http://127.0.0.1:PORT/PATH, or 000 when nothing answers. Pure bash.
http_status() {
  local code
  code=$(
    exec 2>/dev/null
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 0
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
    IFS=' ' read -r -t 5 _ status _ <&3 && echo "$status"
  )
  echo "${code:-000}"
}
