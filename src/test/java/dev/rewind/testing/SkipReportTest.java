package dev.rewind.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs small sample classes on a real JUnit launcher with only this listener, and reads the file it writes. */
class SkipReportTest {
    @TempDir
    Path dir;

    // Samples, run only by the launcher below (surefire leaves nested classes alone).
    static class MixedSample {
        @Test
        void passes() {
        }

        @Test
        void needsAServer() {
            Assumptions.assumeTrue(false, "haproxy not found\non PATH; install: apt-get install -y haproxy");
        }

        @Test
        @Disabled("flaky on Tuesdays")
        void disabled() {
        }
    }

    static class WholeClassSample {
        @BeforeAll
        static void needsPostgres() {
            Assumptions.assumeTrue(false, "PostgreSQL not found");
        }

        @Test
        void neverRuns() {
        }
    }

    private void run(Path report, Class<?>... classes) {
        var launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false) // keep the real report of this run out of it
                .addTestExecutionListeners(new SkipReport(report)).build());
        var request = LauncherDiscoveryRequestBuilder.request();
        for (Class<?> c : classes) request.selectors(selectClass(c));
        launcher.execute(request.build());
    }

    @Test
    void listsEverySkippedTestWithItsReasonOnOneLine() throws Exception {
        Path report = dir.resolve("target/skipped-tests.txt");

        run(report, MixedSample.class);

        assertThat(Files.readAllLines(report)).containsExactlyInAnyOrder(
                "SkipReportTest$MixedSample.needsAServer(): haproxy not found on PATH; install: apt-get install -y haproxy",
                "SkipReportTest$MixedSample.disabled(): flaky on Tuesdays");
    }

    @Test
    void aClassSkippedBeforeItsTestsRunIsListedOnceAsAWhole() throws Exception {
        Path report = dir.resolve("skipped.txt");

        run(report, WholeClassSample.class);

        assertThat(Files.readAllLines(report)).containsExactly("SkipReportTest$WholeClassSample (the whole class): PostgreSQL not found");
    }

    @Test
    void theFirstPlanOfARunEmptiesAReportLeftByAnEarlierRun() throws Exception {
        Path report = dir.resolve("skipped.txt");
        Files.writeString(report, "stale line from an earlier run\n");

        new SkipReport(report).testPlanExecutionStarted(null);

        assertThat(report).isEmptyFile();
    }

    @Test
    void laterPlansOfTheSameRunAddToIt() throws Exception {
        Path report = dir.resolve("skipped.txt");

        run(report, WholeClassSample.class);
        run(report, MixedSample.class);

        assertThat(Files.readAllLines(report)).hasSize(3).first().asString().startsWith("SkipReportTest$WholeClassSample");
    }
}
