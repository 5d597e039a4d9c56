package dev.rewind.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.act.Actuators;
import dev.rewind.act.StepNeeds;
import dev.rewind.config.ConfigLoader;
import dev.rewind.config.RewindConfig;
import dev.rewind.integrations.configfile.FileConfigStore;
import dev.rewind.integrations.redis.RedisCache;
import dev.rewind.model.BadInputException;
import dev.rewind.model.StepAction;
import dev.rewind.time.ManualTimeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database:, config_store: and cache: blocks: read with every key on its own line, and built into actuators. */
class DataActuatorWiringTest {
    private static final String FILE = "rewind.yaml";
    @TempDir
    Path tmp;

    private static RewindConfig parse(String yaml) {
        return new ConfigLoader(name -> null).parse(FILE, yaml).config();
    }

    private static EnvironmentWiring wire(String yaml) {
        RewindConfig cfg = parse(yaml);
        ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-22T10:00:00Z"));
        Integrations integrations = new Integrations(time, () -> {
            throw new AssertionError("no demo world here");
        });
        return EnvironmentWiring.build(cfg, cfg.environments().get("production"), cfg.policy(), integrations, time, alert -> { }, null);
    }

    private String environment() throws Exception {
        Path changelogs = Files.createDirectories(tmp.resolve("app/src/main/resources/db"));
        Files.writeString(changelogs.resolve("changelog.yaml"), "databaseChangeLog: []\n");
        Files.createDirectories(tmp.resolve("etc/shop"));
        return """
                environments:
                  production:
                    service: shop
                    strategy: rolling_update
                    deployer: {type: kubernetes, namespace: shop, deployment: shop}
                    health_url: "http://shop-$version.internal:8080/health"
                    database:
                      type: liquibase
                      host: 127.0.0.1
                      database: shop
                      user: rewind
                      password: ${SHOP_DB_PASSWORD}
                      changelog_dir: %s
                      changelog: db/changelog.yaml
                      backup_dir: /var/backups/shop
                      compare_tables: [users, orders]
                    config_store:
                      type: file
                      root: %s
                      snapshot_dir: %s
                      reload: {url: "http://127.0.0.1:8080/-/reload"}
                    cache:
                      type: redis
                      port: 6379
                      database: 2
                      password: ${REDIS_PASSWORD}
                """.formatted(tmp.resolve("app/src/main/resources"), tmp.resolve("etc"), tmp.resolve("snapshots"));
    }

    @Test
    void theThreeBlocksBuildTheirActuatorsWithoutReadingASecretOrConnecting() throws Exception {
        Actuators a = wire(environment()).actuators();
        assertThat(a.database()).hasValueSatisfying(d -> {
            assertThat(d.guard().database()).isEqualTo("shop");
            assertThat(d.migrator()).isPresent();
            assertThat(d.backups()).isPresent();
            assertThat(d.compareTables()).containsExactly("users", "orders");
        });
        assertThat(a.configStore()).containsInstanceOf(FileConfigStore.class);
        assertThat(a.cache()).containsInstanceOf(RedisCache.class);
        for (StepAction step : new StepAction[] {new StepAction.RestoreDatabase("shop", Map.of("to_tag", "2.3.1")),
                new StepAction.RestoreDatabase("shop", Map.of("backup", "pre.dump")), new StepAction.RestoreConfig("shop/app.yaml", Map.of()),
                new StepAction.FlushCache("sessions", Map.of("flushdb", "true"))}) {
            assertThat(StepNeeds.of(step, a, "rolling_update")).as(step.toString()).isInstanceOf(StepNeeds.Ready.class);
        }
    }

    @Test
    void anUnknownKeyIsNamedOnItsOwnLineWithADidYouMean() throws Exception {
        String yaml = environment().replace("      compare_tables: [users, orders]\n", "      compare_tabels: [users]\n");
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.file()).isEqualTo(FILE);
            assertThat(e.line()).isEqualTo(16);
            assertThat(e.field()).isEqualTo("environments.production.database.compare_tabels");
            assertThat(e.getMessage()).contains("did you mean 'compare_tables'");
        });
        String reload = environment().replace("reload: {url:", "reload: {uri:");
        assertThatThrownBy(() -> parse(reload)).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.line()).isEqualTo(21);
            assertThat(e.field()).isEqualTo("environments.production.config_store.reload.uri");
        });
        String cache = environment().replace("      port: 6379\n", "      prot: 6379\n");
        assertThatThrownBy(() -> parse(cache)).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.line()).isEqualTo(24);
            assertThat(e.getMessage()).contains("did you mean 'port'");
        });
    }

    @Test
    void aKeyOfAnotherTypeIsUnknownForThisOne() throws Exception {
        String yaml = environment().replace("      type: liquibase\n", "      type: postgres\n");
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.line()).isEqualTo(13);
            assertThat(e.field()).isEqualTo("environments.production.database.changelog_dir");
        });
    }

    @Test
    void anUnknownTypeNamesTheTypesThereAre() throws Exception {
        String yaml = environment().replace("      type: redis\n", "      type: memcached\n");
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.line()).isEqualTo(23);
            assertThat(e.field()).isEqualTo("environments.production.cache.type");
            assertThat(e.getMessage()).contains("unknown cache type 'memcached'; expected one of [redis]");
        });
        String none = environment().replace("      type: file\n", "");
        assertThatThrownBy(() -> parse(none)).hasMessageContaining("config_store block needs a 'type'");
    }

    @Test
    void whatAStepNeedsNamesTheSettingThatWouldProvideIt() throws Exception {
        Actuators none = Actuators.none();
        assertThat(StepNeeds.of(new StepAction.RestoreDatabase("shop", Map.of("to_tag", "2.3.1")), none, "rolling_update"))
                .isEqualTo(new StepNeeds.Missing("no database to restore shop on", "database"));
        String postgresOnly = environment().replace("      type: liquibase\n", "      type: postgres\n")
                .replaceAll("      changelog.*\n", "").replace("      backup_dir: /var/backups/shop\n", "");
        Actuators pg = wire(postgresOnly).actuators();
        assertThat(StepNeeds.of(new StepAction.RestoreDatabase("shop", Map.of("to_tag", "2.3.1")), pg, "rolling_update"))
                .isInstanceOfSatisfying(StepNeeds.Missing.class, m -> {
                    assertThat(m.setting()).isEqualTo("database");
                    assertThat(m.what()).contains("type: liquibase");
                });
        assertThat(StepNeeds.of(new StepAction.RestoreDatabase("shop", Map.of("backup", "pre.dump")), pg, "rolling_update"))
                .isEqualTo(new StepNeeds.Missing("no backup folder to restore shop from", "database.backup_dir"));
    }
}
