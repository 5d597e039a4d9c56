package dev.rewind.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import dev.rewind.io.AtomicFile;
import dev.rewind.secrets.Redactor;
import java.nio.file.Path;

/**
 * Writes a report file whole or not at all: a crash mid-write must not leave half a rollback_result.yaml. Every
 * report file (result, incident report, chart) passes the redactor here, whatever its writer put in it.
 */
final class ReportFile {
    private ReportFile() {
    }

    static Path write(Path file, String content) {
        try {
            return AtomicFile.write(file, Redactor.redact(content));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
