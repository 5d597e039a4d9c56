package dev.rewind.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/** src/test/resources/junit-platform.properties is what keeps a hung test from hanging the build: it must be in force. */
class TimeoutsTest {
    private static ExtensionContext context;

    @RegisterExtension
    static final BeforeEachCallback KEEP_CONTEXT = c -> context = c;

    @Test
    void everyTestHasADefaultTimeoutAndRunsOnAThreadTheRunCanAbandon() {
        assertThat(context.getConfigurationParameter("junit.jupiter.execution.timeout.default")).contains("5 m");
        assertThat(context.getConfigurationParameter("junit.jupiter.execution.timeout.thread.mode.default")).contains("SEPARATE_THREAD");
        assertThat(Thread.currentThread().getName()).startsWith("junit-timeout-thread");
    }
}
