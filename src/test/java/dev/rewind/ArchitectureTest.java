package dev.rewind;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps DESIGN.md §1's arrows pointing one way: which package may use which, a pure core (model, detect, decide,
 * plan) without I/O, engine code that reads and waits for time only through the injected {@code TimeSource}, and
 * nothing but the command line importing {@code cli}. Packages that do not exist yet ({@code plan}, {@code server})
 * are listed so they are guarded from their first class; their rules allow an empty selection.
 */
class ArchitectureTest {
    private static final String[] CORE = {"dev.rewind.model..", "dev.rewind.detect..", "dev.rewind.decide..", "dev.rewind.plan.."};
    /** Code that runs a rollback or a watch: it must be replayable on a manual clock. */
    private static final String[] ENGINE = {"dev.rewind.model..", "dev.rewind.detect..", "dev.rewind.decide..", "dev.rewind.plan..",
            "dev.rewind.replay..", "dev.rewind.act..", "dev.rewind.verify..", "dev.rewind.controller.."};

    private static final List<String> EVERYTHING = List.of("model", "detect", "decide", "plan", "observe", "store", "time", "io",
            "config", "verify", "report", "act", "replay", "integrations", "controller", "console", "wiring", "server", "demo",
            "bench", "cli", "secrets");

    /**
     * Packages every package may use, beyond its row of the table, except the pure core and the replayer (no global
     * state there). {@code secrets} holds the process's one registry of resolved secrets and the one redactor: every
     * place that prints, logs, stores or sends text (journal, history, reports, console, alerts, log layout,
     * integrations that resolve credentials) must reach it, and it uses nothing.
     */
    private static final List<String> EVERYONE_MAY_USE = List.of("secrets");
    private static final Set<String> PURE = Set.of("model", "detect", "decide", "plan", "replay");

    /**
     * The dependency table: each top-level package of {@code dev.rewind} and the packages it may use besides itself.
     * Where it says more than DESIGN.md §1, the entry's comment says why.
     */
    private static final Map<String, List<String>> MAY_USE = new LinkedHashMap<>();

