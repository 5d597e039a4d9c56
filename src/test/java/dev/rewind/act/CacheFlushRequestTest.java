package dev.rewind.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.model.BadInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CacheFlushRequestTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"*", "**", "?*", "[a-z]*", "[abc]", "*?*", "*[", "a b*", "x\ty"})
    void aPatternThatMatchesEveryKeyOrHoldsASpaceIsRefused(String pattern) {
        assertThatThrownBy(() -> CacheFlushRequest.of("redis-cache", Map.of("patterns", pattern)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("field 'params.patterns'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"auth:*", "*:session", "user:?:cart", "\\*", "cache:[ab]*:v2", "k"})
    void aPatternWithALiteralCharacterIsTaken(String pattern) {
        assertThat(CacheFlushRequest.of("redis-cache", Map.of("patterns", pattern)).patterns()).containsExactly(pattern);
    }

    @Test
    void everyKeyGoesOnlyWhenFlushdbIsSaidOnPurpose() {
        assertThat(CacheFlushRequest.of("redis-cache", Map.of("flushdb", "true")).flushDatabase()).isTrue();
        assertThatThrownBy(() -> CacheFlushRequest.of("redis-cache", Map.of())).hasMessageContaining("flushdb: true");
        assertThatThrownBy(() -> CacheFlushRequest.of("redis-cache", Map.of("flushdb", "false"))).hasMessageContaining("flushdb: true");
        assertThatThrownBy(() -> CacheFlushRequest.of("redis-cache", Map.of("flushdb", "true", "patterns", "auth:*"))).hasMessageContaining("not both");
        assertThatThrownBy(() -> CacheFlushRequest.of("redis-cache", Map.of("patterns", " "))).hasMessageContaining("params.patterns").hasMessageContaining("empty");
        assertThatThrownBy(() -> CacheFlushRequest.of("redis-cache", Map.of("patterns", "auth:*,,x:*"))).hasMessageContaining("empty item");
    }

    @Test
    void listsBatchesAndLengthsAreBounded() {
        CacheFlushRequest r = CacheFlushRequest.of("c", Map.of("patterns", "auth:*, session:* ", "batch_size", "250"));
        assertThat(r.patterns()).isEqualTo(List.of("auth:*", "session:*"));
        assertThat(r.batchSize()).isEqualTo(250);
        assertThatThrownBy(() -> CacheFlushRequest.of("c", Map.of("patterns", "a:*", "batch_size", "0"))).hasMessageContaining("params.batch_size");
        assertThatThrownBy(() -> CacheFlushRequest.of("c", Map.of("patterns", "a:*", "batch_size", "100001"))).hasMessageContaining("1 to 10000");
        assertThatThrownBy(() -> CacheFlushRequest.of("c", Map.of("patterns", "a".repeat(257) + "*"))).hasMessageContaining("longer than 256");
        assertThatThrownBy(() -> CacheFlushRequest.of("c", Map.of("patterns", String.join(",", java.util.Collections.nCopies(33, "a:*")))))
                .hasMessageContaining("at most 32");
        assertThatThrownBy(() -> CacheFlushRequest.of("c", Map.of("pattern", "a:*"))).hasMessageContaining("unknown parameter");
    }
}
