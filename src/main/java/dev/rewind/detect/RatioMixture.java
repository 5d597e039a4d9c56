package dev.rewind.detect;

/**
 * The mixture martingale behind every sequential test here: evidence that a rate ratio theta (the new release's events
 * per unit of exposure over what the null hypothesis allows) is above 1, as the average over a prior of the
 * likelihood ratios of theta against 1. Each of those ratios is a nonnegative supermartingale while theta <= 1 holds,
 * so their average is one too, and Ville's inequality bounds the chance that it ever reaches 1/alpha by alpha.
 * <p>
 * The prior is a beta prior on q = theta / (1 + theta), the new release's share of the events at equal exposure,
 * restricted to theta >= 1 (q in [1/2, 1)) and rescaled there; it is held on a grid of {@value #POINTS} points. A
 * discrete prior is a prior like any other, so the grid costs no validity, only a little resolution. Beta(1, 1) (the
 * default) spreads the mass from a 1% worsening to a 200-fold one, most of it below a tenfold rise.
 * <p>
 * {@code dispersion} tempers each likelihood ratio (raises it to 1/dispersion): counts that vary more than Poisson
 * noise (bursts of errors) carry less evidence than their number suggests. A tempered supermartingale is still one,
 * so for Poisson data nothing is lost but power.
 */
final class RatioMixture {
    static final int POINTS = 120;
    private final double[] theta = new double[POINTS];
    private final double[] logTheta = new double[POINTS];
    private final double[] logWeight = new double[POINTS];
    private final double[] logRatio = new double[POINTS];
    private final double temper;

    RatioMixture(double priorA, double priorB, double dispersion) {
        if (!(priorA > 0 && priorB > 0)) throw new IllegalArgumentException("beta prior needs positive shapes, got " + priorA + ", " + priorB);
        if (!(dispersion >= 1) || Double.isInfinite(dispersion)) throw new IllegalArgumentException("dispersion must be >= 1, got " + dispersion);
        this.temper = 1 / dispersion;
        double norm = 0;
        double[] w = new double[POINTS];
        for (int j = 0; j < POINTS; j++) {
            double u = (j + 0.5) / POINTS;            // the rescaled share, in (0, 1)
            double q = 0.5 + 0.5 * u;
            theta[j] = q / (1 - q);
            logTheta[j] = Math.log(theta[j]);
            w[j] = Math.exp((priorA - 1) * Math.log(u) + (priorB - 1) * Math.log(1 - u));
            norm += w[j];
        }
        for (int j = 0; j < POINTS; j++) logWeight[j] = Math.log(w[j] / norm);
    }

    RatioMixture(double dispersion) {
        this(1, 1, dispersion);
    }

    /**
     * Events against a known null mean: {@code events} seen where the null hypothesis expects at most {@code nullMean}.
     * The Poisson likelihood ratio of theta against 1 is theta^n exp(-(theta - 1) m).
     */
    void addPoisson(double events, double nullMean) {
        if (events == 0 && nullMean == 0) return;
        for (int j = 0; j < POINTS; j++) logRatio[j] += temper * (events * logTheta[j] - (theta[j] - 1) * nullMean);
    }

    /**
     * Events split between the new release and a reference watched over the same time: given their total, the new
     * release's share is binomial with p = r e / (r e + f) when its rate is r times the reference's. Only the split
     * carries evidence, so whatever moves both (traffic growth, a daily cycle) cancels out.
     *
     * @param nullRatio the largest ratio the null hypothesis allows (1 + tolerance)
     */
    void addSplit(double events, double exposure, double referenceEvents, double referenceExposure, double nullRatio) {
        if (exposure <= 0 || referenceExposure <= 0 || events + referenceEvents == 0) return;
        double p0 = nullRatio * exposure / (nullRatio * exposure + referenceExposure);
        double logP0 = Math.log(p0), logQ0 = Math.log1p(-p0);
        for (int j = 0; j < POINTS; j++) {
            double r = theta[j] * nullRatio * exposure;
            double p = r / (r + referenceExposure);
            logRatio[j] += temper * (events * (Math.log(p) - logP0) + referenceEvents * (Math.log1p(-p) - logQ0));
        }
    }

    /** ln of the mixture: ln sum_j w_j exp(logRatio_j), computed without overflow. */
    double logE() {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < POINTS; j++) max = Math.max(max, logWeight[j] + logRatio[j]);
        double sum = 0;
        for (int j = 0; j < POINTS; j++) sum += Math.exp(logWeight[j] + logRatio[j] - max);
        return max + Math.log(sum);
    }

    /** The grid's ratios and prior weights, for tests that recompute the mixture independently. */
    double[] thetas() {
        return theta.clone();
    }

    double[] weights() {
        double[] w = new double[POINTS];
        for (int j = 0; j < POINTS; j++) w[j] = Math.exp(logWeight[j]);
        return w;
    }
}
