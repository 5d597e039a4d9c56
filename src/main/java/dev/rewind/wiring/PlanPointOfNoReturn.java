package dev.rewind.wiring;

import dev.rewind.act.Actuators;
import dev.rewind.act.DatabaseActuator;
import dev.rewind.act.DatabaseMigrator;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.decide.PointOfNoReturn;
import dev.rewind.model.Release;
import dev.rewind.plan.DecisionCriteria.PointOfNoReturnSpec;
import dev.rewind.plan.RollbackPlanFile;
import java.util.List;

/**
 * A plan's point of no return (seed 004), measured: the migrations applied since the plan's {@code since_tag} are read
 * from the database's own history, and the first one without a rollback makes the release irreversible. The release
 * then carries that moment, and the decider answers {@code fix_forward} instead of {@code rollback}.
 *
 * @param release the release, with its point of no return set when it is past it
 * @param found   what the migrations say, or null when the plan gives nothing to measure
 */
public record PlanPointOfNoReturn(Release release, PointOfNoReturn found) {

    public boolean past() {
        return found != null && found.past();
    }

    /** The plan's fix-forward alternatives (seed 004's "Alternative if past point of no return"), or none. */
    public static List<String> alternatives(EnvironmentConfig env) {
        return env.plan() == null ? List.of() : env.plan().decision().fixForward();
    }

    public static PlanPointOfNoReturn measure(EnvironmentConfig env, Actuators actuators, Release release) {
        RollbackPlanFile plan = env.plan();
        PointOfNoReturnSpec spec = plan == null ? null : plan.decision().pointOfNoReturn();
        if (spec == null || !spec.measurable()) return new PlanPointOfNoReturn(release, null);
        DatabaseMigrator migrator = migrator(env, actuators, spec);
        List<String> tags = migrator.tags();
        if (!tags.contains(spec.sinceTag())) {
            throw plan.source().error("decision.point_of_no_return.since_tag", "database " + spec.database() + " has no migration tag '"
                    + spec.sinceTag() + "'; its tags are " + tags);
        }
        PointOfNoReturn found = PointOfNoReturn.of(migrator.appliedSince(spec.sinceTag()), "tag " + spec.sinceTag());
        return new PlanPointOfNoReturn(found.applyTo(release), found);
    }

    /** The plan's database must be the environment's, and managed by Liquibase: only its history says what can be undone. */
    static DatabaseMigrator migrator(EnvironmentConfig env, Actuators actuators, PointOfNoReturnSpec spec) {
        DatabaseActuator db = actuators.database().orElseThrow(() -> env.plan().source().error("decision.point_of_no_return.database",
                "the point of no return is read from database " + spec.database() + "'s migrations, and environment " + env.name()
                        + " has no database: block (type liquibase)"));
        if (!db.guard().database().equals(spec.database())) {
            throw env.plan().source().error("decision.point_of_no_return.database", "names database '" + spec.database()
                    + "', and environment " + env.name() + "'s database block is '" + db.guard().database() + "'");
        }
        return db.migrator().orElseThrow(() -> env.plan().source().error("decision.point_of_no_return.database",
                "the point of no return needs the migrations' history: environment " + env.name() + "'s database block must be type liquibase"));
    }
}
