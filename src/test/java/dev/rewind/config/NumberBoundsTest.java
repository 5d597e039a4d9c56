package dev.rewind.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rewind.model.BadInputException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every number a config holds is finite and bounded (README, "Bounds"): for each numeric field, generated bad values
 * (NaN and infinities in every spelling YAML and JSON have, numbers past a double or a long, absurd magnitudes, and
 * the first value past each end of its documented range) are refused with exit 2 naming the file, the line, the field
 * and the range; both ends of the range load.
 */
class NumberBoundsTest {
    /** YAML's own spellings, text that Java would parse as a number, and magnitudes no setting means. */
    private static final List<String> NOT_NUMBERS = List.of(".nan", ".NaN", ".NAN", ".inf", ".Inf", "+.inf", "-.inf", "-.Inf", "\"NaN\"",
            "\"nan\"", "\"Infinity\"", "\"-Infinity\"", "\"inf\"", "1e309", "-1e309", "1e300", "-1e300", "1099511627776",
            "123456789012345678901234567890", "-123456789012345678901234567890", "\"${NOT_A_NUMBER}\"", "\"${TOO_BIG}\"", "0x10", "\"5f\"");
    private static final Map<String, String> ENV = Map.of("NOT_A_NUMBER", "NaN", "TOO_BIG", "1e400");

    /**
     * @param text   a config with VALUE where the number goes
     * @param line   the line VALUE is on
     * @param min    the documented bounds, written as the README writes them
     * @param unit   "s" for a duration that also takes text (30s, 5m)
     */
    record Field(String field, String text, int line, String min, String max, boolean whole, String unit) {
        @Override
        public String toString() {
            return field;
        }
    }

    static final List<Field> YAML_FIELDS = List.of(
            policy("monitoring.check_interval_seconds", "  monitoring:\n    check_interval_seconds: VALUE\n", 3, "0.1", "3600"),
            policy("monitoring.baseline_window_minutes", "  monitoring:\n    baseline_window_minutes: VALUE\n", 3, "0.01", "43200"),
            policy("monitoring.blind_limit_seconds", "  monitoring:\n    blind_limit_seconds: VALUE\n", 3, "1", "86400"),
            whole(policy("rollback.max_rollback_attempts", "  rollback:\n    max_rollback_attempts: VALUE\n", 3, "1", "10")),
            policy("rollback.health_check_timeout_seconds", "  rollback:\n    health_check_timeout_seconds: VALUE\n", 3, "0.1", "3600"),
            policy("rollback.rollback_timeout_seconds", "  rollback:\n    rollback_timeout_seconds: VALUE\n", 3, "1", "86400"),
            policy("verification.settle_seconds", "  verification:\n    limit_seconds: 86400\n    settle_seconds: VALUE\n", 4, "0.1", "3600"),
            policy("verification.limit_seconds", "  verification:\n    settle_seconds: 0.1\n    limit_seconds: VALUE\n", 4, "0.1", "86400"),
            policy("verification.tolerance_percent", "  verification:\n    tolerance_percent: VALUE\n", 3, "0", "1000"),
            trigger("multiplier", "      multiplier: VALUE\n", 4, "0.001", "1000"),
            trigger("min_threshold", "      multiplier: 2\n      min_threshold: VALUE\n", 5, "-1e12", "1e12"),
            trigger("threshold", "      threshold: VALUE\n", 4, "-1e12", "1e12"),
            trigger("threshold_percent", "      threshold_percent: VALUE\n", 4, "0", "100"),
            whole(trigger("failure_count", "      failure_count: VALUE\n", 4, "0", "1000000")),
            trigger("window_minutes", "      window_minutes: VALUE\n", 4, "0.01", "10080"),
            trigger("window_seconds", "      window_seconds: VALUE\n", 4, "0.1", "604800"),
            duration(trigger("window", "      window: VALUE\n", 4, "0.1", "604800")),
            trigger("duration_seconds", "      duration_seconds: VALUE\n", 4, "0.1", "86400"),
            trigger("alpha", "      kind: sequential\n      alpha: VALUE\n", 5, "0.000000001", "0.5"),
            trigger("tolerance", "      kind: sequential\n      tolerance: VALUE\n", 5, "0", "10"),
            trigger("tolerance_percent", "      kind: sequential\n      tolerance_percent: VALUE\n", 5, "0", "1000"),
            trigger("baseline_hours", "      kind: sequential\n      baseline_hours: VALUE\n", 5, "0.001", "720"),
            duration(trigger("for", "      for: VALUE\n", 4, "0.1", "86400")),
            new Field("environments.prod.smoke_tests[0].timeout_seconds",
                    "environments:\n  prod:\n    smoke_tests:\n      - url: http://127.0.0.1:1/\n        timeout_seconds: VALUE\n", 5, "0.1", "300", false, null),
            new Field("environments.prod.smoke_tests[0].expect_status",
                    "environments:\n  prod:\n    smoke_tests:\n      - url: http://127.0.0.1:1/\n        expect_status: VALUE\n", 5, "100", "599", true, null),
            channel("max_attempts", "1", "10", true),
            channel("timeout_seconds", "0.1", "300", false),
            channel("backoff_seconds", "0.001", "600", false),
            channel("queue_size", "1", "10000", true));

