package dev.rewind.controller;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The live-pipeline tests and the controller run on injected time only: nothing here sleeps or reads the wall clock. */
class NoWallClockTest {
    private static final JavaClasses CONTROLLER = new ClassFileImporter().importPackages("dev.rewind.controller");

    @Test
    void importsTheControllerAndItsTestsSoTheRulesBelowAreNotVacuous() {
        assertThat(CONTROLLER.contain(ShopWorld.class)).isTrue();
        assertThat(CONTROLLER.contain(LiveIncidentTest.class)).isTrue();
        assertThat(CONTROLLER.contain(ReleaseWatcher.class)).isTrue();
        assertThat(new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("dev.rewind.controller").contain(RollbackPipeline.class)).isFalse();
    }

    @Test
    void nothingInTheControllerOrItsTestsSleeps() {
        noClasses().should().callMethod(Thread.class, "sleep", long.class)
                .orShould().callMethod(Thread.class, "sleep", long.class, int.class)
                .orShould().callMethod(Thread.class, "sleep", Duration.class)
                .orShould().callMethod(LockSupport.class, "parkNanos", long.class)
                .orShould().callMethod(Object.class, "wait", long.class)
                .check(CONTROLLER);
    }

    @Test
    void nothingInTheControllerOrItsTestsReadsTheWallClock() {
        noClasses().should().callMethod(Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.rewind.time.SystemTimeSource")
                .check(CONTROLLER);
    }
}
