package dev.rewind.integrations.nginx;

import dev.rewind.act.Routes;
import dev.rewind.act.TrafficRouter;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.RewindException;
import dev.rewind.model.UnreachableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes traffic by rewriting an nginx upstream block (an include of the main config), checking the
 * whole config with {@code nginx -t}, reloading, and checking that the file nginx reloaded is the one
 * written. Any failure once the file is written (rejected, reload failed or timed out, check failed,
 * an exception) puts the old file back byte for byte, and reloads nginx onto it when a reload may
 * already have gone out. A reload swaps all weights at once: there is no order of targets to get wrong.
 */
public final class NginxRouter implements TrafficRouter {
    private final NginxSetup setup;
    private final ProcessRunner runner;

    public NginxRouter(NginxSetup setup, ProcessRunner runner) {
        this.setup = setup;
        this.runner = runner;
    }

    public static NginxRouter from(IntegrationConfig config) {
        return new NginxRouter(NginxSetup.from(config), new SystemProcessRunner());
    }

    /** The routes in the upstream file; servers it holds that no target names are listed by address. */
    @Override
    public Routes routes() {
        Map<String, Integer> byAddress = currentBlock().weightByAddress();
        Map<String, Integer> weights = new LinkedHashMap<>();
        setup.addressByTarget().forEach((target, address) -> {
            if (byAddress.containsKey(address)) weights.put(target, byAddress.get(address));
        });
        byAddress.forEach((address, w) -> {
            if (!setup.addressByTarget().containsValue(address)) weights.put(address, w);
        });
        return new Routes(weights);
    }

    @Override
    public void setRoutes(Routes routes) {
        routes.weights().keySet().forEach(this::requireTarget);
        if (routes.weights().values().stream().allMatch(w -> w == 0)) {
            throw new ActionFailedException("refusing routes " + routes.weights() + ": every weight is 0, so no server would take traffic");
        }
        write(routes.weights());
    }

    /** nginx cannot stop new requests to one server without a reload: the server goes down, old workers finish theirs. */
    @Override
    public void drain(String target) {
        requireTarget(target);
        write(Map.of(target, 0));
    }

    /** Targets not in {@code changes} keep their weight in the current file (down when it has none). */
    private void write(Map<String, Integer> changes) {
        Reload reload = reload(); // a pid file that is not nginx's stops us before anything is written
        Map<String, Integer> current = Files.exists(setup.upstreamFile()) ? currentBlock().weightByAddress() : Map.of();
        Map<String, Integer> byAddress = new LinkedHashMap<>();
        setup.addressByTarget().forEach((target, address) ->
                byAddress.put(address, changes.getOrDefault(target, current.getOrDefault(address, 0))));
        byte[] next = new UpstreamBlock(setup.upstream(), byAddress).render().getBytes(StandardCharsets.UTF_8);
        byte[] previous = read();
        replace(next);
        Failure failure;
        try {
            failure = apply(next, reload);
        } catch (Error e) {
            undo(previous, true, reload);
            throw e;
        }
        if (failure != null) throw failure.exception(undo(previous, failure.reloadMayHaveGoneOut(), reload));
    }

    /** What went wrong once the new file was written, or null when nginx reloaded exactly that file. */
    private Failure apply(byte[] written, Reload reload) {
        boolean reloadMayHaveGoneOut = false;
        try {
            ProcessRunner.Result test = runner.run(nginx("-t"), setup.timeout());
            if (!test.succeeded()) {
                return new Failure(null, "nginx -t rejected the new upstream " + setup.upstream() + ": " + test.output().strip(), false, null);
            }
            reloadMayHaveGoneOut = true;
            ProcessRunner.Result reloaded = runner.run(reload.command(), setup.timeout());
            if (!reloaded.succeeded()) { // nginx -s and kill exit non-zero only when no signal was sent
                return new Failure("nginx " + setup.conf(), "reload failed: " + reloaded.output().strip(), false, null);
            }
            String problem = verify(written, reload);
            return problem == null ? null : new Failure(null, "nginx reloaded, but " + problem, true, null);
        } catch (UnreachableException e) {
            return new Failure(e.url(), reason(e), reloadMayHaveGoneOut, e);
        } catch (RuntimeException e) {
            return new Failure(null, "switching nginx upstream " + setup.upstream() + " failed: " + e, reloadMayHaveGoneOut, e);
        }
    }

