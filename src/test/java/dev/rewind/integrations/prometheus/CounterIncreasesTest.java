package dev.rewind.integrations.prometheus;

import dev.rewind.model.MetricSeries;
import dev.rewind.model.Sample;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Raw counter samples become each scrape's increase: resets, series born inside the range, histogram buckets. */
class CounterIncreasesTest {
    static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
    static final Duration MARGIN = Duration.ofMinutes(5);

    static JsonNode matrix(String series) {
        return JsonMapper.builder().build().readTree("{\"resultType\":\"matrix\",\"result\":[" + series + "]}");
    }

    static String series(String labels, double... pairs) {
        StringBuilder sb = new StringBuilder("{\"metric\":{" + labels + "},\"values\":[");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) sb.append(',');
            sb.append('[').append(T0.getEpochSecond() + pairs[i]).append(",\"").append(pairs[i + 1]).append("\"]");
        }
        return sb.append("]}").toString();
    }

    static double at(MetricSeries s, double second) {
        return s.samples().stream().filter(x -> x.at().equals(T0.plusMillis(Math.round(second * 1000)))).mapToDouble(Sample::value).findFirst().orElse(Double.NaN);
    }

    @Test
    void eachScrapeGivesItsIncreaseAndAResetCountsFromZero() {
        // range read from T0 - 300 s; the window asked for is (T0 - 10 s, T0 + 6 s]
        JsonNode data = matrix(series("\"code\":\"200\"", -300, 1000, -10, 1400, -8, 1410, -6, 1425, -4, 1425, -2, 1440, 0, 7, 2, 19, 4, 30, 6, 30));
        Map<String, MetricSeries> out = CounterIncreases.of(data, "request_count", false, T0.minusSeconds(300), MARGIN, T0.minusSeconds(10), T0.plusSeconds(6));
        MetricSeries s = out.get("request_count");
        assertThat(s.samples()).hasSize(8); // -8 .. 6: eight scrapes in the window
        assertThat(at(s, -8)).isEqualTo(10);
        assertThat(at(s, -4)).isZero();
        assertThat(at(s, 0)).isEqualTo(7);  // a restart: the counter fell from 1440 to 7, so 7 new requests
        assertThat(at(s, 2)).isEqualTo(12);
    }

    @Test
    void aSeriesBornInsideTheRangeCountsItsFirstValueAndSeriesAreSummed() {
        // the first 5xx of a code creates its series: it starts at 3, which are three new errors
        String old = series("\"code\":\"500\"", -300, 50, -2, 50, 0, 52);
        String born = series("\"code\":\"503\"", 0, 3, 2, 5);
        Map<String, MetricSeries> out = CounterIncreases.of(matrix(old + "," + born), "error_count", false, T0.minusSeconds(300), MARGIN, T0.minusSeconds(4), T0.plusSeconds(2));
        MetricSeries s = out.get("error_count");
        assertThat(at(s, 0)).isEqualTo(2 + 3);
        assertThat(at(s, 2)).isEqualTo(2);
        assertThat(at(s, -2)).isZero();
    }

    @Test
    void histogramBucketsAreSplitByLe() {
        String fast = series("\"le\":\"0.1\"", -300, 10, -2, 90, 0, 100);
        String all = series("\"le\":\"+Inf\"", -300, 12, -2, 95, 0, 120);
        Map<String, MetricSeries> out = CounterIncreases.of(matrix(fast + "," + all), "latency_bucket", true, T0.minusSeconds(300), MARGIN, T0.minusSeconds(4), T0);
        assertThat(out).containsOnlyKeys("latency_bucket:0.1", "latency_bucket:+Inf");
        assertThat(at(out.get("latency_bucket:0.1"), 0)).isEqualTo(10);
        assertThat(at(out.get("latency_bucket:+Inf"), 0)).isEqualTo(25);
    }

    @Test
    void nothingFailedYetIsAnEmptySeriesAndAVectorIsRefused() {
        Map<String, MetricSeries> none = CounterIncreases.of(matrix(""), "error_count", false, T0.minusSeconds(300), MARGIN, T0.minusSeconds(4), T0);
        assertThat(none.get("error_count").samples()).isEmpty();
        JsonNode vector = JsonMapper.builder().build().readTree("{\"resultType\":\"vector\",\"result\":[]}");
        assertThatThrownBy(() -> CounterIncreases.of(vector, "error_count", false, T0, MARGIN, T0, T0)).hasMessageContaining("matrix");
    }
}
