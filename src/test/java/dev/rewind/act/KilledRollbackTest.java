package dev.rewind.act;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.store.RewindStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rollback killed with SIGKILL mid-plan loses no step it took: the journal on disk says exactly how far it got. */
class KilledRollbackTest {
    @TempDir
    Path dir;

    @Test
    void aRollbackKilledMidPlanLeavesEveryStepItTookInTheJournalAndTheStepInFlightAsInterrupted() throws Exception {
        Path db = dir.resolve("rewind.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                KilledRollbackChild.class.getName(), db.toString()).redirectErrorStream(true).start();
        try {
            CompletableFuture<String> hanging = CompletableFuture.supplyAsync(() -> readUntilHanging(child));
            // generous: only a bound on JVM start-up on a busy machine, never a pause the test relies on
            String output = hanging.get(120, TimeUnit.SECONDS);
            assertThat(output).contains(KilledRollbackChild.HANGING).doesNotContain("FINISHED");
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).isEqualTo(137);

        List<ActionLogEntry> log = RewindStore.open(db).journal().actionsLog("killed-1").stream()
                .filter(e -> !e.action().equals("ALERT") && !e.action().equals("ATTEMPT")).toList();

        assertThat(log).extracting(ActionLogEntry::action)
                .containsExactly("VALIDATION_GATES", "FLAG_DEACTIVATED", "TRAFFIC_DRAINED", "REVERT", "RESTART");
        assertThat(log).extracting(ActionLogEntry::status).containsExactly("success", "success", "success", "success", "interrupted");
        assertThat(log.get(3).details()).containsEntry("from", "2.4.0").containsEntry("to", "2.3.1");
    }

    private static String readUntilHanging(Process child) {
        StringBuilder seen = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
                if (line.equals(KilledRollbackChild.HANGING)) break;
            }
        } catch (java.io.IOException e) {
            seen.append("read failed: ").append(e.getMessage());
        }
        return seen.toString();
    }
}
