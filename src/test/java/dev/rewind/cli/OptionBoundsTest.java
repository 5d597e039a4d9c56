package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Numbers given on the command line are bounded like the config's: exit 2 naming the option, before anything is read. */
class OptionBoundsTest {

    @ParameterizedTest
    @ValueSource(strings = {"PT-1H", "PT0S", "PT0.5S", "PT721H", "PT2562047788015215H"})
    void aWatchLengthOutsideOneSecondToThirtyDaysIsRefused(String length) {
        Cli cli = Cli.run("watch", "--config", Path.of("examples/haproxy-prometheus.yaml").toString(), "--environment", "production",
                "--release", "green", "--previous", "blue", "--for", length, "--store", Path.of("target/never-opened.db").toString());

        assertThat(cli.exit()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).contains("--for").contains("from PT1S to PT720H").doesNotContain("Exception");
        assertThat(Path.of("target/never-opened.db")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "0", "100001"})
    void aHistoryLimitOutsideOneToAHundredThousandIsRefused(String limit, @TempDir Path dir) {
        Cli cli = Cli.run("history", "--limit", limit, "--store", dir.resolve("rewind.db").toString());

        assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(2);
        assertThat(cli.err()).contains("--limit").contains("1..100000");
    }
}
