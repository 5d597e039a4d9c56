package dev.rewind.act;

import dev.rewind.model.Release;
import dev.rewind.store.RewindStore;
import dev.rewind.time.ManualTimeSource;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * Run in a child JVM by {@link KilledRollbackTest}: rolls back on the given store file and hangs inside the
 * restart step, after telling the parent on stdout, so the parent can kill it there with SIGKILL.
 */
public final class KilledRollbackChild {
    public static final String HANGING = "HANGING-IN-RESTART";

    private KilledRollbackChild() {
    }

    public static void main(String[] args) {
        RewindStore store = RewindStore.open(Path.of(args[0]));
        FakeWorld world = new FakeWorld().running("checkout", "2.4.0", "2.3.1");
        world.enabledFlags.add("new-checkout");
        world.onRestart = () -> {
            System.out.println(HANGING);
            System.out.flush();
            while (true) LockSupport.park();
        };
        ManualTimeSource time = new ManualTimeSource(Fixtures.T0);
        Release release = Fixtures.release("new-checkout");
        var plan = new RollbackPlanner(Fixtures.POLICY).plan(release, Strategy.ROLLING_UPDATE, PlanOptions.defaults());
        Actuators act = Actuators.none().withFlags(world).withRouter(world).withDeployer(world).withHealth(world);
        new RollbackExecutor(act, store.journal(), time, 3).execute(new RollbackRequest("killed-1", release, null, plan, null));
        System.out.println("FINISHED");
    }
}
