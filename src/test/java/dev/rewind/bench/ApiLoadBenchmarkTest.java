package dev.rewind.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.testing.RealPostgres;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench api} run tiny, to prove its counts, never its speed: every acknowledged registration is in the store. */
class ApiLoadBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void concurrentClientsRegisterAndReadWithoutErrorsAndEveryRegistrationIsStored() throws Exception {
        ApiLoadBenchmark.Result r = new ApiLoadBenchmark(new ApiLoadBenchmark.Settings(8, Duration.ofSeconds(2), null, 1, dir)).run(l -> { });

        assertThat(r.errorSamples()).isEmpty();
        assertThat(r.registrations().errors()).isZero();
        assertThat(r.reads().errors()).isZero();
        assertThat(r.acknowledged()).isPositive().isEqualTo(r.registrations().count());
        assertThat(r.reads().count()).isPositive();
        assertThat(r.lost()).isZero();
        assertThat(r.stored()).as("releases counted in the store").isEqualTo(r.acknowledged());
        assertThat(r.clean()).isTrue();
    }

    @Test
    void theSameOnPostgresql() throws Exception {
        RealPostgres pg = RealPostgres.get();
        String url = pg.newDatabase(); // main: newDatabase gives the JDBC URL

        ApiLoadBenchmark.Result r = new ApiLoadBenchmark(new ApiLoadBenchmark.Settings(8, Duration.ofSeconds(2), url, 1, dir)).run(l -> { });

        assertThat(r.errorSamples()).isEmpty();
        assertThat(r.acknowledged()).isPositive().isEqualTo(r.registrations().count());
        assertThat(r.lost()).isZero();
        assertThat(r.stored()).as("releases counted in the store").isEqualTo(r.acknowledged());
        assertThat(r.store()).contains("postgresql");
    }
}
