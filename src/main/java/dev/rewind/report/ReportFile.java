package dev.rewind.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import dev.rewind.io.AtomicFile;
import java.nio.file.Path;

/** Writes a report file whole or not at all: a crash mid-write must not leave half a rollback_result.yaml. */
final class ReportFile {
    private ReportFile() {
    }

    static Path write(Path file, String content) {
        try {
            return AtomicFile.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
