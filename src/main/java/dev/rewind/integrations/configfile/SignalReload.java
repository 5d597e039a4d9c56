package dev.rewind.integrations.configfile;

import dev.rewind.model.ActionFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A reload signal (SIGHUP for nginx, HAProxy's master, most daemons). The pid file is read, and the process it
 * names must be alive and run the configured program ({@link ProcessHandle}): a stale pid file whose number now
 * belongs to something else gets no signal. The signal goes through {@code kill} by absolute path, its arguments
 * as a list; no shell.
 */
final class SignalReload implements ReloadHook {
    static final Set<String> SIGNALS = Set.of("HUP", "USR1", "USR2");
    private static final List<Path> KILL = List.of(Path.of("/usr/bin/kill"), Path.of("/bin/kill"));

    private final String signal;
    private final Path pidFile;
    private final Path command;

    SignalReload(String signal, Path pidFile, Path command) {
        if (!SIGNALS.contains(signal)) throw new IllegalArgumentException("expected a reload signal " + SIGNALS + ", found " + signal);
        this.signal = signal;
        this.pidFile = pidFile;
        this.command = command;
    }

    @Override
    public String reload() {
        long pid = readPid();
        ProcessHandle p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .orElseThrow(() -> new ActionFailedException("pid " + pid + " from " + pidFile + " is not running; no signal sent"));
        Optional<String> runs = p.info().command();
        if (runs.isEmpty() || !Path.of(runs.get()).equals(command)) {
            throw new ActionFailedException("pid " + pid + " from " + pidFile + " runs " + runs.orElse("a program this user cannot see") + ", not "
                    + command + "; no signal sent");
        }
        Path kill = KILL.stream().filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new ActionFailedException("no kill program at " + KILL + " to send SIG" + signal));
        try {
            Process k = new ProcessBuilder(kill.toString(), "-s", signal, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!k.waitFor(5, TimeUnit.SECONDS)) {
                k.destroyForcibly();
                throw new ActionFailedException(kill + " did not finish within 5 s");
            }
            if (k.exitValue() != 0) throw new ActionFailedException(kill + " -s " + signal + " " + pid + " exited with " + k.exitValue());
        } catch (IOException e) {
            throw new ActionFailedException("cannot run " + kill + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionFailedException("interrupted while signalling pid " + pid, e);
        }
        return "SIG" + signal + " to pid " + pid + " (" + command + ")";
    }

    private long readPid() {
        String text;
        try (InputStream in = Files.newInputStream(pidFile)) {
            text = new String(in.readNBytes(32), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new ActionFailedException("cannot read pid file " + pidFile + ": " + e.getMessage(), e);
        }
        if (!text.matches("[1-9][0-9]{0,9}")) throw new ActionFailedException("pid file " + pidFile + " holds no process id");
        return Long.parseLong(text);
    }
}
