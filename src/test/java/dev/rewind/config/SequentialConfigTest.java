package dev.rewind.config;

import dev.rewind.model.BadInputException;
import dev.rewind.model.Detection;
import dev.rewind.model.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** kind, alpha, tolerance and baseline_hours per trigger: defaults, what a written rule keeps, and mistakes refused. */
class SequentialConfigTest {
    @TempDir
    Path dir;

    Trigger trigger(String yaml, String name) throws IOException {
        Path f = dir.resolve("c.yml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(f).policy().triggers().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theDefaultErrorAndLatencyTriggersAreAutoAndTheRestAreRules() {
        var triggers = ConfigLoader.defaults().policy().triggers();
        assertThat(triggers).filteredOn(t -> t.detection().sequential()).extracting(Trigger::name).containsExactly("error_rate", "latency");
        Trigger errors = triggers.get(0), latency = triggers.get(1);
        assertThat(errors.detection()).isEqualTo(new Detection(Detection.Kind.AUTO, 0.05, 0, Duration.ofHours(24)));
        assertThat(latency.detection().tolerance()).isEqualTo(0.10);
    }

    @Test
    void aRuleTheConfigWritesStaysARuleAndARelabelledDefaultKeepsItsTest() throws IOException {
        assertThat(trigger("rollback_policy:\n  triggers:\n    error_rate:\n      multiplier: 2.0\n      window_minutes: 5\n", "error_rate").detection().kind())
                .isEqualTo(Detection.Kind.THRESHOLD);
        assertThat(trigger("rollback_policy:\n  triggers:\n    error_rate:\n      severity: high\n", "error_rate").detection().kind())
                .isEqualTo(Detection.Kind.AUTO);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "kind: sequential, alpha: 0.01, tolerance_percent: 5, baseline_hours: 6 | SEQUENTIAL | 0.01 | 0.05 | 6",
            "kind: auto, alpha: 0.2 | AUTO | 0.2 | 0 | 24",
            "alpha: 0.001 | AUTO | 0.001 | 0 | 24"})
    void kindAlphaToleranceAndLookBackAreRead(String settings, Detection.Kind kind, double alpha, double tolerance, double hours) throws IOException {
        StringBuilder yaml = new StringBuilder("rollback_policy:\n  triggers:\n    error_rate:\n");
        for (String kv : settings.split(",\\s*")) yaml.append("      ").append(kv).append('\n');
        Detection d = trigger(yaml.toString(), "error_rate").detection();
        assertThat(d).isEqualTo(new Detection(kind, alpha, tolerance, Duration.ofMillis(Math.round(hours * 3_600_000))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "kind: sequential\\n      multiplier: 2 | is part of a window rule",
            "kind: maybe | expected sequential, threshold or auto",
            "multiplier: 2\\n      alpha: 0.01 | add kind: sequential or kind: auto"})
    void mistakesAreRefusedWithTheFix(String body, String message) {
        assertThatThrownBy(() -> trigger("rollback_policy:\n  triggers:\n    error_rate:\n      " + body.replace("\\n", "\n") + "\n", "error_rate"))
                .isInstanceOf(BadInputException.class).hasMessageContaining(message);
    }

    @Test
    void aGaugeHasNoTest() {
        assertThatThrownBy(() -> trigger("rollback_policy:\n  triggers:\n    memory:\n      kind: sequential\n", "memory"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no sequential test reads").hasMessageContaining("kind: threshold");
    }
}
