package dev.locus.cli.demo.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What the benchmark measured, phase by phase. */
final class Results {

    /** Percentiles of latencies in milliseconds (nearest rank), over {@code count} workloads. */
    record Latencies(int count, Double p50, Double p99, Double max) {
        static Latencies of(Collection<Double> millis) {
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (sorted.length == 0) {
                return new Latencies(0, null, null, null);
            }
            return new Latencies(
                    sorted.length,
                    rank(sorted, 0.50),
                    rank(sorted, 0.99),
                    sorted[sorted.length - 1]);
        }

        private static double rank(double[] sorted, double q) {
            int index = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }

    /** The bare-client ceiling for a number of workloads: a create and a status write each. */
    record Ceiling(
            int workloads, int written, double seconds, double perSecond, boolean complete) {}

    /**
     * A burst or the steady load: throughput, latencies from the client's create to the hub showing
     * the workload placed and dispatched, the operator's CPU per placed workload and its scheduling
     * passes.
     */
    record Throughput(
            String phase,
            String kind,
            int workloads,
            int applied,
            int placed,
            int dispatched,
            double applySeconds,
            double placeSeconds,
            double dispatchSeconds,
            double placedPerSecond,
            double dispatchedPerSecond,
            Double ceilingPerSecond,
            Double ratioToCeiling,
            Latencies toPlaced,
            Latencies toDispatched,
            Double cpuMsPerPlaced,
            Long schedulingPasses,
            Cpu cpu,
            Requests requests,
            java.util.Map<String, Double> reconciliationsPerPlaced,
            boolean complete,
            String note) {}

    /**
     * Requests the API servers answered per placed workload, in all and the most frequent kinds
     * (verb and resource): what the operator (and the benchmark's client) asked of the hub and of
     * the members.
     */
    record Requests(
            double hubPerPlaced,
            double membersPerPlaced,
            java.util.Map<String, Double> hubTop,
            java.util.Map<String, Double> membersTop) {}

    /**
     * Where the CPU went from the first create until the operator settled: the operator's process
     * (and its busiest threads), this process (the embedded API servers, the clients and the
     * informers), and anything else the machine ran then ({@code otherSeconds}: a build, another
     * benchmark), against what the machine's cores could give in that time.
     */
    record Cpu(
            double wallSeconds,
            int cores,
            double operatorSeconds,
            double benchSeconds,
            java.util.Map<String, Double> operatorThreads,
            String benchBusiestThread,
            double benchBusiestThreadSeconds,
            double otherSeconds) {
        /** The share of the machine's cores that were busy, with everything else it ran. */
        double busy() {
            return (operatorSeconds + benchSeconds + otherSeconds) / (cores * wallSeconds);
        }
    }

    /** Workloads held placed on a fleet, and the operator's memory then. */
    record Memory(
            String phase,
            String fleet,
            int members,
            int nodes,
            int workloads,
            int placed,
            int dispatched,
            double placeSeconds,
            Long idleRssMiB,
            Long rssMiB,
            Double heapUsedMiB,
            Double heapCommittedMiB,
            Double nonHeapUsedMiB,
            Long rssAfterGcMiB,
            Double heapUsedAfterGcMiB,
            boolean gc,
            Scrape scrape,
            boolean complete,
            String note) {}

    /** One scrape of the operator's /q/metrics: lines, size, time. */
    record Scrape(long lines, double mebibytes, double millis) {}

    /** A target of the issue next to what was measured; {@code met} null when not measured. */
    record Target(String target, String measured, Boolean met) {}

    final List<Ceiling> ceilings = new ArrayList<>();
    final List<Throughput> throughput = new ArrayList<>();
    final List<Memory> memory = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    Ceiling ceiling(int workloads) {
        return ceilings.stream().filter(c -> c.workloads() == workloads).findFirst().orElse(null);
    }

    boolean complete() {
        return problems.isEmpty();
    }
}
