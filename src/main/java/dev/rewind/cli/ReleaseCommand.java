package dev.rewind.cli;

import dev.rewind.model.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Tells a running {@code rewind serve} about deploys. */
@Command(name = "release", mixinStandardHelpOptions = true, description = "Register releases with a running Rewind server.",
        subcommands = {ReleaseCommand.Register.class})
public final class ReleaseCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"Register a deploy (or a batch, with --release ENV=VERSION more than once) so the server watches it.",
                    "The token comes from REWIND_TOKEN or --token-file."})
    static final class Register implements Callable<Integer> {
        @Option(names = "--server", defaultValue = "${env:REWIND_SERVER:-http://127.0.0.1:8080}", paramLabel = "URL",
                description = "the server (default: $REWIND_SERVER, else ${DEFAULT-VALUE})")
        String server;

        @Option(names = "--token-file", paramLabel = "FILE", description = "a file holding the API token (default: $REWIND_TOKEN)")
        Path tokenFile;

        @Option(names = "--environment", paramLabel = "ENV", description = "the environment deployed to")
        String environment;

        @Option(names = "--version", paramLabel = "VERSION", description = "the version now running")
        String version;

        @Option(names = "--previous", paramLabel = "VERSION", description = "the version it replaced (default: the server's current one)")
        String previous;

        @Option(names = "--changes", paramLabel = "FILE", description = "YAML or JSON list of changes: kind, id, summary, touches")
        Path changes;

        @Option(names = "--deployed-at", paramLabel = "TIME", description = "ISO-8601 UTC (default: now)")
        String deployedAt;

        @Option(names = "--release", paramLabel = "ENV=VERSION", description = "a member of a batch deployed together; repeat it")
        List<String> batch;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ServerClient client = new ServerClient(server, tokenFile);
            PrintWriter out = spec.commandLine().getOut();
            if (batch != null && !batch.isEmpty()) {
                if (environment != null || version != null) {
                    throw new BadInputException("--release", 0, "release", "give either --release ENV=VERSION (a batch) or --environment and --version, not both");
                }
                List<Map<String, Object>> members = new ArrayList<>();
                for (String m : batch) {
                    int eq = m.indexOf('=');
                    if (eq < 1 || eq == m.length() - 1) throw new BadInputException("--release", 0, "release", "expected ENV=VERSION, found '" + m + "'");
                    members.add(Map.of("environment", m.substring(0, eq), "version",
                            dev.rewind.model.VersionName.require(m.substring(eq + 1), "--release", 0, "release")));
                }
                JsonNode r = client.post("/api/v1/releases", Map.of("releases", members));
                out.println("registered batch " + r.path("batch_id").asString() + ": " + r.path("releases").size() + " releases");
                r.path("releases").forEach(x -> out.println("  " + x.path("environment").asString() + " " + x.path("version").asString()
                        + " (previous " + x.path("previous").asString() + ")" + (x.path("watched").booleanValue() ? ", watched" : ", NOT watched")));
                return 0;
            }
            if (environment == null || version == null) throw new BadInputException("--environment", 0, "environment", "--environment and --version are required");
            dev.rewind.model.VersionName.require(version, "--version", 0, "version");
            if (previous != null) dev.rewind.model.VersionName.require(previous, "--previous", 0, "previous");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("environment", environment);
            body.put("version", version);
            if (previous != null) body.put("previous", previous);
            if (deployedAt != null) body.put("deployed_at", deployedAt);
            if (changes != null) body.put("changes", changes(changes));
            JsonNode r = client.post("/api/v1/releases", body);
            out.println("registered " + r.path("service").asString() + " " + r.path("version").asString() + " in " + r.path("environment").asString()
                    + " (previous " + r.path("previous").asString() + ")" + (r.path("watched").booleanValue()
                    ? "; watched until " + r.path("watch_until").asString() : "; NOT watched: " + r.path("note").asString()));
            return 0;
        }

        private static Object changes(Path file) {
            try {
                if (Files.size(file) > 1_000_000) throw new BadInputException(file.toString(), 0, "--changes", "expected at most 1 MB of changes");
                JsonNode n = new YAMLMapper().readTree(Files.readString(file));
                if (!n.isArray()) throw new BadInputException(file.toString(), 1, "--changes", "expected a list of changes (kind, id, summary, touches)");
                return n;
            } catch (IOException e) {
                throw new BadInputException(file.toString(), 0, "--changes", "cannot read: " + e.getMessage());
            } catch (tools.jackson.core.JacksonException e) {
                throw new BadInputException(file.toString(), e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "--changes",
                        "not YAML or JSON: " + e.getOriginalMessage());
            }
        }
    }
}
