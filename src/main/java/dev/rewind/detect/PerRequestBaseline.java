package dev.rewind.detect;

import dev.rewind.model.Baseline;
import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Sample;

import java.util.List;

/**
 * Errors follow traffic: twice the requests bring twice the errors from an unchanged release. This is the
 * previous release's errors per request over the baseline period, and the spread of that ratio, so a relative
 * error trigger can expect {@code rate * requests now} and judge noise per request rather than per minute.
 * Replays on NAB traffic (bursty ELB counts) needed it: per minute, traffic swings looked like regressions.
 *
 * @param rate   pooled errors per request (sum of errors over sum of requests)
 * @param stddev sample deviation of the per-sample ratio; NaN with fewer than 3 paired samples
 */
record PerRequestBaseline(double rate, double stddev, int samples) {

    /** Null when the trace has no request_rate, or no paired samples in the baseline period. */
    static PerRequestBaseline of(String metric, Observations observations, Baseline baseline) {
        MetricSeries errors = observations.get(metric).orElse(null);
        MetricSeries requests = observations.get(MetricNames.REQUEST_RATE).orElse(null);
        if (errors == null || requests == null) return null;
        List<Sample> e = errors.between(baseline.from(), baseline.to());
        List<Sample> r = requests.between(baseline.from(), baseline.to());
        double sumE = 0, sumR = 0, sum = 0, sumSq = 0;
        int n = 0;
        for (int i = 0, j = 0; i < e.size() && j < r.size(); ) {
            int c = e.get(i).at().compareTo(r.get(j).at());
            if (c < 0) i++;
            else if (c > 0) j++;
            else {
                double req = r.get(j).value();
                if (req > 0) {
                    double ratio = e.get(i).value() / req;
                    sumE += e.get(i).value();
                    sumR += req;
                    sum += ratio;
                    sumSq += ratio * ratio;
                    n++;
                }
                i++;
                j++;
            }
        }
        if (n == 0 || sumR <= 0) return null;
        double mean = sum / n;
        double sd = n >= 3 ? Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1))) : Double.NaN;
        return new PerRequestBaseline(sumE / sumR, sd, n);
    }
}
