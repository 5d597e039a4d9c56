package dev.rewind.report;

import static dev.rewind.report.IncidentFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.Change;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Release;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class MetricChartTest {
    private final MetricChart chart = new MetricChart();

    @Test
    void drawsOnePolylinePerFiringMetricPlusRequestRate() throws Exception {
        Document svg = parse(chart.render(facts()));

        List<String> seriesMetrics = elements(svg, "polyline").stream().map(e -> e.getAttribute("data-metric")).toList();

        assertThat(seriesMetrics).containsExactly("p95_latency_ms", "request_rate");
    }

    @Test
    void eachSampleInTheWindowBecomesAPoint() throws Exception {
        Element p95 = elements(parse(chart.render(facts())), "polyline").getFirst();

        assertThat(p95.getAttribute("points").split(" ")).hasSize(61); // 10:00 to 10:30 every 30s
    }

    /** The chart spans 10:00 to 10:30 (the samples); x runs linearly from PLOT_LEFT to PLOT_RIGHT over it. */
    @ParameterizedTest(name = "{0} marker at {1}")
    @CsvSource({"deploy, 2026-02-24T10:10:00Z", "detection, 2026-02-24T10:17:05Z", "rollback, 2026-02-24T10:20:00Z", "recovery, 2026-02-24T10:22:00Z"})
    void placesEachMarkerAtItsTime(String name, String at) throws Exception {
        double expected = MetricChart.PLOT_LEFT + (MetricChart.PLOT_RIGHT - MetricChart.PLOT_LEFT)
                * Duration.between(START, Instant.parse(at)).toSeconds() / (double) Duration.between(START, END).toSeconds();

        List<Element> markers = elements(parse(chart.render(facts())), "line").stream()
                .filter(e -> e.getAttribute("class").equals("marker marker-" + name)).toList();

        assertThat(markers).hasSize(2); // one per panel
        for (Element m : markers) {
            assertThat(Double.parseDouble(m.getAttribute("x1"))).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.06));
        }
    }

    @Test
    void drawsBaselineAndThresholdAtTheirValues() throws Exception {
        String svg = chart.render(facts());
        // p95 panel: values 0..340 plus headroom -> y range 0..400 in steps of 100 over a 150px plot
        double plotTop = MetricChart.TITLE_HEIGHT + MetricChart.PLOT_TOP_OFFSET;
        double baselineY = plotTop + MetricChart.PLOT_HEIGHT * (1 - 120.0 / 400);
        double thresholdY = plotTop + MetricChart.PLOT_HEIGHT * (1 - 250.0 / 400);

        assertThat(firstY(svg, "baseline")).isCloseTo(baselineY, org.assertj.core.data.Offset.offset(0.06));
        assertThat(firstY(svg, "threshold")).isCloseTo(thresholdY, org.assertj.core.data.Offset.offset(0.06));
        assertThat(svg).contains("stroke-dasharray=\"6,4\"").contains(">ms<").contains(">10:00<").contains("time (UTC)");
    }

    @Test
    void eachPanelsValueAxisAndTitleCarryTheMetricsOwnUnit() throws Exception {
        Observations five = new Observations(Map.of(
                "p95_latency_ms", observations().get("p95_latency_ms").orElseThrow(),
                "error_rate", series("error_rate", t -> t.isBefore(FIRST_BAD) ? 0.5 : 5.2),
                "memory_usage_percent", series("memory_usage_percent", t -> t.isBefore(FIRST_BAD) ? 45.0 : 93.0),
                "db_connection_errors", series("db_connection_errors", t -> t.isBefore(FIRST_BAD) ? 0.0 : 14.0),
                "request_rate", series("request_rate", t -> 50.0)));
        IncidentFacts facts = facts(List.of(latencyFinding(), finding("error_rate", 0.5, 5.2, 1.0),
                finding("memory_usage_percent", 45, 93, 90), finding("db_connection_errors", 0, 14, 10)), List.of(), five);

        Document svg = parse(chart.render(facts));

        Map<String, String> axisUnit = new java.util.LinkedHashMap<>();
        Map<String, String> title = new java.util.LinkedHashMap<>();
        for (Element panel : elements(svg, "g")) {
            List<Element> texts = children(panel, "text");
            axisUnit.put(panel.getAttribute("data-metric"), texts.stream().filter(t -> t.getAttribute("class").equals("y-unit"))
                    .findFirst().orElseThrow().getTextContent());
            title.put(panel.getAttribute("data-metric"), texts.getFirst().getTextContent());
        }
        assertThat(axisUnit).containsExactly(Map.entry("p95_latency_ms", "ms"), Map.entry("error_rate", "%"),
                Map.entry("memory_usage_percent", "%"), Map.entry("db_connection_errors", "count"), Map.entry("request_rate", "req/s"));
        assertThat(title).containsEntry("p95_latency_ms", "p95_latency_ms (ms)").containsEntry("request_rate", "request_rate (req/s)")
                .containsEntry("db_connection_errors", "db_connection_errors (count)");
    }

    @ParameterizedTest(name = "{0} is in {1}")
    @CsvSource(delimiter = '|', value = {
            "p95_latency_ms | ms", "p99_latency_ms | ms", "latency_p99 | ms", "checkout_response_time | ms",
            "error_rate | %", "auth_failure_rate | %", "memory_usage_percent | %", "cpu_usage_percent | %", "heap_memory | %",
            "request_rate | req/s", "checkout_throughput | req/s",
            "db_connection_errors | count", "health_check_failures | count", "payment_errors | count", "orders_total | count",
            "gc_pause_seconds | s", "response_bytes | bytes"})
    void readsEachMetricsUnitOffItsName(String metric, String unit) {
        assertThat(ChartScale.unit(metric)).isEqualTo(unit);
    }

    @Test
    void aMetricWhoseNameSaysNoUnitIsLabelledByItsNameNotAGenericWord() {
        assertThat(ChartScale.unit("queue_depth")).isEmpty();
        assertThat(ChartScale.unitLabel("queue_depth")).isEqualTo("queue_depth");
        assertThat(ChartScale.unitSuffix("queue_depth")).isEmpty();
    }

    @Test
    void givesEveryFiringMetricAPanelAndASeriesWhenItWasObserved() throws Exception {
        Observations three = new Observations(Map.of(
                "p95_latency_ms", observations().get("p95_latency_ms").orElseThrow(),
                "error_rate", series("error_rate", t -> t.isBefore(FIRST_BAD) ? 0.5 : 5.2),
                "request_rate", series("request_rate", t -> 50.0)));
        IncidentFacts two = facts(List.of(latencyFinding(), finding("error_rate", 0.5, 5.2, 1.0)), List.of(), three);

        Document svg = parse(chart.render(two));

        assertThat(elements(svg, "polyline")).extracting(e -> e.getAttribute("data-metric"))
                .containsExactly("p95_latency_ms", "error_rate", "request_rate");
        assertThat(elements(svg, "line").stream().filter(e -> e.getAttribute("class").equals("marker marker-deploy"))).hasSize(3);
    }

    @Test
    void aFiringMetricWithoutSamplesGetsAPanelThatSaysSo() throws Exception {
        IncidentFacts two = facts(List.of(latencyFinding(), finding("error_rate", 0.5, 5.2, 1.0)), List.of(), observations());

        Document svg = parse(chart.render(two));

        assertThat(elements(svg, "g")).extracting(e -> e.getAttribute("data-metric")).containsExactly("p95_latency_ms", "error_rate", "request_rate");
        assertThat(elements(svg, "polyline")).extracting(e -> e.getAttribute("data-metric")).containsExactly("p95_latency_ms", "request_rate");
        assertThat(svg.getDocumentElement().getTextContent()).contains("no samples of error_rate were recorded");
    }

    @Test
    void labelsOfMarkersAMinuteApartGoOnDifferentRows() {
        Instant t = Instant.parse("2026-02-24T10:35:00Z");
        List<MetricChart.Marker> markers = List.of(new MetricChart.Marker("deploy", t.minusSeconds(2100), "#000"),
                new MetricChart.Marker("detection", t, "#000"), new MetricChart.Marker("rollback", t.plusSeconds(60), "#000"),
                new MetricChart.Marker("recovery", t.plusSeconds(180), "#000"));

        int[] rows = ChartPanel.labelRows(markers, t.minusSeconds(7200), t.plusSeconds(2100));

        assertThat(rows[0]).isZero();
        assertThat(java.util.Set.of(rows[1], rows[2], rows[3])).hasSize(3);
    }

    @Test
    void sameInputGivesTheSameBytes() {
        assertThat(chart.render(facts())).isEqualTo(chart.render(facts()));
    }

    @Test
    void escapesTextSoTheSvgStaysWellFormed() throws Exception {
        IncidentFacts odd = new IncidentFacts(new Release("a<b>&\"c'", "prod", "1.0 <beta>", "0.9", DEPLOYED, List.<Change>of(), null, 100, null),
                List.of(latencyFinding()), baseline(), result(), facts().timeline(), observations(), Map.of());

        String svg = chart.render(odd);

        assertThat(svg).contains("a&lt;b&gt;&amp;&quot;c&#39;").doesNotContain("1.0 <beta>");
        assertThat(parse(svg).getDocumentElement().getTextContent()).contains("a<b>&\"c'");
    }

    @Test
    void saysSoWhenNoSamplesWereRecorded() throws Exception {
        IncidentFacts empty = facts(List.of(latencyFinding()), List.of(), new Observations(Map.<String, MetricSeries>of()));

        Document svg = parse(chart.render(empty));

        assertThat(elements(svg, "polyline")).isEmpty();
        assertThat(elements(svg, "g")).extracting(e -> e.getAttribute("data-metric")).containsExactly("p95_latency_ms");
        assertThat(svg.getDocumentElement().getTextContent()).contains("no samples of p95_latency_ms were recorded");
    }

    private static double firstY(String svg, String cls) {
        Matcher m = Pattern.compile("class=\"" + cls + "\" x1=\"[^\"]+\" x2=\"[^\"]+\" y1=\"([0-9.]+)\"").matcher(svg);
        assertThat(m.find()).as("a %s line", cls).isTrue();
        return Double.parseDouble(m.group(1));
    }

    static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> children(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return java.util.stream.IntStream.range(0, nodes.getLength()).mapToObj(i -> (Element) nodes.item(i)).toList();
    }

    static List<Element> elements(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        return java.util.stream.IntStream.range(0, nodes.getLength()).mapToObj(i -> (Element) nodes.item(i)).toList();
    }
}
