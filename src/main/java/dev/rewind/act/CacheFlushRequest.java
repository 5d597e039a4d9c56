package dev.rewind.act;

import dev.rewind.model.BadInputException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@code flush_cache} step asks for, read from its params (exactly one of the first two):
 * <ul>
 *   <li>{@code flushdb: true}: every key of the configured database (seed 004's {@code redis-cli FLUSHDB});</li>
 *   <li>{@code patterns}: comma-separated glob patterns ({@code auth:*, session:*}); only matching keys go;</li>
 *   <li>{@code batch_size}: keys per SCAN and UNLINK round (1..10000, default 500).</li>
 * </ul>
 * A pattern must hold at least one literal character: {@code *} alone would mean every key, and that is
 * {@code flushdb: true}, said on purpose. The step's target names the cache for the journal.
 */
public record CacheFlushRequest(boolean flushDatabase, List<String> patterns, int batchSize) {

    static final Set<String> PARAMS = Set.of("flushdb", "patterns", "batch_size");
    private static final int MAX_PATTERN = 256;

    public CacheFlushRequest {
        patterns = List.copyOf(patterns);
    }

    /** @throws BadInputException naming {@code params.<name>} */
    public static CacheFlushRequest of(String target, Map<String, String> params) {
        StepParams p = new StepParams("flush_cache " + target, params, PARAMS);
        boolean flush = p.bool("flushdb", false);
        List<String> patterns = p.list("patterns", 32);
        if (flush == !patterns.isEmpty()) {
            throw p.error(null, flush ? "give flushdb: true or patterns, not both"
                    : "give patterns (such as 'auth:*, session:*') or, to remove every key, flushdb: true");
        }
        for (String pattern : patterns) {
            String problem = problem(pattern);
            if (problem != null) throw p.error("patterns", "pattern '" + pattern + "' " + problem);
        }
        return new CacheFlushRequest(flush, patterns, p.integer("batch_size", 500, 1, 10_000));
    }

    /** Why a glob pattern is refused, or null. */
    static String problem(String pattern) {
        if (pattern.length() > MAX_PATTERN) return "is longer than " + MAX_PATTERN + " characters";
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) return "holds a space or control character";
        }
        return literals(pattern) == 0 ? "has no literal character, so it matches (nearly) every key; to remove every key say flushdb: true" : null;
    }

    /** Characters a key must contain for the pattern to match it: outside {@code * ? [...]}, or escaped with {@code \}. */
    private static int literals(String pattern) {
        int n = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                n++;
                i++;
            } else if (c == '[') {
                int close = pattern.indexOf(']', i + 1);
                if (close < 0) return n; // Redis reads an unclosed class as a class to the end
                i = close;
            } else if (c != '*' && c != '?') {
                n++;
            }
        }
        return n;
    }
}
