package dev.rewind.integrations.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.model.Sample;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Prometheus' answer shapes, as documented for /api/v1/query and /api/v1/query_range. */
class PrometheusResponseTest {

    private static PrometheusResponse read(String data) {
        return PrometheusResponse.read(JsonMapper.builder().build().readTree(data));
    }

    @Test
    void readsAMatrixSkippingNotANumberAndBothInfinities() {
        PrometheusResponse r = read("""
                {"resultType":"matrix","result":[{"metric":{},"values":[
                  [1700000000,"0.5"],[1700000001.5,"NaN"],[1700000002,"+Inf"],[1700000003,"-Inf"],[1700000004,"1e-3"]]}]}
                """);

        assertThat(r.samples).containsExactly(new Sample(Instant.ofEpochSecond(1700000000), 0.5),
                new Sample(Instant.ofEpochSecond(1700000004), 0.001));
        assertThat(r.skipped).isEqualTo(3);
        assertThat(r.seriesCount).isEqualTo(1);
    }

    @Test
    void readsAVectorAndAScalarWithMillisecondTimes() {
        assertThat(read("{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1700000000.25,\"2\"]}]}").samples)
                .containsExactly(new Sample(Instant.ofEpochMilli(1700000000250L), 2.0));
        assertThat(read("{\"resultType\":\"scalar\",\"result\":[1700000000,\"3\"]}").samples)
                .containsExactly(new Sample(Instant.ofEpochSecond(1700000000), 3.0));
    }

    @Test
    void anEmptyVectorIsNoDataNotAnError() {
        PrometheusResponse r = read("{\"resultType\":\"vector\",\"result\":[]}");

        assertThat(r.samples).isEmpty();
        assertThat(r.seriesCount).isZero();
    }

    @Test
    void rejectsShapesThatAreNotPrometheusResults() {
        assertThatThrownBy(() -> read("{\"resultType\":\"streams\",\"result\":[]}")).hasMessageContaining("matrix, vector or scalar");
        assertThatThrownBy(() -> read("{\"resultType\":\"scalar\",\"result\":[1,\"abc\"]}")).hasMessageContaining("number as a string");
    }
}
