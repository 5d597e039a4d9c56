package dev.rewind.act;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Traffic weights per target (a version, or a backend server such as blue/green). Weights are shares
 * of 100 and need not be normalized by the router.
 */
public record Routes(Map<String, Integer> weights) {
    public Routes {
        weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        weights.forEach((target, w) -> {
            if (w < 0) throw new IllegalArgumentException("weight for " + target + " must be >= 0, got " + w);
        });
    }

    public static Routes allTo(String target, String... others) {
        Map<String, Integer> w = new LinkedHashMap<>();
        w.put(target, 100);
        for (String o : others) w.put(o, 0);
        return new Routes(w);
    }

    public int weight(String target) {
        return weights.getOrDefault(target, 0);
    }

    /** Share of traffic in percent for a target. */
    public double percent(String target) {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        return total == 0 ? 0 : 100.0 * weight(target) / total;
    }
}
