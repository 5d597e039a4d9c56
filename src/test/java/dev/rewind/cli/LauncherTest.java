package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.testing.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
}
