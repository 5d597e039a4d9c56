package dev.rewind.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.model.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key file is never seen half-written, and a cut-short one is refused with a message that says what to do. */
class AuditKeyTest {
    @TempDir
    Path dir;

    @Test
    void manyFirstOpensAtOnceAllGetTheOneKeyThatWasWrittenAndOnlyOneMadeIt() throws Exception {
        Path file = dir.resolve("cfg/audit.key");
        int n = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<AuditKey>> keys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                keys.add(pool.submit(() -> {
                    go.await();
                    return AuditKey.resolve(name -> null, file);
                }));
            }
            go.countDown();
            List<AuditKey> got = new ArrayList<>();
            for (Future<AuditKey> k : keys) got.add(k.get(30, TimeUnit.SECONDS));

            byte[] onDisk = HexFormat.of().parseHex(Files.readString(file).strip());
            assertThat(got).allSatisfy(k -> assertThat(k.bytes()).isEqualTo(onDisk));
            assertThat(got.stream().filter(AuditKey::created)).hasSize(1);
            try (var left = Files.list(file.getParent())) {
                assertThat(left).as("no temporary file is left behind").containsExactly(file);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEmptyKeyFileIsRefusedNotReplaced() throws Exception {
        Path file = Files.createFile(dir.resolve("audit.key"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));

        assertThatThrownBy(() -> AuditKey.resolve(name -> null, file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("holds 0 bytes").hasMessageContaining("cut short");
        assertThat(Files.size(file)).isZero();
    }

    @Test
    void aShortKeyFileIsRefused() throws Exception {
        Path file = Files.createFile(dir.resolve("audit.key"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, "0123456789abcdef\n");

        assertThatThrownBy(() -> AuditKey.resolve(name -> null, file)).hasMessageContaining("holds 8 bytes");
    }
}