    /** nginx applies a reload on its own time; what we can check now is that it read our file and is still there. */
    private String verify(byte[] written, Reload reload) {
        if (!Arrays.equals(read(), written)) {
            return setup.upstreamFile() + " changed while nginx reloaded (another writer?), so nginx may have read something else";
        }
        if (reload.master() != null && !reload.master().alive()) {
            return "its master process " + reload.master().pid() + " is gone after the reload signal";
        }
        return null;
    }

    /**
     * Puts the old file back and, when nginx may have read the new one, tests and reloads it again.
     * Runs with the thread's interrupt flag cleared, so that an interrupted switch can still be undone.
     */
    private String undo(byte[] previous, boolean reloadMayHaveGoneOut, Reload reload) {
        boolean interrupted = Thread.interrupted();
        try {
            replace(previous);
            String restored = previous == null ? setup.upstreamFile() + " removed again (there was none before)" : setup.upstreamFile() + " restored";
            if (!reloadMayHaveGoneOut) return restored + "; nginx was not reloaded and still serves the old routes";
            ProcessRunner.Result test = runner.run(nginx("-t"), setup.timeout());
            ProcessRunner.Result reloaded = test.succeeded() ? runner.run(reload.command(), setup.timeout()) : test;
            return reloaded.succeeded() ? restored + " and nginx reloaded onto it"
                    : restored + ", but nginx could not be reloaded onto it and may serve the new routes until its next reload: "
                    + reloaded.output().strip();
        } catch (RuntimeException e) {
            return "undoing failed too, check " + setup.upstreamFile() + " and nginx by hand: " + e.getMessage();
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private Reload reload() {
        if (setup.pidFile() == null) return new Reload(nginx("-s", "reload"), null);
        NginxMaster master = NginxMaster.read(setup.pidFile(), Path.of(setup.binary()));
        return new Reload(master.reloadCommand(), master);
    }

    private List<String> nginx(String... args) {
        List<String> command = new ArrayList<>(List.of(setup.binary()));
        if (setup.prefix() != null) command.addAll(List.of("-p", setup.prefix().toString()));
        command.addAll(List.of("-c", setup.conf().toString()));
        command.addAll(List.of(args));
        return command;
    }

    private UpstreamBlock currentBlock() {
        byte[] bytes = read();
        if (bytes == null) {
            throw new ActionFailedException("nginx upstream file " + setup.upstreamFile() + " does not exist; set routes once to create it");
        }
        return UpstreamBlock.parse(new String(bytes, StandardCharsets.UTF_8), setup.upstream(), setup.upstreamFile().toString());
    }

    private byte[] read() {
        try {
            return Files.exists(setup.upstreamFile()) ? Files.readAllBytes(setup.upstreamFile()) : null;
        } catch (IOException e) {
            throw new ActionFailedException("cannot read nginx upstream file " + setup.upstreamFile() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes beside the target and renames over it, so nginx never reads half a file; null removes the file. The
     * temporary file is made new (AtomicFile: createTempFile, never a fixed name a planted symlink could redirect)
     * and gets the file's mode (0644 for a new one: nginx must read it).
     */
    private void replace(byte[] content) {
        Path file = setup.upstreamFile();
        try {
            if (content == null) {
                Files.deleteIfExists(file);
                return;
            }
            var mode = Files.exists(file) ? Files.getPosixFilePermissions(file) : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
            dev.rewind.io.AtomicFile.write(file, content, mode, null, null);
        } catch (IOException e) {
            throw new ActionFailedException("cannot write nginx upstream file " + file + ": " + e.getMessage(), e);
        }
    }

    private void requireTarget(String target) {
        if (!setup.addressByTarget().containsKey(target)) {
            throw new ActionFailedException("unknown target '" + target + "' for nginx upstream " + setup.upstream()
                    + "; configured targets are " + setup.addressByTarget().keySet());
        }
    }

    /** How to make nginx reread its config; {@code master} is the proven pid when a pid file is configured. */
    private record Reload(List<String> command, NginxMaster master) {
    }

    /** @param unreachableUrl set when nginx could not be reached or run (exit 3); null for a failed switch (exit 1) */
    private record Failure(String unreachableUrl, String what, boolean reloadMayHaveGoneOut, RuntimeException cause) {
        RewindException exception(String undone) {
            String message = what + " (" + undone + ")";
            return unreachableUrl == null ? new ActionFailedException(message, cause) : new UnreachableException(unreachableUrl, message, cause);
        }
    }

    /** An UnreachableException's own words, without the "url: unreachable: " it starts with. */
    private static String reason(UnreachableException e) {
        String prefix = e.url() + ": unreachable: ";
        return e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
    }
}
