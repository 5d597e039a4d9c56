package dev.rewind.observe.trace;

import dev.rewind.model.BadInputException;
import dev.rewind.model.Observations;
import dev.rewind.model.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.StringReader;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TraceReaderTest {

    private static Observations read(String csv) {
        return TraceReader.read("trace.csv", new StringReader(csv));
    }

    @Test
    void readsRowsInAnyOrderWithIsoAndEpochTimestamps() {
        Observations o = read("""
                timestamp,metric,value
                2026-01-26T10:02:00Z,error_rate,0.7
                1769421600,error_rate,0.5
                2026-01-26T10:01:00+00:00,error_rate,0.6
                2026-01-26 10:00:00,p95,280
                """);
        assertThat(o.get("error_rate").orElseThrow().samples()).extracting(Sample::value).containsExactly(0.5, 0.6, 0.7);
        assertThat(o.get("error_rate").orElseThrow().samples().get(0).at()).isEqualTo(Instant.parse("2026-01-26T10:00:00Z"));
        assertThat(o.get("p95_latency_ms")).isPresent();
        assertThat(o.metrics()).containsExactlyInAnyOrder("error_rate", "p95_latency_ms");
    }

    @Test
    void keepsFreeMetricNamesAndSkipsBlankLines() {
        Observations o = read("timestamp,metric,value\n\n1769421600,checkout_conversion,0.031\n\n");
        assertThat(o.get("checkout_conversion").orElseThrow().samples()).singleElement().extracting(Sample::value).isEqualTo(0.031);
    }

    static Stream<Arguments> badTraces() {
        String h = "timestamp,metric,value\n";
        return Stream.of(
                Arguments.of("", 1, null, "empty"),
                Arguments.of("time,metric,value\n1,a,1\n", 1, "header", "timestamp,metric,value"),
                Arguments.of(h, 1, null, "no rows"),
                Arguments.of(h + "1769421600,error_rate,0.5\nyesterday,error_rate,1\n", 3, "column 1 (timestamp)", "'yesterday'"),
                Arguments.of(h + "2026-13-40T10:00:00Z,error_rate,1\n", 2, "column 1 (timestamp)", "'2026-13-40T10:00:00Z'"),
                Arguments.of(h + "1769421600,error_rate,lots\n", 2, "column 3 (value)", "'lots'"),
                Arguments.of(h + "1769421600,error_rate,NaN\n", 2, "column 3 (value)", "finite number"),
                // A8: 1e308 rows made the baseline Infinity, so the error-rate trigger could never fire
                Arguments.of(h + "1769421600,error_rate,0.1\n1769421610,error_rate,1e308\n", 3, "column 3 (value)", "from -1e12 to 1e12, found '1e308'"),
                Arguments.of(h + "1769421600,error_rate,-1e308\n", 2, "column 3 (value)", "from -1e12 to 1e12"),
                Arguments.of(h + "1769421600,error_rate,1000000000001\n", 2, "column 3 (value)", "from -1e12 to 1e12"),
                Arguments.of(h + "1769421600,,1\n", 2, "column 2 (metric)", "empty cell"),
                Arguments.of(h + "1769421600,error_rate\n", 2, null, "found 2"),
                Arguments.of(h + "1769421600,error_rate,1,2\n", 2, null, "found 4"));
    }

    @ParameterizedTest(name = "[{index}] line {1} {2}: {3}")
    @MethodSource("badTraces")
    void namesFileLineAndColumnOfABadRow(String csv, int line, String field, String expected) {
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> read(csv));
        assertThat(e).isNotNull();
        assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
        assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
        assertThat(e.getMessage()).startsWith("trace.csv:" + line).contains(expected);
    }

    @Test
    void readsATwoWeekTraceOfNineMetrics() {
        StringBuilder sb = new StringBuilder("timestamp,metric,value\n");
        long start = 1769421600L;
        String[] metrics = {"error_rate", "p50_latency_ms", "p95_latency_ms", "p99_latency_ms", "memory_usage_percent",
                "cpu_usage_percent", "request_rate", "db_connection_errors", "health_check_failures"};
        long end = start + 14 * 86_400;
        for (long t = start; t < end; t += 300) {
            for (String m : metrics) sb.append(t).append(',').append(m).append(',').append(t % 97 / 10.0).append('\n');
        }
        Observations o = read(sb.toString());
        assertThat(o.metrics()).containsExactlyInAnyOrder(metrics);
        assertThat(o.series().values()).allSatisfy(s -> {
            assertThat(s.samples()).hasSize(14 * 288);
            assertThat(s.samples().getFirst()).isEqualTo(new Sample(Instant.ofEpochSecond(start), start % 97 / 10.0));
            assertThat(s.samples().getLast()).isEqualTo(new Sample(Instant.ofEpochSecond(end - 300), (end - 300) % 97 / 10.0));
        });
    }

    /** Timestamps past what an Instant holds, not finite, or in another year or unit: bad input at their line, never a DateTimeException. */
    static Stream<Arguments> badTimestamps() {
        return Stream.of(
                Arguments.of("1e30", "after 2100"), Arguments.of("-1e30", "before 1970"), Arguments.of("-Infinity", "not a finite number"),
                Arguments.of("Infinity", "'Infinity'"), Arguments.of("NaN", "'NaN'"), Arguments.of("9223372036854775807", "after 2100"),
                Arguments.of("99999999999999999999", "after 2100"), Arguments.of("-1", "before 1970"),
                Arguments.of("9999-01-01T00:00:00Z", "outside those years"), Arguments.of("+1000000000-01-01T00:00:00Z", "outside those years"),
                Arguments.of("1969-12-31T23:59:59Z", "outside those years"), Arguments.of("2100-01-01T00:00:00Z", "outside those years"),
                Arguments.of("9999-12-31T23:59:59+01:00", "outside those years"), Arguments.of("2026-01-26T25:00:00", "'2026-01-26T25:00:00'"),
                Arguments.of("1769421600000", "is epoch milliseconds (2026-01-26T10:00:00Z), not epoch seconds: divide by 1000"),
                Arguments.of("1769421600000000", "is epoch microseconds (2026-01-26T10:00:00Z), not epoch seconds: divide by 1000000"),
                Arguments.of("1769421600000000000", "is epoch nanoseconds (2026-01-26T10:00:00Z), not epoch seconds: divide by 1000000000"),
                Arguments.of("1769421600123.5", "is epoch milliseconds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTimestamps")
    void aTimestampOutsideTheAcceptedYearsOrUnitsNamesItsLineAndColumn(String timestamp, String expected) {
        BadInputException e = catchThrowableOfType(BadInputException.class,
                () -> read("timestamp,metric,value\n1769421600,error_rate,0.5\n" + timestamp + ",error_rate,1\n"));
        assertThat(e).as(timestamp + " was read").isNotNull();
        assertThat(e.exitCode()).isEqualTo(2);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("column 1 (timestamp)");
        assertThat(e.getMessage()).startsWith("trace.csv:3").contains(expected);

        BadInputException option = catchThrowableOfType(BadInputException.class, () -> TraceReader.parseTime("--deployed-at", timestamp));
        assertThat(option).as("--deployed-at " + timestamp + " was read").isNotNull();
        assertThat(option.getMessage()).startsWith("--deployed-at: ").contains(expected);
    }

    @Test
    void bothEndsOfTheAcceptedYearsAreRead() {
        Observations o = read("timestamp,metric,value\n0,a,1\n4102444799,a,2\n2099-12-31T23:59:59.999Z,a,3\n1970-01-01T00:00:00Z,a,4\n");
        assertThat(o.series().get("a").samples()).extracting(Sample::at).contains(Instant.EPOCH, Instant.parse("2099-12-31T23:59:59Z"),
                Instant.parse("2099-12-31T23:59:59.999Z"));
    }

    @Test
    void parsesCommandLineTimesOrNamesTheOption() {
        assertThat(TraceReader.parseTime("--deployed-at", "2026-01-26T10:00:00Z")).isEqualTo(Instant.parse("2026-01-26T10:00:00Z"));
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> TraceReader.parseTime("--deployed-at", "noon"));
        assertThat(e.getMessage()).startsWith("--deployed-at").contains("'noon'");
    }
}
