package dev.rewind.observe;

/** Which release a metric query is about; PromQL templates substitute these as $service, $environment, $version. */
public record MetricScope(String service, String environment, String version) {
}