    static {
        MAY_USE.put("model", List.of());
        MAY_USE.put("detect", List.of("model"));
        MAY_USE.put("decide", List.of("model"));
        MAY_USE.put("plan", List.of("model"));
        MAY_USE.put("observe", List.of("model"));
        MAY_USE.put("store", List.of("model"));
        // Infrastructure below everything: the clock port and atomic file writes / child processes.
        MAY_USE.put("time", List.of());
        MAY_USE.put("io", List.of());
        // Beyond "model": a rollback plan file is read into plan's records (plans as code, seed 004).
        MAY_USE.put("config", List.of("model", "plan"));
        // Beyond "model": normalization reads metrics through observe's MetricSource port and waits on the time source.
        MAY_USE.put("verify", List.of("model", "observe", "time"));
        // Beyond "model": reports and charts are written atomically (io.AtomicFile).
        MAY_USE.put("report", List.of("model", "io"));
        // Beyond "model, store": a plan's own steps prove health, metrics and smoke tests through verify's ports
        // (with observe's MetricScope naming what to verify), waits go through time, and alerts leave through
        // report's Notifier port (see actUsesReportOnlyForItsNotifierPort). The pure core (plan, decide) is fair game:
        // a database step asks decide whether the migrations it would undo put the release past its point of no return.
        MAY_USE.put("act", List.of("model", "plan", "decide", "store", "time", "observe", "verify", "report"));
        // The replayer is detect and decide run over a trace: pure like them.
        MAY_USE.put("replay", List.of("model", "detect", "decide", "plan"));
        // Each integration implements a port (act, observe, verify, report) and reads its own config block, so a
        // new integration is one package plus one line in wiring.
        MAY_USE.put("integrations", List.of("model", "act", "observe", "verify", "report", "config", "time", "io"));
        // "Everything above but server and cli" - except integrations: the controller never knows which router,
        // deployer or metric store it talks to (wiring picks them).
        MAY_USE.put("controller", List.of("model", "detect", "decide", "plan", "observe", "store", "time", "io", "config", "verify",
                "report", "act"));
        MAY_USE.put("console", List.of("model", "detect", "decide", "plan", "observe", "store", "time", "io", "config", "verify",
                "report", "act", "controller"));
        MAY_USE.put("wiring", List.of("model", "detect", "decide", "plan", "observe", "store", "time", "io", "config", "verify",
                "report", "act", "integrations", "controller"));
        MAY_USE.put("server", List.of("model", "detect", "decide", "plan", "observe", "store", "time", "io", "config", "verify",
                "report", "act", "integrations", "controller", "console", "wiring"));
        MAY_USE.put("demo", List.of("model", "detect", "decide", "plan", "observe", "store", "time", "io", "config", "verify",
                "report", "act", "integrations", "controller", "console", "wiring"));
        // bench sequential replays simulated releases (replay's ReleaseEvaluation, which the tests run too); bench watch
        // and bench api measure the runtime serve runs (ServerRuntime), so bench may start it
        MAY_USE.put("bench", List.of("model", "detect", "decide", "plan", "observe", "store", "time", "io", "config", "verify",
                "report", "act", "integrations", "controller", "console", "wiring", "replay", "server"));
        MAY_USE.put("cli", EVERYTHING);
        MAY_USE.put("secrets", List.of());
    }

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.rewind");
    }

    @Test
    void everyPackageIsInTheDependencyTable() {
        Set<String> found = classes.stream().map(JavaClass::getPackageName).filter(p -> p.startsWith("dev.rewind."))
                .map(p -> p.substring("dev.rewind.".length()).split("\\.")[0]).collect(Collectors.toCollection(TreeSet::new));

        assertThat(MAY_USE.keySet()).containsAll(found).containsExactlyInAnyOrderElementsOf(EVERYTHING);
        assertThat(classes.stream().filter(c -> c.getPackageName().equals("dev.rewind"))).as("classes in the root package").isEmpty();
    }

    @Test
    void eachPackageUsesOnlyThePackagesTheDependencyTableAllows() {
        List<ArchRule> rules = MAY_USE.entrySet().stream().map(e -> {
            Stream<String> common = PURE.contains(e.getKey()) ? Stream.empty() : EVERYONE_MAY_USE.stream();
            String[] own = Stream.of(Stream.of(e.getKey()), e.getValue().stream(), common).flatMap(x -> x)
                    .map(p -> "dev.rewind." + p + "..").toArray(String[]::new);
            return (ArchRule) classes().that().resideInAPackage("dev.rewind." + e.getKey() + "..")
                    .should().onlyDependOnClassesThat(resideOutsideOfPackage("dev.rewind..").or(resideInAnyPackage(own)))
                    .because("DESIGN.md §1 lets " + e.getKey() + " use only " + (e.getValue().isEmpty() ? "itself" : e.getValue()))
                    .allowEmptyShould(true);
        }).toList();
        assertNoViolations(CompositeArchRule.of(rules));
    }

    @Test
    void actUsesReportOnlyForItsNotifierPort() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.rewind.act..").should().dependOnClassesThat(
                resideInAnyPackage("dev.rewind.report..").and(DescribedPredicate.not(
                        JavaClass.Predicates.equivalentTo(dev.rewind.report.Notifier.class))));
        assertNoViolations(rule);
    }

    @Test
    void nothingOutsideCliImportsCli() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("dev.rewind.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.rewind.cli..");
        assertNoViolations(rule);
    }

    @Test
    void wiringDoesNotImportTheDemo() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.rewind.wiring..")
                .should().dependOnClassesThat().resideInAPackage("dev.rewind.demo..");
        assertNoViolations(rule);
    }

    @Test
    void packagesDependOnEachOtherWithoutCycles() {
        assertNoViolations(SlicesRuleDefinition.slices().matching("dev.rewind.(*)..").should().beFreeOfCycles());
    }

    @Test
    void coreDoesNoIo() {
        ArchRule rule = noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat().resideInAnyPackage(
                "java.io..", "java.nio..", "java.net..", "java.sql..", "javax.sql..",
                "tools.jackson..", "org.jdbi..", "io.javalin..", "io.fabric8..", "org.slf4j..");
        assertNoViolations(rule.allowEmptyShould(true));
    }

    @Test
    void replayDoesNoIoBeyondRenderingItsJson() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.rewind.replay..").should().dependOnClassesThat().resideInAnyPackage(
                "java.io..", "java.nio..", "java.net..", "java.sql..", "org.jdbi..", "io.fabric8..");
        assertNoViolations(rule);
    }

    /** HttpSmokeTestRunner times real HTTP requests (how slow the service answered); the engine never waits on that. */
    @Test
    void engineReadsAndWaitsForTimeOnlyThroughTheTimeSource() {
        ArchRule rule = noClasses().that().resideInAnyPackage(ENGINE)
                .and().doNotHaveFullyQualifiedName(dev.rewind.verify.HttpSmokeTestRunner.class.getName())
                .should().callMethodWhere(readsOrWaitsOnTheSystemClock(true));
        assertNoViolations(rule);
        ArchRule smoke = noClasses().that().haveFullyQualifiedName(dev.rewind.verify.HttpSmokeTestRunner.class.getName())
                .should().callMethodWhere(readsOrWaitsOnTheSystemClock(false));
        assertNoViolations(smoke);
    }

    /** Every way to read the wall clock or sleep; {@code System.nanoTime} only when {@code withStopwatch}. */
    private static DescribedPredicate<JavaMethodCall> readsOrWaitsOnTheSystemClock(boolean withStopwatch) {
        Map<Class<?>, Set<String>> banned = new LinkedHashMap<>();
        banned.put(Thread.class, Set.of("sleep"));
        banned.put(java.util.concurrent.TimeUnit.class, Set.of("sleep", "timedJoin", "timedWait"));
        banned.put(java.util.concurrent.locks.LockSupport.class, Set.of("parkNanos", "parkUntil"));
        banned.put(java.time.Clock.class, Set.of("systemUTC", "systemDefaultZone", "system"));
        banned.put(System.class, withStopwatch ? Set.of("currentTimeMillis", "nanoTime") : Set.of("currentTimeMillis"));
        for (Class<?> type : List.of(java.time.Instant.class, java.time.LocalDateTime.class, java.time.ZonedDateTime.class,
                java.time.OffsetDateTime.class, java.time.LocalDate.class, java.time.LocalTime.class, java.time.OffsetTime.class)) {
            banned.put(type, Set.of("now"));
        }
        String description = banned.entrySet().stream()
                .map(e -> e.getKey().getSimpleName() + "." + e.getValue().stream().sorted().collect(Collectors.joining("/")) + "(*)")
                .collect(Collectors.joining(", "));
        return DescribedPredicate.describe(description, call -> banned.entrySet().stream()
                .anyMatch(e -> call.getTargetOwner().isEquivalentTo(e.getKey()) && e.getValue().contains(call.getName())));
    }

    @Test
    void integrationsDoNotReachIntoEachOtherNorIntoTheCompositionRoot() {
        String[] systems = {"prometheus", "alertmanager", "haproxy", "nginx", "kubernetes", "unleash", "flagd", "builtin",
                "postgres", "liquibase", "redis", "configfile", "slack", "pagerduty", "email", "webhook", "github", "gitops"};
        assertThat(classes.stream().map(JavaClass::getPackageName).filter(p -> p.startsWith("dev.rewind.integrations."))
                .map(p -> p.split("\\.")[3]).distinct()).as("every integration is listed").containsExactlyInAnyOrder(systems);
        for (String system : systems) {
            List<String> forbidden = new java.util.ArrayList<>();
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
