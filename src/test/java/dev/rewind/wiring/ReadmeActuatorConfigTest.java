package dev.rewind.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.config.ConfigLoader;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.integrations.redis.RedisCache;
import dev.rewind.time.ManualTimeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's database, config store and cache examples are read as printed: every key in them is a real one. */
class ReadmeActuatorConfigTest {

    /** The first ```yaml block after {@code <!-- readme-config: NAME -->}. */
    static String block(String name) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String marker = "<!-- readme-config: " + name + " -->";
        int at = readme.indexOf(marker);
        assertThat(at).as("README.md holds %s", marker).isNotNegative();
        int start = readme.indexOf("```yaml\n", at) + "```yaml\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private static EnvironmentConfig production(String name) throws IOException {
        return new ConfigLoader(Map.of("SHOP_DB_PASSWORD", "x", "REDIS_PASSWORD", "y")::get).parse("README.md", block(name)).config()
                .environments().get("production");
    }

    @Test
    void theDatabaseExampleIsALiquibaseBlockWithEveryKeyKnown() throws IOException {
        EnvironmentConfig env = production("database");
        assertThat(env.database().type()).isEqualTo("liquibase");
        assertThat(env.database().settings()).containsKeys("changelog_dir", "changelog", "backup_dir", "compare_tables");
        assertThat(env.database().settings().get("password")).as("kept as a reference until a connection needs it").isEqualTo("${SHOP_DB_PASSWORD}");
    }

    @Test
    void theConfigStoreExamplesAreAKubernetesSecretStoreAndAFileStoreWithAReload() throws IOException {
        assertThat(production("config_store").configStore().type()).isEqualTo("kubernetes-secret");
        EnvironmentConfig file = production("config_file");
        assertThat(file.configStore().type()).isEqualTo("file");
        assertThat(file.configStore().settings().get("reload")).isEqualTo(Map.of("url", "http://127.0.0.1:8080/-/reload"));
    }

    @Test
    void theCacheExampleBuildsARedisCacheWithoutConnecting() throws IOException {
        EnvironmentConfig env = production("cache");
        Integrations integrations = new Integrations(new ManualTimeSource(Instant.EPOCH), () -> {
            throw new AssertionError("no demo world here");
        });
        assertThat(integrations.cache(env.cache())).isInstanceOf(RedisCache.class);
    }
}
