package dev.rewind.integrations.nginx;

import dev.rewind.act.Routes;
import dev.rewind.act.TrafficRouter;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.UnreachableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes traffic by rewriting an nginx upstream block (an include of the main config), checking the
 * whole config with {@code nginx -t} and only then reloading. A config nginx rejects is undone byte for
 * byte, so nginx, and the file, stay on the old routes. A reload swaps all weights at once: there is
 * no order of targets to get wrong here.
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
        List<String> reload = reloadCommand(); // a pid file that is not nginx's stops us before anything is written
        Map<String, Integer> current = Files.exists(setup.upstreamFile()) ? currentBlock().weightByAddress() : Map.of();
        Map<String, Integer> byAddress = new LinkedHashMap<>();
        setup.addressByTarget().forEach((target, address) ->
                byAddress.put(address, changes.getOrDefault(target, current.getOrDefault(address, 0))));
        byte[] previous = read();
        replace(new UpstreamBlock(setup.upstream(), byAddress).render().getBytes(StandardCharsets.UTF_8));
        try {
            checkAndReload(reload);
        } catch (RuntimeException e) {
            replace(previous);
            throw e;
        }
    }

    private void checkAndReload(List<String> reloadCommand) {
        ProcessRunner.Result test = runner.run(nginx("-t"), setup.timeout());
        if (!test.succeeded()) {
            throw new ActionFailedException("nginx -t rejected the new upstream " + setup.upstream() + " (" + setup.upstreamFile()
                    + " restored, nginx still on the old routes): " + test.output().strip());
        }
        ProcessRunner.Result reload = runner.run(reloadCommand, setup.timeout());
        if (!reload.succeeded()) {
            throw new UnreachableException("nginx " + setup.conf(), "reload failed (" + setup.upstreamFile() + " restored): "
                    + reload.output().strip(), null);
        }
    }

    /** A pid file is trusted only once NginxMaster has proven it names nginx's master; the signal then goes through a fixed kill. */
    private List<String> reloadCommand() {
        if (setup.pidFile() == null) return nginx("-s", "reload");
        return NginxMaster.read(setup.pidFile(), Path.of(setup.binary())).reloadCommand();
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

    /** Writes beside the target and renames over it, so nginx never reads half a file; null removes the file. */
    private void replace(byte[] content) {
        Path file = setup.upstreamFile();
        try {
            if (content == null) {
                Files.deleteIfExists(file);
                return;
            }
            Path temporary = file.resolveSibling("." + file.getFileName() + ".rewind-new");
            Files.write(temporary, content);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
}
