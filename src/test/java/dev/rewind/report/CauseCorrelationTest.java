package dev.rewind.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.Change;
import dev.rewind.model.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class CauseCorrelationTest {
    private final CauseCorrelation correlation = new CauseCorrelation();

    /** One change that explains each metric family; the others act as decoys for it. */
    private static final List<Culprit> CULPRITS = List.of(
            new Culprit("p95_latency_ms", new Change("commit", "lat1", "Add search endpoint with per-row lookups", List.of("endpoint", "query"))),
            new Culprit("error_rate", new Change("commit", "err1", "New payment exception handler", List.of("handler", "payment"))),
            new Culprit("memory_usage_percent", new Change("commit", "mem1", "Cache product listings", List.of("cache", "listener"))),
            new Culprit("db_connection_errors", new Change("config", "db1", "Shrink DB connection pool", List.of("pool", "db"))));

    private static final List<Change> NOISE = List.of(
            new Change("commit", "n1", "Fix typo in README", List.of("docs")),
            new Change("config", "n2", "Update logo colours", List.of("css")),
            new Change("commit", "n3", "Bump licence year", List.of("legal")),
            new Change("commit", "n4", "Reword the changelog", List.of("changelog")));

    record Culprit(String metric, Change change) {
    }

    /** Every family, eight shuffles each: the culprit among the other families' culprits and noise, anywhere in the list. */
    static Stream<Arguments> generatedReleases() {
        return CULPRITS.stream().flatMap(c -> IntStream.range(0, 8).mapToObj(seed -> {
            Random random = new Random(seed * 31L + c.metric().hashCode());
            List<Change> changes = new ArrayList<>(CULPRITS.stream().map(Culprit::change).filter(x -> x != c.change())
                    .filter(x -> random.nextBoolean()).toList());
            changes.addAll(NOISE.subList(0, random.nextInt(NOISE.size() + 1)));
            changes.add(c.change());
            Collections.shuffle(changes, random);
            return Arguments.of(c.metric(), c.change().id(), changes);
        }));
    }

    @ParameterizedTest(name = "{0} blames {1} among {2}")
    @MethodSource("generatedReleases")
    void blamesTheChangeThatTouchesWhatTheFiringMetricDependsOn(String metric, String culpritId, List<Change> changes) {
        CauseCorrelation.ProbableCause cause = correlation.correlate(changes, List.of(finding(metric)));

        assertThat(cause.found()).isTrue();
        assertThat(cause.change().id()).isEqualTo(culpritId);
        assertThat(cause.text()).contains(culpritId).contains(metric);
    }

    static Stream<Arguments> noiseOnlyReleases() {
        return IntStream.range(0, 6).mapToObj(seed -> {
            Random random = new Random(seed);
            List<Change> changes = new ArrayList<>(NOISE.subList(0, random.nextInt(NOISE.size() + 1)));
            Collections.shuffle(changes, random);
            return Arguments.of(CULPRITS.get(seed % CULPRITS.size()).metric(), changes);
        });
    }

    @ParameterizedTest(name = "{0} with only {1}")
    @MethodSource("noiseOnlyReleases")
    void saysNoMatchingChangeWhenNothingDeployedRelatesToTheMetric(String metric, List<Change> changes) {
        CauseCorrelation.ProbableCause cause = correlation.correlate(changes, List.of(finding(metric)));

        assertThat(cause.found()).isFalse();
        assertThat(cause.text()).startsWith("no matching change").contains(metric);
    }

    @Test
    void prefersTheChangeExplainingMoreOfTheFiringMetrics() {
        List<Change> changes = List.of(CULPRITS.get(0).change(),
                new Change("commit", "both", "Cache query results", List.of("cache", "query")));

        CauseCorrelation.ProbableCause cause = correlation.correlate(changes, List.of(finding("memory_usage_percent"), finding("p95_latency_ms")));

        assertThat(cause.change().id()).isEqualTo("both");
        assertThat(cause.matchedMetrics()).containsExactly("memory_usage_percent", "p95_latency_ms");
    }

    @Test
    void aChangeNamingTheMetricItselfCounts() {
        Change named = new Change("flag", "f1", "Turn on the new checkout", List.of("error_rate"));

        assertThat(correlation.correlate(List.of(NOISE.get(0), named), List.of(finding("error_rate"))).change()).isEqualTo(named);
    }

    @Test
    void anOperatorsRollbackIsNotBlamedOnAChange() {
        Finding manual = Finding.manual("customers report failed checkouts", Instant.EPOCH);

        CauseCorrelation.ProbableCause cause = correlation.correlate(CULPRITS.stream().map(Culprit::change).toList(), List.of(manual));

        assertThat(cause.found()).isFalse();
        assertThat(cause.text()).contains("operator command").contains("customers report failed checkouts");
    }

    private static Finding finding(String metric) {
        return IncidentFixtures.finding(metric, 10, 40, 20);
    }
}
