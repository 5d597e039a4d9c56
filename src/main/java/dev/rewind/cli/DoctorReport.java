package dev.rewind.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The doctor's checks as an aligned text table or as JSON (an array, one object per check and per line). */
record DoctorReport(List<DoctorCheck> checks) {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> HEADER = List.of("ENVIRONMENT", "ROLE", "TYPE", "TARGET", "STATUS", "DETAIL");

    DoctorReport {
        checks = List.copyOf(checks);
    }

    /** The most serious status's exit code: 2 bad config, 3 unreachable or unauthorized, 1 failed, else 0. */
    int exitCode() {
        return checks.stream().map(DoctorCheck::status).max((a, b) -> Integer.compare(a.severity(), b.severity()))
                .map(DoctorStatus::exitCode).orElse(0);
    }

    String text() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        checks.forEach(c -> rows.add(List.of(c.environment(), c.role(), c.type(), c.target(), c.status().label(), c.shownDetail())));
        int[] width = new int[HEADER.size() - 1];
        for (List<String> row : rows) {
            for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], row.get(i).length());
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < width.length; i++) out.append(String.format("%-" + width[i] + "s  ", row.get(i)));
            out.append(row.getLast()).append('\n');
        }
        return out.append(summary()).toString();
    }

    String json() {
        return checks.stream().map(DoctorReport::json).collect(Collectors.joining(",\n ", "[", "]"));
    }

    private String summary() {
        long ok = checks.stream().filter(c -> c.status().exitCode() == 0).count();
        return ok == checks.size()
                ? "all " + checks.size() + " checks passed"
                : (checks.size() - ok) + " of " + checks.size() + " checks need attention";
    }

    private static String json(DoctorCheck c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("environment", c.environment());
        o.put("role", c.role());
        o.put("type", c.type());
        o.put("target", c.target());
        o.put("status", c.status().label());
        o.put("detail", c.detail());
        if (c.latencyMillis() < 0) o.putNull("latency_ms");
        else o.put("latency_ms", c.latencyMillis());
        return JSON.writeValueAsString(o);
    }
}
