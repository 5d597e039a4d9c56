package dev.rewind.integrations.routing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class LocalBinaryTest {

    @Test
    void missingBinaryFailsOnCiAndIsSkippedElsewhereNamingThePackageToInstall() {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));

        assertThatThrownBy(() -> LocalBinary.require("rewind-no-such-binary", "rewind-pkg"))
                .isInstanceOf(ci ? AssertionFailedError.class : TestAbortedException.class)
                .hasMessageContaining("rewind-no-such-binary").hasMessageContaining("'rewind-pkg'");
    }
}
