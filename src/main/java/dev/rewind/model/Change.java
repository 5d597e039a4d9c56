package dev.rewind.model;

import java.util.List;

/**
 * One thing a release changed: a commit, a flag, a migration, a config key. The diagnosis sets
 * firing metrics against these to name a probable cause.
 *
 * @param kind    commit, flag, migration, config, dependency
 * @param touches words naming what it touches (an endpoint, "db", "cache", a metric name), used for correlation
 */
public record Change(String kind, String id, String summary, List<String> touches) {
    public Change {
        touches = touches == null ? List.of() : List.copyOf(touches);
    }
}
