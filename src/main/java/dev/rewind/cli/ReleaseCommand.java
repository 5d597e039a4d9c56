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
@Command(name = "release", mixinStandardHelpOptions = true, description = "Register releases with a running Rewind server, and move a canary's traffic.",
        subcommands = {ReleaseCommand.Register.class, ReleaseCommand.Traffic.class})
public final class ReleaseCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "register",
            description = {"Register a deploy (or a batch, with --release ENV=VERSION more than once) so the server watches it.",
                    "The token comes from REWIND_TOKEN or --token-file."})
    static final class Register implements Callable<Integer> {
        // --version names the release here, so picocli's standard -V/--version mixin cannot be used: only the help
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.") boolean help;

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

        @Option(names = "--traffic-percent", paramLabel = "PERCENT", description = {"share of traffic the version serves, 1..100 (default: 100).",
                "Below 100 it is a canary: checked against the previous version over the same time; each member of a batch gets it"})
        Integer trafficPercent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (trafficPercent != null) requirePercent(trafficPercent, "--traffic-percent");
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
                    Map<String, Object> member = new LinkedHashMap<>();
                    member.put("environment", m.substring(0, eq));
                    member.put("version", dev.rewind.model.VersionName.require(m.substring(eq + 1), "--release", 0, "release"));
                    if (trafficPercent != null) member.put("traffic_percent", trafficPercent);
                    members.add(member);
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
            if (trafficPercent != null) body.put("traffic_percent", trafficPercent);
            JsonNode r = client.post("/api/v1/releases", body);
            int share = r.path("traffic_percent").asInt(100);
            out.println("registered " + r.path("service").asString() + " " + r.path("version").asString() + " in " + r.path("environment").asString()
                    + " (previous " + r.path("previous").asString() + ")"
                    + (share < 100 ? "; a canary at " + share + "%, checked against " + r.path("previous").asString() + " over the same time" : "")
                    + (r.path("watched").booleanValue()
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

    /** Whole percents 1..100, checked before anything is sent. */
    static int requirePercent(int percent, String option) {
        if (percent < 1 || percent > 100) throw new BadInputException(option, 0, option.substring(2), "expected a whole number 1..100, found " + percent);
        return percent;
    }

    @Command(name = "traffic",
            description = {"Move a canary's traffic: the share the current release now serves (1..100). Below 100 its checks compare it with",
                    "the previous version over the same time (the control); at 100 (promoted) with the previous version's baseline.",
                    "The token (operator) comes from REWIND_TOKEN or --token-file."})
    static final class Traffic implements Callable<Integer> {
        // --version names the release here (see Register)
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.") boolean help;

        @Option(names = "--server", defaultValue = "${env:REWIND_SERVER:-http://127.0.0.1:8080}", paramLabel = "URL",
                description = "the server (default: $REWIND_SERVER, else ${DEFAULT-VALUE})")
        String server;

        @Option(names = "--token-file", paramLabel = "FILE", description = "a file holding the API token (default: $REWIND_TOKEN)")
        Path tokenFile;

        @Option(names = "--service", required = true, paramLabel = "SERVICE") String service;
        @Option(names = "--environment", required = true, paramLabel = "ENV") String environment;
        @Option(names = "--version", required = true, paramLabel = "VERSION", description = "the canary (the current release)") String version;
        @Option(names = "--percent", required = true, paramLabel = "PERCENT", description = "its share of traffic now, 1..100") int percent;
        @Option(names = "--reason", paramLabel = "TEXT", description = "for the audit trail") String reason;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            requirePercent(percent, "--percent");
            dev.rewind.model.VersionName.require(version, "--version", 0, "version");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("percent", percent);
            if (reason != null) body.put("reason", reason);
            JsonNode r = new ServerClient(server, tokenFile).post("/api/v1/releases/" + segment(service) + "/" + segment(environment) + "/" + version + "/traffic", body);
            spec.commandLine().getOut().println(r.path("service").asString() + " " + r.path("version").asString() + " in " + r.path("environment").asString()
                    + ": traffic " + r.path("traffic_percent_before").asInt() + "% -> " + r.path("traffic_percent").asInt() + "%; compared with the "
                    + (r.path("compared_with").asString().equals("control") ? "control (" + r.path("previous").asString() + " over the same time)"
                    : "baseline of " + r.path("previous").asString() + " before the deploy"));
            return 0;
        }

        /** A name as one path segment: percent-encoded, so a '/' or a space in it cannot change the route. */
        private static String segment(String name) {
            return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        }
    }
}
