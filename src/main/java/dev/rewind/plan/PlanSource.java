package dev.rewind.plan;

import dev.rewind.model.BadInputException;
import java.util.Map;

/**
 * Where a plan came from: its file, and the line of every field by its path ({@code phases[2].steps[0].estimate}), so
 * that a rule broken anywhere in the plan is reported at its line even though the rules run on plain records.
 *
 * @param digest the SHA-256 of the file's text (hex), or null when the plan was not read from text: a rollback records
 *               it when it starts, and is resumed only with the same plan
 */
public record PlanSource(String file, Map<String, Integer> lines, String digest) {
    public PlanSource {
        lines = Map.copyOf(lines);
    }

    public PlanSource(String file, Map<String, Integer> lines) {
        this(file, lines, null);
    }

    public static PlanSource unknown(String file) {
        return new PlanSource(file, Map.of());
    }

    /** The line of {@code path}, else of its nearest parent that has one, else 0. */
    public int line(String path) {
        String p = path;
        while (p != null && !p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) return line;
            p = parent(p);
        }
        return 0;
    }

    public BadInputException error(String path, String problem) {
        return new BadInputException(file, line(path), path, problem);
    }

    private static String parent(String path) {
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf('[');
        int cut = Math.max(dot, bracket);
        return cut <= 0 ? null : path.substring(0, cut);
    }
}
