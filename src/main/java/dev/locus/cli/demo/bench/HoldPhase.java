package dev.locus.cli.demo.bench;

import dev.locus.api.v1alpha1.WorkloadResource;
import java.util.List;
import java.util.Locale;

/** A hold phase: the operator's memory (RSS, heap, after a full GC) holding placed workloads. */
final class HoldPhase {

    private final PhaseRunner phases;
    private final BenchCommand.Settings settings;
    private final BenchStory story;

    HoldPhase(PhaseRunner phases) {
        this.phases = phases;
        this.settings = phases.settings;
        this.story = phases.story;
    }

    /** Holds {@code count} placed workloads and reads the operator's memory. */
    void run(String label, String id, BenchFleet.Shape shape) throws InterruptedException {
        OperatorProcess operator = phases.operator;
        BenchRun bench = phases.bench;
        int count = settings.hold();
        story.say("");
        story.say("%s: applying %,d workloads to hold placed...", label, count);
        phases.settle();
        Long idle = phases.rssMiB();
        List<WorkloadResource> workloads = phases.mix.generate(id, count);
        Tracker.Run run = phases.tracker.start(id, workloads);
        Load.Outcome o = phases.load.burst(workloads, run::created, settings.timeout());
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        boolean placed = run.awaitPlaced(deadline, operator::isAlive);
        boolean dispatched = placed && run.awaitDispatched(deadline, operator::isAlive);
        phases.settle();
        int placedCount = (int) run.placedCount();
        double placeSeconds =
                placedCount == 0 ? Double.NaN : (run.lastPlaced() - o.firstStart()) / 1e9;
        Long rss = phases.rssMiB();
        long scrapeStart = System.nanoTime();
        String metrics = operator.metrics();
        Results.Scrape scrape =
                new Results.Scrape(
                        metrics.lines().count(),
                        metrics.length() / (1024.0 * 1024.0),
                        (System.nanoTime() - scrapeStart) / 1e6);
        bench.save(metrics, "metrics-" + id + ".txt");
        Double heap = OperatorMetrics.mib(metrics, "jvm_memory_used_bytes", "heap");
        Double committed = OperatorMetrics.mib(metrics, "jvm_memory_committed_bytes", "heap");
        Double nonHeap = OperatorMetrics.mib(metrics, "jvm_memory_used_bytes", "nonheap");
        if (heap == null) {
            // No scrape (the operator could not answer it): the JVM's own word.
            var info = operator.heapInfo();
            if (info.isPresent()) {
                heap = info.get().usedKiB() / 1024.0;
                committed = info.get().committedKiB() / 1024.0;
                story.say("  /q/metrics did not answer: heap figures from jcmd GC.heap_info");
            }
        }
        if (bench.profile) {
            operator.jcmd("VM.native_memory", "summary")
                    .ifPresent(text -> bench.save(text, "nmt-" + id + ".txt"));
            operator.jcmd("Thread.print")
                    .ifPresent(text -> bench.save(text, "threads-" + id + ".txt"));
        }
        boolean gc = operator.gc();
        Long rssAfterGc = gc ? phases.rssMiB() : null;
        if (bench.profile) {
            // What the live heap is made of, after the GC: which objects each workload costs.
            operator.jcmd("GC.class_histogram")
                    .ifPresent(text -> bench.save(text, "histogram-" + id + ".txt"));
        }
        // After the GC, from jcmd GC.heap_info: a scrape would allocate what it measures.
        Double heapAfterGc =
                gc ? operator.heapInfo().map(h -> h.usedKiB() / 1024.0).orElse(null) : null;
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
                            run.dispatchedCount());
            story.problem("%s", note);
        }
        String fleetText =
                String.format(
                        Locale.ROOT,
                        "%d members, %,d nodes, %d pools",
                        shape.members(),
                        shape.nodes(),
                        shape.pools());
        bench.results.memory.add(
                new Results.Memory(
                        label,
                        fleetText,
                        shape.members(),
                        shape.nodes(),
                        count,
                        placedCount,
                        (int) run.dispatchedCount(),
                        placeSeconds,
                        idle,
                        rss,
                        heap,
                        committed,
                        nonHeap,
                        rssAfterGc,
                        heapAfterGc,
                        gc,
                        scrape,
                        complete,
                        note));
        story.say(
                "  placed %,d/%,d in %.1f s; operator RSS %s (idle %s), heap used %s of %s committed, non-heap %s; after a full GC (jcmd GC.run): %s (GC.heap_info)",
                placedCount,
                count,
                placeSeconds,
                BenchFormat.mib(rss),
                BenchFormat.mib(idle),
                BenchFormat.mib(heap),
                BenchFormat.mib(committed),
                BenchFormat.mib(nonHeap),
                gc
                        ? "RSS "
                                + BenchFormat.mib(rssAfterGc)
                                + ", heap used "
                                + BenchFormat.mib(heapAfterGc)
                        : "not run (jcmd unavailable), figures are without GC");
        story.say(
                "  /q/metrics: %,d lines, %.1f MiB, scraped in %.0f ms",
                scrape.lines(), scrape.mebibytes(), scrape.millis());
    }
}
