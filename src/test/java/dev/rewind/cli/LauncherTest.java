package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/rewind and bin/test find a JDK 21+ themselves, and say so clearly when there is none. */
class LauncherTest {

    private record Run(int exit, String output) {
    }

    /** Bounded: a script that hangs is killed at the limit and fails the test with what it printed. */
    private static Run bash(Map<String, String> env, String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script);
        pb.environment().putAll(env);
        Command.Result result = Command.run(pb, Duration.ofSeconds(60));
        return new Run(result.exit(), result.output());
    }

    private static String testJdk() {
        return Path.of(System.getProperty("java.home")).toString();
    }

    @Test
    void withNoJdk21AnywhereBothScriptsExitTwoAndSayWhereTheyLooked(@TempDir Path emptyJvmDir) throws Exception {
        Map<String, String> env = Map.of("JAVA_HOME", "/nonexistent-jdk", "REWIND_JVM_DIR", emptyJvmDir.toString());
        for (String script : new String[] {"bin/rewind --help", "bin/test -q"}) {
            Run run = bash(env, script);
            assertThat(run.exit()).as(script).isEqualTo(2);
            assertThat(run.output()).as(script).contains("no JDK 21 or newer found").contains(emptyJvmDir.toString());
        }
    }

    @Test
    void aTooOldJavaHomeFallsThroughToANewerJdkInTheSearchFolder(@TempDir Path jvmDir) throws Exception {
        // the JDK running this test is 21+ (the enforcer makes sure); put it where the launcher looks
        Files.createSymbolicLink(jvmDir.resolve("some-jdk"), Path.of(System.getProperty("java.home")));
        Run run = bash(Map.of("JAVA_HOME", "/nonexistent-jdk", "REWIND_JVM_DIR", jvmDir.toString()),
                ". bin/jdk.sh && echo \"found=$JAVA_HOME\"");
        assertThat(run.exit()).isZero();
        assertThat(run.output()).contains("found=" + jvmDir.resolve("some-jdk"));
    }

    @Test
    void aJavaHomeThatIs21OrNewerIsUsedAsItIs() throws Exception {
        Run run = bash(Map.of("JAVA_HOME", testJdk()), ". bin/jdk.sh && echo \"found=$JAVA_HOME\"");
        assertThat(run.exit()).isZero();
        assertThat(run.output()).contains("found=" + testJdk());
    }

    /**
     * A stand-in JDK 25 whose java logs its arguments; given -XX:ArchiveClassesAtExit it writes that file, unless
     * FAKE_TRAINING_FAILS is set. The launcher is copied beside a placeholder jar, so no build runs.
     */
    private static Path fakeInstall(Path dir) throws IOException {
        Path jdk = Files.createDirectories(dir.resolve("jvm/fake-25/bin"));
        Files.writeString(jdk.resolve("java"), """
                #!/usr/bin/env bash
                echo "java $*" >>"$FAKE_JAVA_LOG"
                for a in "$@"; do
                  case "$a" in -XX:ArchiveClassesAtExit=*) [ -n "${FAKE_TRAINING_FAILS:-}" ] && exit 1; echo archive >"${a#*=}" ;; esac
                done
                """);
        Files.writeString(jdk.resolve("javac"), "#!/bin/sh\n");
        Files.writeString(jdk.getParent().resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");
        for (String f : new String[] {"java", "javac"}) jdk.resolve(f).toFile().setExecutable(true);
        Path home = Files.createDirectories(dir.resolve("rewind/bin"));
        for (String f : new String[] {"rewind", "jdk.sh"}) Files.copy(Path.of("bin", f), home.resolve(f));
        home.resolve("rewind").toFile().setExecutable(true);
        Files.writeString(Files.createDirectories(dir.resolve("rewind/target")).resolve("rewind.jar"), "placeholder");
        return dir.resolve("rewind");
    }

    @Test
    void theLauncherTrainsAClassArchiveOncePerJarAndRunsWithItQuietly(@TempDir Path dir) throws Exception {
        Path home = fakeInstall(dir);
        Path log = dir.resolve("java.log"), jar = home.resolve("target/rewind.jar"), jsa = home.resolve("target/rewind-fake-25.jsa");
        Map<String, String> env = Map.of("JAVA_HOME", "/nonexistent-jdk", "REWIND_JVM_DIR", dir.resolve("jvm").toString(),
                "FAKE_JAVA_LOG", log.toString());
        String run = home + "/bin/rewind --version";

        assertThat(bash(env, run).exit()).isZero();
        List<String> first = Files.readAllLines(log);
        assertThat(first).hasSize(2); // the JDK's version came from its release file, not from running it
        assertThat(first.get(0)).contains("-XX:ArchiveClassesAtExit=" + jsa + ".").contains(" replay --config ").contains("--format json");
        assertThat(first.get(1)).contains("-XX:SharedArchiveFile=" + jsa, "-Xlog:cds*=off").endsWith("-jar " + jar + " --version");
        assertThat(jsa).exists();

        Files.delete(log);
        assertThat(bash(env, run).exit()).isZero();
        assertThat(Files.readAllLines(log)).singleElement().asString().contains("-XX:SharedArchiveFile=" + jsa);

        // a rebuilt jar makes the archive stale: it is trained again before the run
        Files.delete(log);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jsa).toMillis() + 5_000));
        assertThat(bash(env, run).exit()).isZero();
        assertThat(Files.readAllLines(log)).hasSize(2).first().asString().contains("-XX:ArchiveClassesAtExit=");
    }

    @Test
    void whenNoArchiveCanBeMadeTheLauncherRunsWithoutOne(@TempDir Path dir) throws Exception {
        Path home = fakeInstall(dir);
        Path log = dir.resolve("java.log");
        Map<String, String> env = Map.of("JAVA_HOME", "/nonexistent-jdk", "REWIND_JVM_DIR", dir.resolve("jvm").toString(),
                "FAKE_JAVA_LOG", log.toString(), "FAKE_TRAINING_FAILS", "1");
        assertThat(bash(env, home + "/bin/rewind --version").exit()).isZero();
        List<String> calls = Files.readAllLines(log);
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1)).doesNotContain("SharedArchiveFile").endsWith("--version");
        assertThat(home.resolve("target")).isDirectoryNotContaining("glob:**.jsa*"); // no half-written archive left
    }
}
