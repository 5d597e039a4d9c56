package dev.rewind.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file whole or not at all: the text goes to a temporary file in the same folder, then a rename
 * replaces the old one, so a reader (flagd, an operator, a crash) sees the old file or the new one, never half.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    public static Path write(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
