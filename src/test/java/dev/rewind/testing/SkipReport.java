package dev.rewind.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes every skipped test or class, with its reason, to {@code target/skipped-tests.txt} (system property
 * {@code rewind.skip-report}), one line each, as it happens: a run that is killed still leaves the skips
 * seen so far. bin/test prints the file when Maven ends, so nothing is skipped silently. A skip is a
 * {@code @Disabled} test or a failed assumption (a missing server, outside CI). Registered through
 * META-INF/services, so every JUnit run of this project has it.
 */
public final class SkipReport implements TestExecutionListener {
    static final String FILE_PROPERTY = "rewind.skip-report";
    /** Once per file and JVM: the first plan starts the file afresh, later plans in the same run add to it. */
    private static final Set<Path> STARTED = ConcurrentHashMap.newKeySet();

    private final Path file;

    public SkipReport() {
        this(Path.of(System.getProperty(FILE_PROPERTY, "target/skipped-tests.txt")));
    }

    SkipReport(Path file) {
        this.file = file;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        if (STARTED.add(file.toAbsolutePath())) write("", StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        record(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            record(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted, no reason given"));
        }
    }

    void record(TestIdentifier test, String reason) {
        if (test.getSource().isEmpty() && !test.isTest()) return; // the engine itself: nothing a reader could act on
        String oneLine = reason == null ? "no reason given"
                : reason.replaceFirst("^Assumption failed: ", "").strip().replaceAll("\\s*\\R\\s*", " ");
        write(name(test) + ": " + oneLine + "\n", StandardOpenOption.APPEND);
    }

    static String name(TestIdentifier test) {
        return test.getSource().map(source -> switch (source) {
            case MethodSource m -> simple(m.getClassName()) + "." + m.getMethodName() + "()";
            case ClassSource c -> simple(c.getClassName()) + " (the whole class)";
            default -> test.getDisplayName();
        }).orElse(test.getDisplayName());
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private synchronized void write(String text, StandardOpenOption mode) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
        } catch (IOException e) {
            // a report that cannot be written must not fail the tests it reports on; say so where Maven shows it
            System.err.println("rewind: cannot write the skip report " + file.toAbsolutePath() + ": " + e);
        }
    }
}
