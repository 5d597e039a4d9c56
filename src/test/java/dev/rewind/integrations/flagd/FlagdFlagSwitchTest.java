package dev.rewind.integrations.flagd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real file round-trips on a copy of {@code flagd/flags.json}, a flag file in flagd's own format. */
class FlagdFlagSwitchTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;
    private Path file;
    private FlagdFlagSwitch flags;

    @BeforeEach
    void copyFlagFile() throws IOException {
        file = dir.resolve("flags.json");
        try (var in = getClass().getResourceAsStream("/flagd/flags.json")) {
            Files.copy(in, file);
        }
        flags = new FlagdFlagSwitch(file);
    }

    private JsonNode onDisk() throws IOException {
        return JSON.readTree(Files.readString(file));
    }

    @Test
    void disablingMakesTheOffVariantTheDefaultAndSetsTargetingAside() throws IOException {
        assertThat(flags.isEnabled("new-checkout")).isTrue();

        flags.disable("new-checkout");

        JsonNode flag = onDisk().path("flags").path("new-checkout");
        assertThat(flag.path("defaultVariant").asString()).isEqualTo("off");
        assertThat(flag.path("state").asString()).isEqualTo("ENABLED");
        assertThat(flag.has("targeting")).isFalse();
        assertThat(flags.isEnabled("new-checkout")).isFalse();
    }

    @Test
    void keepsEveryOtherFlagAndKeyAsTheyWere() throws IOException {
        JsonNode before = onDisk();

        flags.disable("new-checkout");

        JsonNode after = onDisk();
        assertThat(after.path("flags").path("dark-mode")).isEqualTo(before.path("flags").path("dark-mode"));
        assertThat(after.path("flags").path("banner-colour")).isEqualTo(before.path("flags").path("banner-colour"));
        assertThat(after.path("$evaluators")).isEqualTo(before.path("$evaluators"));
        assertThat(after.path("$schema")).isEqualTo(before.path("$schema"));
        assertThat(after.path("flags").propertyNames()).containsExactly("new-checkout", "dark-mode", "banner-colour");
    }

    @Test
    void enablingRestoresTheFlagExactlyAsItWasBeforeTheKillSwitch() throws IOException {
        JsonNode before = onDisk();

        flags.disable("new-checkout");
        flags.enable("new-checkout");

        assertThat(onDisk()).isEqualTo(before);
        assertThat(flags.isEnabled("new-checkout")).isTrue();
    }

    @Test
    void findsTheOffVariantByItsFalseValueWhenItIsNotCalledOff() throws IOException {
        flags.disable("dark-mode");

        JsonNode flag = onDisk().path("flags").path("dark-mode");
        assertThat(flag.path("defaultVariant").asString()).isEqualTo("no");
        assertThat(flag.path("metadata").path("owner").asString()).isEqualTo("web-team");
        assertThat(flags.isEnabled("dark-mode")).isFalse();
    }

    @Test
    void disablingTwiceKeepsTheOriginalDefaultToRestore() throws IOException {
        flags.disable("dark-mode");
        flags.disable("dark-mode");
        flags.enable("dark-mode");

        assertThat(onDisk().path("flags").path("dark-mode").path("defaultVariant").asString()).isEqualTo("yes");
    }

    @Test
    void aFlagWithoutABooleanOffVariantCannotBeKilled() throws IOException {
        String before = Files.readString(file);

        assertThatThrownBy(() -> flags.disable("banner-colour"))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("flag 'banner-colour'").hasMessageContaining("has no off variant");
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void anUnknownFlagIsNamedWithTheFlagsTheFileHas() {
        assertThatThrownBy(() -> flags.disable("new-chekout"))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("has no flag 'new-chekout'")
                .hasMessageContaining("new-checkout").hasMessageContaining("dark-mode");
    }

    @Test
    void invalidJsonNamesTheFileAndTheLine() throws IOException {
        Files.writeString(file, "{\n  \"flags\": {\n    \"a\": {\"state\": \"ENABLED\",,}\n  }\n}\n");

        assertThatThrownBy(() -> flags.isEnabled("a"))
                .isInstanceOfSatisfying(BadInputException.class, e -> {
                    assertThat(e.file()).isEqualTo(file.toString());
                    assertThat(e.line()).isEqualTo(3);
                })
                .hasMessageContaining("invalid JSON");
    }

    @Test
    void aFileWithoutAFlagsObjectIsNotAFlagdFile() throws IOException {
        Files.writeString(file, "{\"flag\": {}}");

        assertThatThrownBy(() -> flags.disable("a")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("field 'flags'").hasMessageContaining("expected a flagd flag file");
    }

    @Test
    void leavesNoTemporaryFileBehind() throws IOException {
        flags.disable("new-checkout");
        flags.enable("new-checkout");

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("flags.json");
        }
    }

    @Test
    void factoryNamesTheMissingFile() {
        var config = new IntegrationConfig("flagd", Map.of("file", dir.resolve("nope.json").toString()), "rewind.yaml", 30, "flags");

        assertThatThrownBy(() -> FlagdFlagSwitch.from(config)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("rewind.yaml:30: field 'flags.file'").hasMessageContaining("nope.json");
    }

    @Test
    void factoryBuildsASwitchOnTheConfiguredFile() {
        var config = new IntegrationConfig("flagd", Map.of("file", file.toString()), "rewind.yaml", 30, "flags");

        assertThat(FlagdFlagSwitch.from(config).isEnabled("dark-mode")).isTrue();
    }
}
