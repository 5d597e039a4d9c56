# Sourced by bin/rewind and bin/test: finds a JDK 21+ and exports JAVA_HOME.
# Order: $JAVA_HOME if it is 21+, then the newest JDK under /usr/lib/jvm ($REWIND_JVM_DIR overrides
# the folder, which is how the "no JDK" path is tried).

rewind_java_major() {
  # prints the feature version of the java binary given, or nothing. The JDK's release file says it without
  # starting a JVM, which cost every launch 60-100 ms; a JDK without one is asked by running its java.
  local release version
  release="$(dirname "$(dirname "$1")")/release"
  if [ -r "$release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9.]*\).*/\1/p' "$release" | head -n 1)
    version=${version#1.} # 1.8.0 is 8
    version=${version%%.*}
    if [ -n "$version" ]; then echo "$version"; return 0; fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

rewind_find_jdk() {
  local candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(rewind_java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$JAVA_HOME"; return 0
    fi
  fi
  for candidate in $(ls -d "${REWIND_JVM_DIR:-/usr/lib/jvm}"/*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    major=$(rewind_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

if ! REWIND_JDK=$(rewind_find_jdk); then
  echo "rewind: no JDK 21 or newer found." >&2
  echo "  looked at: JAVA_HOME=${JAVA_HOME:-<unset>} and ${REWIND_JVM_DIR:-/usr/lib/jvm}/*" >&2
  echo "  install a JDK 21 or newer (Temurin, or your distribution's openjdk-21+) and point JAVA_HOME at it." >&2
  exit 2
fi
export JAVA_HOME="$REWIND_JDK"
