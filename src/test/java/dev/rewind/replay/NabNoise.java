package dev.rewind.replay;

import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Production noise from the NAB AWS traces (5-minute samples, two weeks): ELB request counts drive traffic,
 * errors and latency; EC2 CPU is cpu; RDS CPU moves memory and latency. Errors are drawn per sample as
 * binomial failures of the requests served, so error noise follows traffic as it does in a real service.
 */
final class NabNoise {
    static final Path DIR = Path.of("..", "shared", "data", "nab");
    static final double ERROR_PROBABILITY = 0.005;

    final List<Instant> times = new ArrayList<>();
    final double[] requests;   // per 5 minutes
    final double[] cpu;
    final double[] dbCpu;

    NabNoise() {
        List<String[]> elb = rows("elb_request_count_8c0756.csv");
        List<String[]> ec2 = rows("ec2_cpu_utilization_825cc2.csv");
        List<String[]> rds = rows("rds_cpu_utilization_cc0c53.csv");
        int n = Math.min(elb.size(), Math.min(ec2.size(), rds.size()));
        requests = new double[n];
        cpu = new double[n];
        dbCpu = new double[n];
        for (int i = 0; i < n; i++) {
            times.add(LocalDateTime.parse(elb.get(i)[0].replace(' ', 'T')).toInstant(ZoneOffset.UTC));
            requests[i] = Double.parseDouble(elb.get(i)[1]) * 20; // a busier service than the sampled load balancer
            cpu[i] = Double.parseDouble(ec2.get(i)[1]);
            dbCpu[i] = Double.parseDouble(rds.get(i)[1]);
        }
    }

    static boolean available() {
        return Files.isDirectory(DIR);
    }

    int size() {
        return times.size();
    }

    /** A healthy release everywhere; {@code regression} may change each metric after the deploy (index of sample, value). */
    Observations observations(long seed, int from, int to, Map<String, BiFunction<Integer, Double, Double>> regression) {
        Random r = new Random(seed);
        Map<String, List<Sample>> m = new HashMap<>();
        for (int i = from; i < to; i++) {
            double req = requests[i];
            double errorsPerMinute = binomial(r, (int) req, ERROR_PROBABILITY) / 5.0;
            double p95 = 180 + 0.4 * cpu[i] + 4 * dbCpu[i] + r.nextGaussian() * 6;
            put(m, MetricNames.REQUEST_RATE, i, req / 300.0, regression);
            put(m, MetricNames.CPU, i, cpu[i], regression);
            put(m, MetricNames.ERROR_RATE, i, errorsPerMinute, regression);
            put(m, MetricNames.P50_LATENCY, i, p95 * 0.45, regression);
            put(m, MetricNames.P95_LATENCY, i, p95, regression);
            put(m, MetricNames.P99_LATENCY, i, p95 * 1.6 + r.nextGaussian() * 10, regression);
            put(m, MetricNames.MEMORY, i, 40 + dbCpu[i] * 0.8 + r.nextGaussian(), regression);
            put(m, MetricNames.DB_CONNECTION_ERRORS, i, poisson(r, 0.3), regression);
            put(m, MetricNames.HEALTH_CHECK_FAILURES, i, poisson(r, 0.05), regression);
        }
        Map<String, MetricSeries> series = new HashMap<>();
        m.forEach((k, v) -> series.put(k, new MetricSeries(k, v)));
        return new Observations(series);
    }

    private void put(Map<String, List<Sample>> m, String metric, int i, double value, Map<String, BiFunction<Integer, Double, Double>> regression) {
        BiFunction<Integer, Double, Double> f = regression.get(metric);
        double v = f == null ? value : f.apply(i, value);
        m.computeIfAbsent(metric, k -> new ArrayList<>()).add(new Sample(times.get(i), v));
    }

    private static int binomial(Random r, int n, double p) {
        int k = 0;
        for (int i = 0; i < n; i++) if (r.nextDouble() < p) k++;
        return k;
    }

    static int poisson(Random r, double lambda) {
        double l = Math.exp(-lambda), p = 1;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private static List<String[]> rows(String name) {
        try {
            return Files.readAllLines(DIR.resolve(name)).stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
