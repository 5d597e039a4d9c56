package dev.rewind.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollbacks of several services ending together all copy their report to the top of one output folder (server mode;
 * the 50,000-release bench saw plain copies collide there). Every copy succeeds, and what is left is one rollback's
 * whole file, never a mix, nor a temporary file.
 */
class ReportCopyTest {
    @TempDir
    Path dir;

    @Test
    void rollbacksEndingTogetherAllCopyTheirReportOverTheSameNames() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        int rollbacks = 8, rounds = 40;
        List<List<Path>> reports = new ArrayList<>();
        for (int r = 0; r < rollbacks; r++) {
            Path own = Files.createDirectories(out.resolve("rb-" + r));
            reports.add(List.of(Files.writeString(own.resolve("rollback_result.yaml"), ("rollback: rb-" + r + "\n").repeat(2_000)),
                    Files.writeString(own.resolve("incident-report.md"), ("# rb-" + r + "\n").repeat(2_000))));
        }
        Map<Integer, Throwable> failed = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < rollbacks; r++) {
            int n = r;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int k = 0; k < rounds; k++) RollbackPipeline.copyOver(reports.get(n), out);
                } catch (Throwable t) {
                    failed.put(n, t);
                }
            }));
        }
        for (Thread t : threads) t.join(Duration.ofMinutes(1));

        assertThat(failed).as("copies that failed").isEmpty();
        String result = Files.readString(out.resolve("rollback_result.yaml"));
        String first = result.lines().findFirst().orElseThrow();
        assertThat(result).as("one rollback's whole file").isEqualTo((first + "\n").repeat(2_000));
        try (var left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".tmp"))).as("temporary files left").isEmpty();
        }
    }
}