    /** Seed 004's JSON, where NaN and Infinity are JSON's own non-standard tokens. */
    static final List<Field> JSON_FIELDS = List.of(
            new Field("auto_rollback.triggers[0].threshold", "{\"auto_rollback\": {\"triggers\": [\n  {\"metric\": \"error_rate\",\n   \"threshold\": VALUE}]}}",
                    3, "-1e12", "1e12", false, null),
            new Field("auto_rollback.triggers[0].duration_seconds",
                    "{\"auto_rollback\": {\"triggers\": [\n  {\"metric\": \"error_rate\", \"threshold\": 0.01,\n   \"duration_seconds\": VALUE}]}}",
                    3, "0.1", "86400", false, null),
            new Field("auto_rollback.rollback_timeout_seconds", "{\"auto_rollback\": {\n  \"rollback_timeout_seconds\": VALUE}}", 2, "1", "86400", false, null),
            new Field("auto_rollback.check_interval_seconds", "{\"auto_rollback\": {\n  \"check_interval_seconds\": VALUE}}", 2, "0.1", "3600", false, null),
            new Field("auto_rollback.blind_limit_seconds", "{\"auto_rollback\": {\n  \"blind_limit_seconds\": VALUE}}", 2, "1", "86400", false, null));

    static Stream<Arguments> badYamlValues() {
        List<Arguments> out = new ArrayList<>();
        for (Field f : YAML_FIELDS) {
            for (String v : NOT_NUMBERS) out.add(Arguments.of(f, v));
            for (String v : pastTheEnds(f)) out.add(Arguments.of(f, v));
            if (f.unit() != null) for (String v : List.of("99999999999999999999h", "0s", "0.05s", "1000000m", "\"169h\"")) out.add(Arguments.of(f, v));
        }
        return out.stream();
    }

    static Stream<Arguments> badJsonValues() {
        List<Arguments> out = new ArrayList<>();
        for (Field f : JSON_FIELDS) {
            for (String v : List.of("NaN", "Infinity", "-Infinity", "\"NaN\"", "\"Infinity\"", "1e309", "-1e309", "1e300", "1099511627776",
                    "123456789012345678901234567890")) out.add(Arguments.of(f, v));
            for (String v : pastTheEnds(f)) out.add(Arguments.of(f, v));
        }
        return out.stream();
    }

    static Stream<Arguments> bothEnds() {
        List<Arguments> out = new ArrayList<>();
        for (Field f : YAML_FIELDS) {
            out.add(Arguments.of(f, "rewind.yml", f.min()));
            out.add(Arguments.of(f, "rewind.yml", f.max()));
        }
        for (Field f : JSON_FIELDS) {
            out.add(Arguments.of(f, "rewind.json", f.min()));
            out.add(Arguments.of(f, "rewind.json", f.max()));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badYamlValues")
    void aYamlNumberThatIsNotFiniteOrOutOfItsBoundsIsRefusedNamingFileLineFieldAndRange(Field f, String value) {
        assertRefused(f, "rewind.yml", value);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badJsonValues")
    void aJsonNumberThatIsNotFiniteOrOutOfItsBoundsIsRefusedNamingFileLineFieldAndRange(Field f, String value) {
        assertRefused(f, "rewind.json", value);
    }

    @ParameterizedTest(name = "{0} = {2}")
    @MethodSource("bothEnds")
    void bothEndsOfEachDocumentedRangeLoad(Field f, String file, String value) {
        new ConfigLoader(ENV::get).parse(file, f.text().replace("VALUE", value));
    }

    private static void assertRefused(Field f, String file, String value) {
        String text = f.text().replace("VALUE", value);
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> new ConfigLoader(ENV::get).parse(file, text));
        assertThat(e).as("%s = %s was accepted:%n%s", f.field(), value, text).isNotNull();
        assertThat(e.exitCode()).isEqualTo(2);
        assertThat(e.file()).isEqualTo(file);
        assertThat(e.line()).as(e.getMessage()).isEqualTo(f.line());
        assertThat(e.field()).as(e.getMessage()).isEqualTo(f.field());
        String range = f.unit() != null ? "from " + f.min() + " s to " + f.max() + " s" : "from " + f.min() + " to " + f.max();
        assertThat(e.getMessage()).as("the message gives the range").contains(range).startsWith(file + ":" + f.line() + ": field '" + f.field() + "'");
    }

    /** The first values past each end: one step of the bound's last digit out, and a fraction for whole numbers. */
    private static List<String> pastTheEnds(Field f) {
        List<String> out = new ArrayList<>();
        BigDecimal min = new BigDecimal(f.min()), max = new BigDecimal(f.max());
        BigDecimal step = f.whole() ? BigDecimal.ONE : new BigDecimal("0.001").min(min.abs().max(BigDecimal.ONE).movePointLeft(3));
        out.add(min.subtract(step).toPlainString());
        out.add(max.add(step.max(max.abs().movePointLeft(9))).toPlainString());
        if (f.whole()) out.add(min.add(new BigDecimal("0.5")).toPlainString());
        return out;
    }

    private static Field policy(String path, String body, int line, String min, String max) {
        return new Field("rollback_policy." + path, "rollback_policy:\n" + body, line, min, max, false, null);
    }

    private static Field trigger(String key, String body, int line, String min, String max) {
        return new Field("rollback_policy.triggers.error_rate." + key, "rollback_policy:\n  triggers:\n    error_rate:\n" + body, line, min, max, false, null);
    }

    private static Field whole(Field f) {
        return new Field(f.field(), f.text(), f.line(), f.min(), f.max(), true, f.unit());
    }

    private static Field duration(Field f) {
        return new Field(f.field(), f.text(), f.line(), f.min(), f.max(), f.whole(), "s");
    }

    private static Field channel(String key, String min, String max, boolean whole) {
        return new Field("notifications.ops." + key, "notifications:\n  ops:\n    type: webhook\n    " + key + ": VALUE\n", 4, min, max, whole, null);
    }
}
