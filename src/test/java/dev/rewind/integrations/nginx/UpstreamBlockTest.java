package dev.rewind.integrations.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.model.ActionFailedException;
import dev.rewind.model.BadInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UpstreamBlockTest {

    static Stream<Map<String, Integer>> generatedWeights() {
        Random random = new Random(7);
        return IntStream.range(0, 30).mapToObj(i -> {
            Map<String, Integer> w = new LinkedHashMap<>();
            for (int s = 0; s <= random.nextInt(4); s++) w.put("10.0.0." + s + ":" + (8000 + s), random.nextInt(3) == 0 ? 0 : random.nextInt(1000));
            return w;
        });
    }

    @ParameterizedTest
    @MethodSource("generatedWeights")
    void whatIsRenderedParsesBackToTheSameWeights(Map<String, Integer> weights) {
        UpstreamBlock block = new UpstreamBlock("app", weights);

        assertThat(UpstreamBlock.parse(block.render(), "app", "upstream.conf")).isEqualTo(block);
    }

    @Test
    void weightZeroIsWrittenDownBecauseNginxRefusesWeightZero() {
        String text = new UpstreamBlock("app", Map.of("127.0.0.1:8082", 0)).render();

        assertThat(text).contains("server 127.0.0.1:8082 down;").doesNotContain("weight=0");
    }

    /** The setup checks addresses already; render checks again, since whatever it writes nginx reads as config. */
    @ParameterizedTest
    @ValueSource(strings = {NginxRouterProcessTest.SMUGGLED_SERVER_BLOCK, "127.0.0.1:8082 backup", "127.0.0.1:8082;", "127.0.0.1"})
    void renderRefusesAnAddressOutsideTheGrammarWithoutQuotingIt(String address) {
        assertThatThrownBy(() -> new UpstreamBlock("app", Map.of(address, 1)).render())
                .isInstanceOf(ActionFailedException.class).hasMessageContaining("the address of server 1")
                .hasMessageNotContaining(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"app {\n}\nserver {", "app\n", "", "a b"})
    void renderRefusesAnUpstreamNameOutsideTheGrammar(String name) {
        assertThatThrownBy(() -> new UpstreamBlock(name, Map.of("127.0.0.1:8081", 1)).render())
                .isInstanceOf(ActionFailedException.class).hasMessageContaining("its name");
    }

    @Test
    void renderRefusesAWeightNginxWouldOverflowOn() {
        assertThat(new UpstreamBlock("app", Map.of("127.0.0.1:8081", 1_000_000)).render()).contains("weight=1000000;");
        assertThatThrownBy(() -> new UpstreamBlock("app", Map.of("127.0.0.1:8081", 1_000_001)).render())
                .isInstanceOf(ActionFailedException.class).hasMessageContaining("weight=1..1000000");
    }

    @Test
    void handWrittenFileWithCommentsAndDefaultWeightsParses() {
        String text = """
                upstream other { server 10.0.0.9:80 weight=5; }
                # the app
                upstream app {
                    keepalive 16;
                    server 127.0.0.1:8081;            # blue
                    server 127.0.0.1:8082 weight=3 max_fails=2;
                    server 127.0.0.1:8083 weight=9 down;
                }
                """;

        assertThat(UpstreamBlock.parse(text, "app", "upstream.conf").weightByAddress())
                .isEqualTo(Map.of("127.0.0.1:8081", 1, "127.0.0.1:8082", 3, "127.0.0.1:8083", 0));
    }

    @Test
    void badWeightNamesTheFileAndLine() {
        assertThatThrownBy(() -> UpstreamBlock.parse("upstream app {\n  server a:1 weight=x;\n}\n", "app", "/etc/nginx/up.conf"))
                .isInstanceOfSatisfying(BadInputException.class, e -> {
                    assertThat(e.file()).isEqualTo("/etc/nginx/up.conf");
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("weight=x");
                });
    }

    @Test
    void missingBlockNamesTheUpstreamItLookedFor() {
        assertThatThrownBy(() -> UpstreamBlock.parse("upstream other { }\n", "app", "up.conf"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("up.conf").hasMessageContaining("'upstream app { ... }'");
    }
}
