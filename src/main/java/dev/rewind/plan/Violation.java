package dev.rewind.plan;

import dev.rewind.model.BadInputException;

/**
 * A rule of a certification level that a plan breaks, where it breaks it ({@code path}, whose line the plan's source
 * knows), and what was found.
 *
 * @param level the level whose rule it is (2, 3 or 4)
 * @param rule  the rule in seed 004's words ("rollback time SLA: 15 minutes")
 */
public record Violation(String path, int level, String rule, String problem) {

    /** "breaks level 3 rule 'partial rollback capability' (seed 004): ..." */
    public String text() {
        return "breaks level " + level + " rule '" + rule + "' (seed 004): " + problem;
    }

    public BadInputException toError(PlanSource source) {
        return source.error(path, text());
    }
}
