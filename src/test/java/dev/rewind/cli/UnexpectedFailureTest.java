package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.BadInputException;
import dev.rewind.secrets.SecretRegistry;
import dev.rewind.testing.RewindLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import dev.rewind.secrets.FreshSecrets;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Finding 3: no stack trace reaches a user. A command that ends in an exception that is not a RewindException (a
 * bug) prints one line, saying what failed and where the full trace is, and exits 1; the trace, masked, is in the
 * log file. Exceptions from background threads are treated the same, and an expected failure thrown on one keeps
 * its exit code. The failing commands are added to the real command line, so its own handling is what runs.
 */
@ExtendWith(FreshSecrets.class) // the secrets registered here do not outlive the class
class UnexpectedFailureTest {
    private static final String SECRET = "s3cr3t-" + UUID.randomUUID();

    @TempDir
    Path dir;

    @Command(name = "explode")
    static final class Explode implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("the cache held " + SECRET + "\nand then some");
        }
    }

    @Command(name = "explode-in-background")
    static final class ExplodeInBackground implements Callable<Integer> {
        @Override
        public Integer call() {
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                return CompletableFuture.<Integer>supplyAsync(() -> {
                    throw new NullPointerException("no config for " + SECRET);
                }, pool).join();
            }
        }
    }

    @Command(name = "refuse-in-background")
    static final class RefuseInBackground implements Callable<Integer> {
        @Override
        public Integer call() {
            return CompletableFuture.<Integer>supplyAsync(() -> {
                throw new BadInputException("rewind.yaml", 3, "environments.shop.url", "expected a URL");
            }).join();
        }
    }

    @Command(name = "overflow")
    static final class Overflow implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new StackOverflowError("deep " + SECRET);
        }
    }

    record Run(int exit, String out, String err, String log, Path logFile) {
    }

    private Run run(String command) throws Exception {
        SecretRegistry.global().register(SECRET);
        Path log = dir.resolve("rewind.log");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try (RewindLog ignored = RewindLog.to(log)) {
            CommandLine cl = RewindCommand.commandLine();
            cl.addSubcommand(new Explode()).addSubcommand(new ExplodeInBackground()).addSubcommand(new RefuseInBackground())
                    .addSubcommand(new Overflow());
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            exit = cl.execute(command);
        }
        return new Run(exit, out.toString(), err.toString(), Files.exists(log) ? Files.readString(log) : "", log.toAbsolutePath());
    }

    @Test
    void anUnexpectedExceptionPrintsOneMaskedLineWithTheLogPathAndExitsOne() throws Exception {
        Run r = run("explode");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines().filter(l -> !l.isBlank())).as(r.err()).singleElement().asString()
                .contains("rewind: unexpected error in 'explode': IllegalStateException: the cache held **** and then some")
                .endsWith("the full trace is in " + r.logFile());
        assertThat(r.err() + r.out()).doesNotContain(SECRET).doesNotContain("\tat ");
        assertThat(r.log()).as("the trace is in the log").contains("IllegalStateException").contains("at " + Explode.class.getName())
                .doesNotContain(SECRET);
    }

    @Test
    void anExceptionFromABackgroundThreadIsReportedTheSameWay() throws Exception {
        Run r = run("explode-in-background");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines().filter(l -> !l.isBlank())).as(r.err()).singleElement().asString()
                .contains("unexpected error in 'explode-in-background': NullPointerException: no config for ****")
                .contains(r.logFile().toString());
        assertThat(r.err()).doesNotContain(SECRET).doesNotContain("\tat ");
        assertThat(r.log()).contains("NullPointerException").doesNotContain(SECRET);
    }

    @Test
    void anExpectedFailureFromABackgroundThreadKeepsItsExitCodeAndMessage() throws Exception {
        Run r = run("refuse-in-background");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("rewind: rewind.yaml:3: field 'environments.shop.url': expected a URL");
    }

    @Test
    void anErrorThatPicocliLetsThroughIsOneLineToo() throws Exception {
        Run r = run("overflow");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines().filter(l -> !l.isBlank())).as(r.err()).singleElement().asString()
                .contains("unexpected error in 'overflow': StackOverflowError: deep ****");
        assertThat(r.err()).doesNotContain("\tat ");
        assertThat(r.log()).contains("StackOverflowError").doesNotContain(SECRET);
    }

    /** What main installs as the default handler: a thread nobody waits for dies with one line, not a trace. */
    @Test
    void aThreadThatDiesUnobservedPrintsOneLineAndLogsTheTrace() throws Exception {
        SecretRegistry.global().register(SECRET);
        Path log = dir.resolve("rewind.log");
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stderr = System.err;
        try (RewindLog ignored = RewindLog.to(log)) {
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            Thread worker = Thread.ofPlatform().name("poller").unstarted(() -> {
                throw new IllegalStateException("lost " + SECRET);
            });
            worker.setUncaughtExceptionHandler(Failures::uncaught);
            worker.start();
            worker.join();
        } finally {
            System.setErr(stderr);
        }
        String err = captured.toString(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(err.lines().filter(l -> !l.isBlank())).as(err).singleElement().asString()
                .contains("rewind: unexpected error in thread 'poller': IllegalStateException: lost ****")
                .endsWith("the full trace is in " + log.toAbsolutePath());
        assertThat(Files.readString(log)).contains("IllegalStateException").doesNotContain(SECRET);
    }

    @Test
    void badUsageIsStillPicocliMessageAndExitTwoWithoutATrace() throws Exception {
        Run r = run("--no-such-option");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--no-such-option").doesNotContain("\tat ");
    }
}
