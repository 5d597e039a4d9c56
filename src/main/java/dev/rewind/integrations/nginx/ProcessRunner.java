package dev.rewind.integrations.nginx;

import java.time.Duration;
import java.util.List;

/** Runs an outside program (nginx -t, nginx -s reload, kill -HUP) and hands back its exit code and output. */
public interface ProcessRunner {

    /** @param output stdout and stderr together, as the program wrote them */
    record Result(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** Throws UnreachableException when the program cannot be started or does not finish within {@code timeout}. */
    Result run(List<String> command, Duration timeout);
}
