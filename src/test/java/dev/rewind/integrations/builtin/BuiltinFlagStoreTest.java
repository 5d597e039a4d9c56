package dev.rewind.integrations.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.integrations.builtin.BuiltinFlagStore.FlagChange;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuiltinFlagStoreTest {
    @TempDir
    Path dir;

    @Test
    void disablingTurnsADefinedFlagOff() {
        var store = new BuiltinFlagStore();
        store.define("new-checkout", true);

        store.disable("new-checkout");

        assertThat(store.isEnabled("new-checkout")).isFalse();
        assertThat(store.flags()).containsExactly(Map.entry("new-checkout", false));
    }

    @Test
    void listenersHearEachRealChangeOnceAndNotTheRepeats() {
        var store = new BuiltinFlagStore();
        store.define("new-checkout", true);
        List<FlagChange> heard = new ArrayList<>();
        store.onChange(heard::add);

        store.disable("new-checkout");
        store.disable("new-checkout");
        store.enable("new-checkout");

        assertThat(heard).containsExactly(new FlagChange("new-checkout", false), new FlagChange("new-checkout", true));
    }

    @Test
    void aListenerMayReadTheStoreBack() {
        var store = new BuiltinFlagStore();
        store.define("a", true);
        List<Boolean> seen = new ArrayList<>();
        store.onChange(c -> seen.add(store.isEnabled(c.flag())));

        store.disable("a");

        assertThat(seen).containsExactly(false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"disable", "enable", "isEnabled"})
    void anUnknownFlagIsAnErrorNamingTheKnownOnes(String operation) {
        var store = new BuiltinFlagStore();
        store.define("new-checkout", true);

        assertThatThrownBy(() -> {
            switch (operation) {
                case "disable" -> store.disable("new-chekout");
                case "enable" -> store.enable("new-chekout");
                default -> store.isEnabled("new-chekout");
            }
        }).isInstanceOf(ActionFailedException.class)
                .hasMessage("no flag 'new-chekout' in the built-in flag store; it has [new-checkout]");
    }

    @Test
    void aRestartRemembersTheKillSwitchThroughTheFile() {
        Path file = dir.resolve("flags.json");
        var first = new BuiltinFlagStore(file);
        first.define("new-checkout", true);
        first.define("dark-mode", true);
        first.disable("new-checkout");

        var second = new BuiltinFlagStore(file);

        assertThat(second.flags()).containsEntry("new-checkout", false).containsEntry("dark-mode", true);
    }

    @Test
    void invalidJsonInTheFileNamesFileAndLine() throws Exception {
        Path file = dir.resolve("flags.json");
        Files.writeString(file, "{\n \"flags\": {\n  \"a\": tru\n }\n}");

        assertThatThrownBy(() -> new BuiltinFlagStore(file))
                .isInstanceOfSatisfying(BadInputException.class, e -> {
                    assertThat(e.file()).isEqualTo(file.toString());
                    assertThat(e.line()).isEqualTo(3);
                });
    }

    @Test
    void aFlagThatIsNotTrueOrFalseInTheFileIsNamed() throws Exception {
        Path file = dir.resolve("flags.json");
        Files.writeString(file, "{\"flags\": {\"a\": \"on\"}}");

        assertThatThrownBy(() -> new BuiltinFlagStore(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("field 'flags.a'").hasMessageContaining("expected true or false");
    }

    @Test
    void concurrentSwitchesLoseNoChangeAndTheFileMatchesMemory() throws Exception {
        Path file = dir.resolve("flags.json");
        var store = new BuiltinFlagStore(file);
        IntStream.range(0, 8).forEach(i -> store.define("flag-" + i, true));
        List<FlagChange> heard = java.util.Collections.synchronizedList(new ArrayList<>());
        store.onChange(heard::add);
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                String flag = "flag-" + i;
                pool.submit(() -> {
                    start.await();
                    for (int n = 0; n < 25; n++) {
                        store.disable(flag);
                        store.enable(flag);
                    }
                    store.disable(flag);
                    return null;
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(heard).hasSize(8 * 51);
        assertThat(store.flags().values()).containsOnly(false);
        assertThat(new BuiltinFlagStore(file).flags()).isEqualTo(store.flags());
    }

    @Test
    void factoryTakesInitialFlagsAndLetsTheFileWin() throws Exception {
        Path file = dir.resolve("flags.json");
        Files.writeString(file, "{\"flags\": {\"new-checkout\": false}}");
        var config = new IntegrationConfig("builtin", Map.of("file", file.toString(), "flags", Map.of("new-checkout", true, "dark-mode", true)),
                "rewind.yaml", 40, "flags");

        var store = BuiltinFlagStore.from(config);

        assertThat(store.flags()).containsEntry("new-checkout", false).containsEntry("dark-mode", true);
        assertThat(new BuiltinFlagStore(file).flags()).containsEntry("dark-mode", true);
    }

    @Test
    void factoryNamesAFlagWhoseValueIsNotABoolean() {
        var config = new IntegrationConfig("builtin", Map.of("flags", Map.of("new-checkout", "yes")), "rewind.yaml", 40, "flags");

        assertThatThrownBy(() -> BuiltinFlagStore.from(config)).isInstanceOf(BadInputException.class)
                .hasMessage("rewind.yaml:40: field 'flags.flags.new-checkout': expected true or false, found 'yes'");
    }
}
