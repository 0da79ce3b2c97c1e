package dev.locus.cli.demo.bench;

import dev.locus.api.v1alpha1.WorkloadResource;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** A burst or steady phase: throughput, latency, CPU and requests per placed workload. */
final class ThroughputPhase {

    private final PhaseRunner phases;
    private final BenchCommand.Settings settings;
    private final Results results;
    private final BenchStory story;

    ThroughputPhase(PhaseRunner phases) {
        this.phases = phases;
        this.settings = phases.settings;
        this.results = phases.bench.results;
        this.story = phases.story;
    }

    /** A burst (perSecond 0) or a steady stream of {@code count} workloads. */
    void run(String id, String label, String kind, int count, int perSecond)
            throws InterruptedException {
        OperatorProcess operator = phases.operator;
        List<WorkloadResource> workloads = phases.mix.generate(id, count);
        Tracker.Run run = phases.tracker.start(id, workloads);
        story.say("");
        story.say(
                "%s: applying %,d workloads %s with %d threads...",
                label,
                count,
                perSecond > 0 ? "at " + perSecond + "/s" : "at once",
                settings.threads());
        Snapshot before = phases.snapshot(true);
        Duration applyTime =
                perSecond > 0
                        ? settings.timeout().plusSeconds(count / perSecond)
                        : settings.timeout();
        Load.Outcome o =
                perSecond > 0
                        ? phases.load.steady(workloads, run::created, perSecond, applyTime)
                        : phases.load.burst(workloads, run::created, applyTime);
        story.say(
                "  applied %,d in %.1f s (%.1f/s)%s.",
                o.applied(),
                o.seconds(),
                o.applied() / Math.max(o.seconds(), 1e-9),
                o.failed() == 0 ? "" : ", " + o.failed() + " failed: " + o.firstError());
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        boolean placed = run.awaitPlaced(deadline, operator::isAlive);
        boolean dispatched = placed && run.awaitDispatched(deadline, operator::isAlive);
        phases.settle();
        Snapshot after = phases.snapshot(false);
        phases.bench.save(after.metrics(), "metrics-" + id + ".txt");
        Results.Cpu cpu = before.cpuUntil(after, o.firstStart());
        long cpuMillis = after.operatorCpu() - before.operatorCpu();
        Double passesBefore = before.passes();
        Double passesAfter = after.passes();
        int placedCount = (int) run.placedCount();
        int dispatchedCount = (int) run.dispatchedCount();
        double placeSeconds =
                placedCount == 0 ? Double.NaN : (run.lastPlaced() - o.firstStart()) / 1e9;
        double dispatchSeconds =
                dispatchedCount == 0 ? Double.NaN : (run.lastDispatched() - o.firstStart()) / 1e9;
        double placedRate = placedCount == 0 ? 0 : placedCount / placeSeconds;
        double dispatchedRate = dispatchedCount == 0 ? 0 : dispatchedCount / dispatchSeconds;
        Results.Ceiling ceiling = results.ceiling(count);
        Double ceilingRate = ceiling == null ? null : ceiling.perSecond();
        boolean complete = o.finished() && o.failed() == 0 && placed && dispatched;
        String note = "";
        if (!complete) {
            note =
                    String.format(
                            Locale.ROOT,
                            "%s: within %d s %,d of %,d applied, %,d placed, %,d dispatched",
                            label,
                            settings.timeout().toSeconds(),
                            o.applied(),
                            count,
                            placedCount,
                            dispatchedCount);
            story.problem("%s", note);
        }
        Results.Throughput r =
                new Results.Throughput(
                        label,
                        kind,
                        count,
                        o.applied(),
                        placedCount,
                        dispatchedCount,
                        o.seconds(),
                        placeSeconds,
                        dispatchSeconds,
                        placedRate,
                        dispatchedRate,
                        ceilingRate,
                        ceilingRate == null || ceilingRate == 0 ? null : placedRate / ceilingRate,
                        Results.Latencies.of(run.toPlacedMillis()),
                        Results.Latencies.of(run.toDispatchedMillis()),
                        placedCount == 0 || before.operatorCpu() < 0
                                ? null
                                : (double) cpuMillis / placedCount,
                        passesBefore == null || passesAfter == null
                                ? null
                                : Math.round(passesAfter - passesBefore),
                        cpu,
                        before.requestsUntil(after, placedCount),
                        OperatorMetrics.reconciliations(
                                before.metrics(), after.metrics(), placedCount),
                        complete,
                        note);
        results.throughput.add(r);
        story.say(
                "  placed %,d/%,d in %.1f s (%.1f/s), dispatched %,d in %.1f s (%.1f/s)",
                placedCount,
                count,
                placeSeconds,
                placedRate,
                dispatchedCount,
                dispatchSeconds,
                dispatchedRate);
        story.say(
                "  apply->placed p50/p99/max %s, apply->dispatched %s, operator CPU %s per placed, %s scheduling passes",
                BenchFormat.latencies(r.toPlaced()),
                BenchFormat.latencies(r.toDispatched()),
                r.cpuMsPerPlaced() == null
                        ? "-"
                        : String.format(Locale.ROOT, "%.2f ms", r.cpuMsPerPlaced()),
                r.schedulingPasses() == null ? "-" : r.schedulingPasses());
        story.say("  %s", BenchFormat.cpu(cpu));
        story.say("  %s", BenchFormat.requests(r.requests()));
        story.say(
                "  reconciliations per placed workload: %s",
                BenchFormat.perKind(r.reconciliationsPerPlaced()));
        phases.cleanUp(run, workloads);
    }
}
