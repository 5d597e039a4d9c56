package dev.rewind.bench;

import dev.rewind.model.BadInputException;
import dev.rewind.replay.RecordedTraffic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The NAB AWS traces (numenta/NAB, realAWSCloudwatch: {@code timestamp,value}, one row every 5 minutes) as traffic
 * curves for simulated releases: the ELB request counts as they are, the EC2 and RDS CPU as load.
 */
public final class NabTraces {
    /** The three traces in ../shared/data/nab, by the label the tables use. */
    public static final List<String[]> FILES = List.of(
            new String[] {"nab elb requests", "elb_request_count_8c0756.csv"},
            new String[] {"nab ec2 cpu", "ec2_cpu_utilization_825cc2.csv"},
            new String[] {"nab rds cpu", "rds_cpu_utilization_cc0c53.csv"});

    private NabTraces() {
    }

    /** Each trace in {@code dir}, in {@link #FILES} order; a missing or malformed file is bad input. */
    public static List<RecordedTraffic> read(Path dir) {
        List<RecordedTraffic> out = new ArrayList<>();
        for (String[] f : FILES) out.add(read(f[0], dir.resolve(f[1])));
        return out;
    }

    static RecordedTraffic read(String name, Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new BadInputException(file.toString(), 0, null, "cannot read the NAB trace: " + e.getMessage());
        }
        List<Double> values = new ArrayList<>();
        List<LocalDateTime> times = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) { // line 1 is the header
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String[] cols = line.split(",");
            if (cols.length != 2) throw new BadInputException(file.toString(), i + 1, null, "expected 'timestamp,value', found '" + line + "'");
            try {
                times.add(LocalDateTime.parse(cols[0].trim().replace(' ', 'T')));
            } catch (DateTimeParseException e) {
                throw new BadInputException(file.toString(), i + 1, "timestamp", "expected 'yyyy-MM-dd HH:mm:ss', found '" + cols[0] + "'");
            }
            double v;
            try {
                v = Double.parseDouble(cols[1].trim());
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
            if (!(v >= 0) || Double.isInfinite(v)) throw new BadInputException(file.toString(), i + 1, "value", "expected a finite number >= 0, found '" + cols[1] + "'");
            values.add(v);
        }
        if (values.size() < 2) throw new BadInputException(file.toString(), 0, null, "expected at least two rows of 'timestamp,value'");
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) gaps.add(Duration.between(times.get(i - 1).toInstant(ZoneOffset.UTC), times.get(i).toInstant(ZoneOffset.UTC)).toSeconds());
        gaps.sort(null);
        long step = gaps.get(gaps.size() / 2);
        if (step <= 0) throw new BadInputException(file.toString(), 0, "timestamp", "expected rows in time order, one step apart");
        return new RecordedTraffic(name, values.stream().mapToDouble(Double::doubleValue).toArray(), Duration.ofSeconds(step));
    }
}
