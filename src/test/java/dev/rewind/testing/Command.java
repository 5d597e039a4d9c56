package dev.rewind.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to its end within a limit, for test fixtures (initdb, pg_ctl, npm, node, bash). The
 * output goes to a file rather than a pipe, so the wait is the only wait: a chatty command cannot block
 * on a full pipe, and a daemon it leaves behind holding the pipe cannot keep a read from ever ending.
 * Past the limit the command and everything it started are killed.
 */
public final class Command {
    public record Result(int exit, String output) {
    }

    private Command() {
    }

    public static Result run(List<String> command, Duration limit) throws IOException, InterruptedException {
        return run(new ProcessBuilder(command), limit);
    }

    public static Result run(ProcessBuilder builder, Duration limit) throws IOException, InterruptedException {
        Path out = Files.createTempFile("rewind-command", ".out");
        try {
            Process p = builder.redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", builder.command()) + " did not finish within " + limit.toSeconds()
                        + " s and was killed; its output so far:\n" + Logs.lastLines(out, 40));
            }
            return new Result(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The output of a command that must succeed; a non-zero exit fails with the command and its output. */
    public static String succeed(List<String> command, Duration limit) throws IOException, InterruptedException {
        Result result = run(command, limit);
        if (result.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with code " + result.exit() + "; its output:\n" + result.output());
        }
        return result.output();
    }
}
