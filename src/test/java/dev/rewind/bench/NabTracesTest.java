package dev.rewind.bench;

import dev.rewind.model.BadInputException;
import dev.rewind.replay.RecordedTraffic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** NAB's {@code timestamp,value} files read as traffic curves; a bad row is named by file, line and field. */
class NabTracesTest {

    @Test
    void readsValuesAndTheirStep(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "timestamp,value\n2014-04-10 00:04:00,94.0\n2014-04-10 00:09:00,56.0\n\n2014-04-10 00:14:00,0\n");
        RecordedTraffic t = NabTraces.read("t", f);
        assertThat(t.values()).containsExactly(94.0, 56.0, 0.0);
        assertThat(t.step()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aBadValueIsNamedByLineAndField(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "timestamp,value\n2014-04-10 00:04:00,94.0\n2014-04-10 00:09:00,-3\n");
        assertThatThrownBy(() -> NabTraces.read("t", f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("t.csv").hasMessageContaining("3").hasMessageContaining("value").hasMessageContaining("'-3'");
        Files.writeString(f, "timestamp,value\nyesterday,94.0\n2014-04-10 00:09:00,3\n");
        assertThatThrownBy(() -> NabTraces.read("t", f)).isInstanceOf(BadInputException.class).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> NabTraces.read("t", dir.resolve("missing.csv"))).isInstanceOf(BadInputException.class).hasMessageContaining("missing.csv");
    }
}
