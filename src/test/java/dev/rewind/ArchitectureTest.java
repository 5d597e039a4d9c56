package dev.rewind;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the core (model, detect, decide, plan) pure: no I/O, no adapters, no static clock. */
class ArchitectureTest {
    private static final String[] CORE = {"dev.rewind.model..", "dev.rewind.detect..", "dev.rewind.decide..", "dev.rewind.plan.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.rewind");
    }

    @Test
    void coreDependsOnNoAdapterOrOuterStage() {
        ArchRule rule = noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat().resideInAnyPackage(
                "dev.rewind.integrations..", "dev.rewind.store..", "dev.rewind.act..", "dev.rewind.verify..",
                "dev.rewind.report..", "dev.rewind.server..", "dev.rewind.cli..", "dev.rewind.demo..",
                "dev.rewind.config..", "dev.rewind.observe..", "dev.rewind.controller..", "dev.rewind.bench..", "dev.rewind.time..");
        assertNoViolations(rule);
    }

    @Test
    void coreDoesNoIo() {
        ArchRule rule = noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat().resideInAnyPackage(
                "java.io..", "java.nio..", "java.net..", "java.sql..", "javax.sql..",
                "tools.jackson..", "org.jdbi..", "io.javalin..", "io.fabric8..", "org.slf4j..");
        assertNoViolations(rule);
    }

    @Test
    void coreReadsNoStaticClock() {
        ArchRule rule = noClasses().that().resideInAnyPackage(CORE).should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Thread.class, "sleep", long.class);
        assertNoViolations(rule);
    }

    @Test
    void engineWaitsOnlyThroughTheTimeSource() {
        ArchRule rule = noClasses().that().resideInAnyPackage("dev.rewind.act..", "dev.rewind.verify..", "dev.rewind.detect..", "dev.rewind.decide..")
                .should().callMethod(Thread.class, "sleep", long.class)
                .orShould().callMethod(java.time.Instant.class, "now");
        assertNoViolations(rule);
    }

    @Test
    void integrationsDoNotReachIntoEachOtherNorIntoTheCompositionRoot() {
        String[] systems = {"prometheus", "alertmanager", "haproxy", "nginx", "kubernetes", "unleash", "flagd", "builtin", "gitops"};
        for (String system : systems) {
            java.util.List<String> forbidden = new java.util.ArrayList<>(java.util.List.of(
                    "dev.rewind.cli..", "dev.rewind.demo..", "dev.rewind.server..", "dev.rewind.controller..", "dev.rewind.bench.."));
            for (String other : systems) {
                if (!other.equals(system)) forbidden.add("dev.rewind.integrations." + other + "..");
            }
            ArchRule rule = noClasses().that().resideInAPackage("dev.rewind.integrations." + system + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new));
            assertNoViolations(rule);
        }
    }

    /** ArchUnit's check is the assertion: it fails with every violating dependency listed. */
    private static void assertNoViolations(ArchRule rule) {
        rule.check(classes);
    }
}
