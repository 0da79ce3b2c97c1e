package dev.locus.cli.demo.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** Figures read from the operator's /q/metrics: reconciler executions, JVM memory by area. */
final class OperatorMetrics {

    private OperatorMetrics() {}

    /**
     * JOSDK's reconciler executions between two scrapes, by controller, per placed workload (its
     * per-controller counters: the per-resource ones come and go with the resources).
     */
    static Map<String, Double> reconciliations(String before, String after, int placed) {
        Map<String, Double> a = executions(before);
        Map<String, Double> out = new LinkedHashMap<>();
        executions(after)
                .forEach(
                        (kind, v) -> {
                            double d = v - a.getOrDefault(kind, 0.0);
                            if (d > 0) {
                                out.put(kind, d / Math.max(placed, 1));
                            }
                        });
        return out;
    }

    private static Map<String, Double> executions(String metrics) {
        Map<String, Double> out = new TreeMap<>();
        for (String name :
                List.of(
                        "operator_sdk_controllers_execution_reconcile_success_total",
                        "operator_sdk_controllers_execution_reconcile_failure_total")) {
            PrometheusText.sumBy(metrics, name, "controller")
                    .forEach((controller, v) -> out.merge(controller, v, Double::sum));
        }
        return out;
    }

    /** A JVM memory gauge of one area (heap, nonheap) in MiB, or null when not scraped. */
    static Double mib(String metrics, String name, String area) {
        OptionalDouble v = PrometheusText.sum(metrics, name, Map.of("area", area));
        return v.isPresent() ? v.getAsDouble() / (1024 * 1024) : null;
    }
}
