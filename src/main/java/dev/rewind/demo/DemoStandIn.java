package dev.rewind.demo;

import dev.rewind.console.StagePrinter;
import dev.rewind.console.StagePrinter.Mark;
import dev.rewind.integrations.builtin.BuiltinFlagStore;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.Release;
import dev.rewind.model.SmokeTest;
import dev.rewind.store.RewindStore;
import dev.rewind.time.TimeSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The demo environment for {@code rewind rollback --environment demo}: the embedded world is brought up as
 * it was before the release (the target serving, for its baseline), then the current release takes the
 * traffic, and the manual rollback runs against it. 2.4.0 carries the error-spike fault, so rolling it
 * back shows a real recovery.
 */
public final class DemoStandIn implements AutoCloseable {
    private final DemoEnvironment env;
    private final Release release;

    private DemoStandIn(DemoEnvironment env, Release release) {
        this.env = env;
        this.release = release;
    }

    /** A fresh store knows the demo's history for an environment played by the demo: 2.2.0 and 2.3.1 stable, 2.4.0 current. */
    public static void seedRegistry(RewindStore store, String service, String environment) {
        var releases = store.releases();
        if (releases.current(service, environment).isPresent()) return;
        java.time.Instant t = java.time.Instant.parse("2026-01-26T10:00:00Z");
        String prev = null;
        for (String v : List.of(DemoEnvironment.OLDER, DemoEnvironment.STABLE, DemoEnvironment.CANDIDATE)) {
            releases.register(new Release(service, environment, v, prev, t,
                    v.equals(DemoEnvironment.CANDIDATE) ? DemoRun.changes() : List.of(), v.equals(DemoEnvironment.CANDIDATE) ? DemoEnvironment.FLAG : null, 100, null));
            prev = v;
            t = t.plus(Duration.ofDays(2));
        }
    }

    public static DemoStandIn start(Release release, TimeSource time, StagePrinter out) throws IOException {
        BuiltinFlagStore flags = new BuiltinFlagStore();
        flags.define(DemoEnvironment.FLAG, false);
        Fault fault = release.version().equals(DemoEnvironment.CANDIDATE) ? Fault.ERROR_SPIKE : Fault.NONE;
        DemoEnvironment env = new DemoEnvironment(fault, flags, time, Path.of("rewind-out", "logs"));
        try {
            out.stage("Bring up the demo environment");
            Duration baselineWindow = DemoProfile.scale(Duration.ofMinutes(5));
            env.serve(release.previousVersion());
            env.supervisor().start(release.version());
            // both warm before users arrive: a cold JVM's first seconds would be the target's baseline otherwise
            env.warmUp(release.previousVersion(), DemoRun.WARM_UP_REQUESTS);
            env.warmUp(release.version(), DemoRun.WARM_UP_REQUESTS);
            env.startLoad(50, Duration.ofMinutes(3));
            out.line(Mark.OK, release.previousVersion() + " serving (for its baseline, " + StagePrinter.human(baselineWindow) + ")");
            time.pause(DemoRun.baselineWait(baselineWindow));
            env.supervisor().deploy(DemoEnvironment.SERVICE, release.version());
            if (release.featureFlag() != null) flags.enable(release.featureFlag());
            env.router().setRoutes(dev.rewind.act.Routes.allTo(release.version(), release.previousVersion()));
            Release live = new Release(release.service(), release.environment(), release.version(), release.previousVersion(),
                    time.now(), release.changes(), release.featureFlag(), 100, null);
            out.line(Mark.OK, release.version() + " taking 100% of traffic" + (release.featureFlag() == null ? "" : " with flag " + release.featureFlag() + " ON"));
            time.pause(DemoProfile.scale(Duration.ofMinutes(2)));
            out.line(Mark.INFO, "users on " + release.version() + ": " + env.load().sent() + " requests so far, " + env.load().failed() + " failed");
            out.endStage();
            return new DemoStandIn(env, live);
        } catch (RuntimeException e) {
            env.close();
            throw e;
        }
    }

    public Release release() {
        return release;
    }

    public DemoEnvironment environment() {
        return env;
    }

    public static DemoEnvironment unavailable() {
        throw new ActionFailedException("the 'demo' integration type runs only inside rewind demo or rewind rollback --environment demo");
    }

    public List<SmokeTest> smokeTests() {
        return DemoRun.smokeTests(env, release.previousVersion());
    }

    @Override
    public void close() {
        env.close();
    }
}
