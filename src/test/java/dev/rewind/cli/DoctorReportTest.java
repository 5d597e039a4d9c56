package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DoctorReportTest {

    /** Every pair of statuses, so each precedence is tried both ways round. */
    static Stream<Arguments> statusPairs() {
        List<Arguments> out = new ArrayList<>();
        for (DoctorStatus a : DoctorStatus.values()) for (DoctorStatus b : DoctorStatus.values()) out.add(Arguments.of(a, b));
        return out.stream();
    }

    private static int expectedExit(List<DoctorStatus> statuses) {
        if (statuses.contains(DoctorStatus.BAD_CONFIG)) return 2;
        if (statuses.contains(DoctorStatus.UNREACHABLE) || statuses.contains(DoctorStatus.UNAUTHORIZED)) return 3;
        if (statuses.contains(DoctorStatus.FAILED)) return 1;
        return 0;
    }

    private static DoctorCheck check(DoctorStatus s) {
        return new DoctorCheck("prod", "router", "haproxy", "unix:/s", s, "detail", 4);
    }

    @ParameterizedTest
    @MethodSource("statusPairs")
    void exitsWithBadConfigFirstThenUnreachableThenFailed(DoctorStatus a, DoctorStatus b) {
        DoctorReport report = new DoctorReport(List.of(check(a), check(b)));

        assertThat(report.exitCode()).isEqualTo(expectedExit(List.of(a, b)));
    }

    @ParameterizedTest
    @MethodSource("statusPairs")
    void printsEveryStatusLabelInItsRow(DoctorStatus a, DoctorStatus b) {
        String text = new DoctorReport(List.of(check(a), check(b))).text();

        List<String> lines = Arrays.asList(text.split("\n"));
        assertThat(lines.get(1)).contains(a.label(), "4 ms; detail");
        assertThat(lines.get(2)).contains(b.label());
    }
}
