package dev.rewind.integrations.nginx;

import dev.rewind.model.UnreachableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Starts real processes. Output is drained on its own thread so a chatty program cannot block on a full pipe. */
public final class SystemProcessRunner implements ProcessRunner {

    @Override
    public Result run(List<String> command, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UnreachableException(command.getFirst(), "cannot run " + command + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()),
                Thread.ofVirtual()::start);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new UnreachableException(command.getFirst(), command + " did not finish within " + timeout.toMillis() + " ms", null);
            }
            return new Result(process.exitValue(), output.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new UnreachableException(command.getFirst(), "interrupted while running " + command, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new UnreachableException(command.getFirst(), "could not read the output of " + command + ": " + e.getMessage(), e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
