package dev.locus.cli.demo.bench;

import static dev.locus.cli.demo.bench.BenchFormat.mib;
import static dev.locus.cli.demo.bench.BenchFormat.ms;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The targets, next to the figures of a run. */
final class BenchTargets {

    /** Targets of the issue, for the full-size run. */
    static final double MIN_RATIO = 0.5;

    static final double MAX_BURST_P99_PLACED_MS = 3_000;
    static final double MAX_BURST_P99_DISPATCHED_MS = 5_000;
    static final double MAX_STEADY_P99_PLACED_MS = 250;
    static final double MAX_CPU_MS_PER_PLACED = 5;
    static final double MAX_SECOND_BURST_TIME_FACTOR = 6;
    static final long MAX_HOLD_RSS_MIB = 400;
    static final long MAX_MANY_MEMBERS_RSS_MIB = 1024;

    private BenchTargets() {}

    /** The targets next to the figures of this run. */
    static List<Results.Target> of(Results results) {
        List<Results.Target> out = new ArrayList<>();
        List<Results.Throughput> bursts =
                results.throughput.stream().filter(t -> t.kind().equals("burst")).toList();
        if (!bursts.isEmpty()) {
            Results.Throughput b = bursts.get(0);
            String name = b.phase();
            out.add(
                    new Results.Target(
                            name + ": placed/s >= " + MIN_RATIO + " x the bare-client ceiling",
                            b.ratioToCeiling() == null
                                    ? "no ceiling measured"
                                    : String.format(
                                            Locale.ROOT,
                                            "%.1f/s = %.2f x %.1f/s",
                                            b.placedPerSecond(),
                                            b.ratioToCeiling(),
                                            b.ceilingPerSecond()),
                            b.ratioToCeiling() == null ? null : b.ratioToCeiling() >= MIN_RATIO));
            out.add(
                    latencyTarget(
                            name + ": p99 apply->placed <= 3 s",
                            b.toPlaced(),
                            MAX_BURST_P99_PLACED_MS));
            out.add(
                    latencyTarget(
                            name + ": p99 apply->dispatched <= 5 s",
                            b.toDispatched(),
                            MAX_BURST_P99_DISPATCHED_MS));
        }
        results.throughput.stream()
                .filter(t -> t.kind().equals("steady"))
                .forEach(
                        s ->
                                out.add(
                                        latencyTarget(
                                                s.phase() + ": p99 apply->placed <= 250 ms",
                                                s.toPlaced(),
                                                MAX_STEADY_P99_PLACED_MS)));
        for (Results.Throughput t : results.throughput) {
            out.add(
                    new Results.Target(
                            t.phase() + ": operator CPU <= 5 ms per placed workload",
                            t.cpuMsPerPlaced() == null
                                    ? "not measured"
                                    : String.format(Locale.ROOT, "%.2f ms", t.cpuMsPerPlaced()),
                            t.cpuMsPerPlaced() == null
                                    ? null
                                    : t.cpuMsPerPlaced() <= MAX_CPU_MS_PER_PLACED));
        }
        if (bursts.size() >= 2) {
            Results.Throughput a = bursts.get(0);
            Results.Throughput b = bursts.get(1);
            boolean measured = a.complete() && b.complete() && a.placeSeconds() > 0;
            out.add(
                    new Results.Target(
                            b.phase() + " takes <= 6 x the time of " + a.phase(),
                            measured
                                    ? String.format(
                                            Locale.ROOT,
                                            "%.1f s = %.1f x %.1f s",
                                            b.placeSeconds(),
                                            b.placeSeconds() / a.placeSeconds(),
                                            a.placeSeconds())
                                    : "not measured (a burst did not complete)",
                            measured
                                    ? b.placeSeconds()
                                            <= MAX_SECOND_BURST_TIME_FACTOR * a.placeSeconds()
                                    : null));
        }
        for (Results.Memory m : results.memory) {
            long limit = m.phase().startsWith("many") ? MAX_MANY_MEMBERS_RSS_MIB : MAX_HOLD_RSS_MIB;
            out.add(
                    new Results.Target(
                            String.format(
                                    Locale.ROOT,
                                    "%s: RSS <= %d MiB holding %,d placed (%d members)",
                                    m.phase(),
                                    limit,
                                    m.workloads(),
                                    m.members()),
                            m.rssMiB() == null ? "not measured" : mib(m.rssMiB()),
                            m.rssMiB() == null || !m.complete() ? null : m.rssMiB() <= limit));
        }
        return out;
    }

    private static Results.Target latencyTarget(
            String what, Results.Latencies latencies, double limitMs) {
        if (latencies.count() == 0) {
            return new Results.Target(what, "not measured", null);
        }
        return new Results.Target(
                what,
                String.format(Locale.ROOT, "%s ms", ms(latencies.p99())),
                latencies.p99() <= limitMs);
    }
}
