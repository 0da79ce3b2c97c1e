package dev.locus.cli.demo.bench;

import dev.locus.api.v1alpha1.WorkloadResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs the phases against one fleet and its operator, with what they share: the warm-up, waiting
 * for the operator to settle, snapshots, and cleaning up after a phase.
 */
final class PhaseRunner {

    final BenchRun bench;
    final BenchCommand.Settings settings;
    final BenchStory story;
    final BenchFleet fleet;
    final OperatorProcess operator;
    final Tracker tracker;
    final WorkloadMix mix;
    final Load load;

    PhaseRunner(
            BenchRun bench,
            BenchFleet fleet,
            OperatorProcess operator,
            Tracker tracker,
            WorkloadMix mix,
            Load load) {
        this.bench = bench;
        this.settings = bench.settings;
        this.story = bench.story;
        this.fleet = fleet;
        this.operator = operator;
        this.tracker = tracker;
        this.mix = mix;
        this.load = load;
    }

    boolean alive() {
        if (!operator.isAlive()) {
            story.problem("the operator exited; see %s", operator.log());
            return false;
        }
        return true;
    }

    /** A burst (perSecond 0) or a steady stream of {@code count} workloads. */
    void throughput(String id, String label, String kind, int count, int perSecond)
            throws InterruptedException {
        new ThroughputPhase(this).run(id, label, kind, count, perSecond);
    }

    /** Holds placed workloads and reads the operator's memory. */
    void hold(String label, String id, BenchFleet.Shape shape) throws InterruptedException {
        new HoldPhase(this).run(label, id, shape);
    }

    /** Applies workloads, waits until they are dispatched and deletes them: not measured. */
    void warmUp(int count) throws InterruptedException {
        story.say("");
        story.say("Warm-up: %,d workloads applied, placed and deleted (not measured)...", count);
        long t0 = System.nanoTime();
        List<WorkloadResource> workloads = mix.generate("warmup", count);
        Tracker.Run run = tracker.start("warmup", workloads);
        load.burst(workloads, run::created, settings.timeout());
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        if (!(run.awaitPlaced(deadline, operator::isAlive)
                && run.awaitDispatched(deadline, operator::isAlive))) {
            story.problem(
                    "warm-up: within %d s %,d of %,d placed, %,d dispatched",
                    settings.timeout().toSeconds(),
                    run.placedCount(),
                    count,
                    run.dispatchedCount());
        }
        cleanUp(run, workloads);
        story.say("  done in %.1f s.", (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The keys ({@link Tracker#key}) of the benchmark's workloads the hub holds now; null if
     * unknown.
     */
    private static java.util.Set<String> present(KubernetesClient hub) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (String kind : List.of("TrainingJob", "InferenceEndpoint")) {
            try {
                hub.genericKubernetesResources(dev.locus.api.v1alpha1.Groups.API_VERSION, kind)
                        .inAnyNamespace()
                        .list()
                        .getItems()
                        .forEach(w -> keys.add(Tracker.key(w)));
            } catch (KubernetesClientException e) {
                return null; // not listed: nothing is counted gone from it this time
            }
        }
        return keys;
    }

    /** What the CPU counters, the operator's threads and its metrics say now. */
    Snapshot snapshot(boolean start) {
        return Snapshot.take(operator, fleet.requests(), start);
    }

    /**
     * Deletes a phase's workloads and waits until they are gone (the operator removes their remote
     * objects first), then the Events recorded on them, so the next phase starts from the same hub.
     */
    void cleanUp(Tracker.Run run, List<WorkloadResource> workloads) throws InterruptedException {
        long t0 = System.nanoTime();
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        settings.threads(), BenchThreads.named("bench-delete"));
        KubernetesClient hub = fleet.hub();
        for (WorkloadResource w : workloads) {
            pool.execute(
                    () -> {
                        try {
                            hub.resource(w).delete();
                        } catch (KubernetesClientException e) {
                            // Counted as not gone below.
                        }
                    });
        }
        pool.shutdown();
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        pool.awaitTermination(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
        pool.shutdownNow();
        boolean gone = false;
        while (!gone && System.nanoTime() < deadline && operator.isAlive()) {
            gone =
                    run.awaitGone(
                            Math.min(deadline, System.nanoTime() + 10_000_000_000L), () -> true);
            if (!gone) {
                // A watch may have missed a deletion (it broke, and listed again after the
                // object went): what the hub lists is the last word.
                java.util.Set<String> present = present(hub);
                if (present != null) {
                    run.goneExcept(present);
                }
                gone = run.goneCount() == run.size();
            }
        }
        for (String ns : WorkloadMix.TEAMS) {
            try {
                hub.v1().events().inNamespace(ns).delete();
            } catch (KubernetesClientException e) {
                // Left behind: the next phase starts with more objects on the hub.
            }
        }
        tracker.forget(run);
        settle();
        if (gone) {
            story.say(
                    "  cleaned up (workloads deleted, remote objects removed) in %.1f s.",
                    (System.nanoTime() - t0) / 1e9);
        } else {
            story.problem(
                    "%s: only %,d of %,d workloads were gone within %d s of their deletion; the next phase starts with more on the hub",
                    run.phase, run.goneCount(), run.size(), settings.timeout().toSeconds());
        }
    }

    /**
     * Waits until the operator used under 5 % of a core for half a second: at most 15 s (2 s with
     * --quick).
     */
    void settle() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(settings.quick() ? 2 : 15).toNanos();
        long last = operator.usage().cpuMillis();
        while (System.nanoTime() < deadline && operator.isAlive()) {
            Thread.sleep(500);
            long now = operator.usage().cpuMillis();
            if (now - last <= 25) {
                return;
            }
            last = now;
        }
    }

    /** The operator's resident memory in MiB, or null when it cannot be read. */
    Long rssMiB() {
        long kib = operator.usage().rssKiB();
        return kib < 0 ? null : Math.round(kib / 1024.0);
    }
}
