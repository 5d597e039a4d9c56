package dev.rewind.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.rewind.io.ChildOutput;
import dev.rewind.model.ActionLogEntry;
import dev.rewind.store.RewindStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
            ChildOutput output = ChildOutput.follow(child, "killed-rollback child", KilledRollbackChild.HANGING::equals);
            // generous: only a bound on JVM start-up on a busy machine, never a pause the test relies on; a child that
            // dies first ends the wait at once
            Duration limit = Duration.ofSeconds(120);
            Optional<String> hanging = output.awaitMarker(limit);
            if (hanging.isEmpty()) {
                fail("the child " + output.whyNoMarker(child, KilledRollbackChild.HANGING, limit) + "; its output:\n"
                        + String.join("\n", output.lastLines(40)));
            }
            assertThat(output.lastLines(200)).doesNotContain("FINISHED");
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
}
