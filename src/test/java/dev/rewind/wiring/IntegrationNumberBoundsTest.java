package dev.rewind.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rewind.config.ConfigLoader;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.config.RewindConfig;
import dev.rewind.integrations.alertmanager.AlertmanagerSettings;
import dev.rewind.integrations.email.EmailChannel;
import dev.rewind.integrations.prometheus.PrometheusSettings;
import dev.rewind.model.BadInputException;
import dev.rewind.time.ManualTimeSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The numbers of integration blocks (ports, timeouts, sizes) are checked when the integration is built, before
 * anything is read or changed. Each refuses NaN, infinities, fractions, numbers past an int (a port of 2^32 + 1
 * was cut to port 1) and the first value past each end of its range, naming the file, the key's line and the field.
 */
class IntegrationNumberBoundsTest {
    private static final Path DIR = tempDirs();
    private static final List<String> NOT_NUMBERS = List.of(".nan", ".inf", "-.inf", "\"NaN\"", "\"Infinity\"", "1e309", "1e300", "-1e300",
            "4294967297", "1099511627776", "123456789012345678901234567890", "\"twelve\"");

    record Field(String field, String yaml, int line, long min, long max, Function<RewindConfig, Object> build) {
        @Override
        public String toString() {
            return field;
        }
    }

    static final List<Field> FIELDS = List.of(
            prometheus("step_seconds"), prometheus("timeout_seconds"), prometheus("scrape_interval_seconds"),
            env("router", "type: haproxy\n      socket: /run/haproxy.sock\n      backend: be_app\n      timeout_seconds: VALUE", 1, 300),
            env("router", "type: nginx\n      upstream: app\n      timeout_seconds: VALUE", 1, 600),
            env("deployer", "type: kubernetes\n      rollout_timeout_seconds: VALUE", 1, 86_400),
            env("deployer", "type: kubernetes\n      poll_seconds: VALUE", 1, 300),
            env("cache", "type: redis\n      port: VALUE", 1, 65_535),
            env("cache", "type: redis\n      database: VALUE", 0, 1023),
            env("cache", "type: redis\n      timeout_seconds: VALUE", 1, 300),
            env("database", "type: postgres\n      port: VALUE", 1, 65_535),
            env("database", "type: postgres\n      database: shop\n      user: shop\n      statement_timeout_seconds: VALUE", 1, 3600),
            env("database", "type: postgres\n      database: shop\n      user: shop\n      session_wait_seconds: VALUE", 1, 600),
            env("database", "type: postgres\n      database: shop\n      user: shop\n      restore_timeout_seconds: VALUE", 1, 86_400),
            env("config_store", "type: file\n      root: " + DIR.resolve("root") + "\n      snapshot_dir: " + DIR.resolve("snap") + "\n      max_bytes: VALUE",
                    1, 64 << 20),
            new Field("environments.prod.config_store.reload.timeout_seconds", "environments:\n  prod:\n    config_store:\n      type: file\n      root: "
                    + DIR.resolve("root") + "\n      snapshot_dir: " + DIR.resolve("snap") + "\n      reload: {url: \"http://127.0.0.1:1/\", timeout_seconds: VALUE}\n",
                    7, 1, 300, c -> integrations().configStore(c.environments().get("prod").configStore())),
            new Field("alertmanager.port", "alertmanager:\n  type: alertmanager\n  insecure_no_auth: true\n  port: VALUE\n", 4, 0, 65_535,
                    c -> AlertmanagerSettings.from(c.alertmanager())),
            new Field("notifications.mail.smtp_port", "notifications:\n  mail:\n    type: email\n    to: [ops@example.com]\n    smtp_port: VALUE\n", 5, 1, 65_535,
                    c -> EmailChannel.from("mail", c.notifications().channels().getFirst().settings(), Duration.ofSeconds(10))));

    static Stream<Arguments> badValues() {
        List<Arguments> out = new ArrayList<>();
        for (Field f : FIELDS) {
            for (String v : NOT_NUMBERS) out.add(Arguments.of(f, v));
            out.add(Arguments.of(f, String.valueOf(f.min() - 1)));
            out.add(Arguments.of(f, String.valueOf(f.max() + 1)));
            if (!f.field().startsWith("environments.prod.metrics")) out.add(Arguments.of(f, f.min() + ".5"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badValues")
    void aBadNumberInAnIntegrationBlockIsRefusedWhenItIsBuilt(Field f, String value) {
        RewindConfig config = new ConfigLoader(k -> null).parse("rewind.yml", f.yaml().replace("VALUE", value)).config();
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> f.build().apply(config));
        assertThat(e).as("%s = %s was accepted", f.field(), value).isNotNull();
        assertThat(e.exitCode()).isEqualTo(2);
        assertThat(e.getMessage()).as("names file, line and field").startsWith("rewind.yml:" + f.line() + ": field '" + f.field() + "'");
        String range = f.field().startsWith("environments.prod.metrics") ? "from 0.001 to 86400" : "from " + f.min() + " to " + f.max();
        assertThat(e.getMessage()).contains(range);
    }

    private static Field prometheus(String key) {
        return new Field("environments.prod.metrics." + key, "environments:\n  prod:\n    metrics:\n      type: prometheus\n      url: http://127.0.0.1:9090\n      "
                + key + ": VALUE\n", 6, 0, 86_400, c -> PrometheusSettings.from(c.environments().get("prod").metrics()));
    }

    /** A block of environment prod, built by the factory its role uses. */
    private static Field env(String role, String block, long min, long max) {
        String yaml = "environments:\n  prod:\n    " + role + ":\n      " + block + "\n";
        int line = (int) yaml.lines().takeWhile(l -> !l.contains("VALUE")).count() + 1;
        String key = block.substring(block.lastIndexOf('\n') + 1).strip().replace(": VALUE", "");
        return new Field("environments.prod." + role + "." + key, yaml, line, min, max, c -> build(role, c.environments().get("prod")));
    }

    private static Object build(String role, EnvironmentConfig e) {
        Integrations i = integrations();
        return switch (role) {
            case "router" -> i.router(e.router());
            case "deployer" -> i.deployer(e.deployer());
            case "cache" -> i.cache(e.cache());
            case "database" -> i.database(e.database());
            case "config_store" -> i.configStore(e.configStore());
            default -> throw new IllegalArgumentException(role);
        };
    }

    private static Integrations integrations() {
        return new Integrations(new ManualTimeSource(Instant.parse("2026-01-26T10:00:00Z")), () -> {
            throw new AssertionError("no demo world here");
        });
    }

    private static Path tempDirs() {
        try {
            Path d = Files.createTempDirectory("rw-bounds-");
            Files.createDirectories(d.resolve("root"));
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
