package dev.locus.cli.demo.bench;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.PlacementStatus;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.api.v1alpha1.WorkloadStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Applies workloads to the hub with a fixed number of client threads: as fast as they go (a burst),
 * or each at its time in a schedule of so many per second (steady, open loop: a slow answer does
 * not delay the next create). Every create is timed from just before the request.
 */
final class Load {

    /**
     * What a load did: how many creates succeeded, failed, and when the first began, last ended.
     */
    record Outcome(
            int applied,
            int failed,
            long firstStart,
            long lastEnd,
            String firstError,
            boolean finished) {
        double seconds() {
            return applied == 0 ? 0 : (lastEnd - firstStart) / 1e9;
        }
    }

    /** Called with each workload and the time its create began (System.nanoTime). */
    interface Created {
        void created(WorkloadResource w, long nanos);
    }

    private final KubernetesClient hub;
    private final int threads;

    Load(KubernetesClient hub, int threads) {
        this.hub = hub;
        this.threads = threads;
    }

    /** Creates every workload, {@code threads} at a time, until done or the time is up. */
    Outcome burst(List<WorkloadResource> workloads, Created created, Duration timeout)
            throws InterruptedException {
        return run(workloads, created, 0, timeout, false);
    }

    /** Creates the workloads at {@code perSecond}, workload i at start + i / perSecond. */
    Outcome steady(
            List<WorkloadResource> workloads, Created created, double perSecond, Duration timeout)
            throws InterruptedException {
        return run(workloads, created, perSecond, timeout, false);
    }

    /**
     * The bare-client ceiling: creates every workload and writes one status (a placement, as the
     * scheduler's decision writer does) on each, {@code threads} at a time, with no operator
     * involved. The outcome ends at the last status write.
     */
    Outcome createAndWriteStatus(List<WorkloadResource> workloads, Duration timeout)
            throws InterruptedException {
        return run(workloads, (w, t) -> {}, 0, timeout, true);
    }

    private Outcome run(
            List<WorkloadResource> workloads,
            Created created,
            double perSecond,
            Duration timeout,
            boolean writeStatus)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger applied = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        AtomicLong last = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        ExecutorService pool =
                Executors.newFixedThreadPool(threads, BenchThreads.named("bench-client"));
        for (int t = 0; t < threads; t++) {
            pool.execute(
                    () -> {
                        while (true) {
                            int i = next.getAndIncrement();
                            if (i >= workloads.size() || System.nanoTime() > deadline) {
                                return;
                            }
                            if (perSecond > 0) {
                                long due = start + (long) (i * 1e9 / perSecond);
                                while (System.nanoTime() < due) {
                                    LockSupport.parkNanos(due - System.nanoTime());
                                }
                            }
                            WorkloadResource w = workloads.get(i);
                            long began = System.nanoTime();
                            first.accumulateAndGet(began, Math::min);
                            created.created(w, began);
                            try {
                                WorkloadResource made = hub.resource(w).create();
                                if (writeStatus) {
                                    hub.resource(made.withStatus(placed(made))).updateStatus();
                                }
                                applied.incrementAndGet();
                                last.accumulateAndGet(System.nanoTime(), Math::max);
                            } catch (KubernetesClientException e) {
                                failed.incrementAndGet();
                                firstError.compareAndSet(
                                        null, w.getMetadata().getName() + ": " + e.getMessage());
                            }
                        }
                    });
        }
        pool.shutdown();
        boolean finished =
                pool.awaitTermination(
                        timeout.toNanos() + Duration.ofSeconds(30).toNanos(), TimeUnit.NANOSECONDS);
        if (!finished) {
            pool.shutdownNow();
        }
        return new Outcome(
                applied.get(),
                failed.get(),
                first.get() == Long.MAX_VALUE ? start : first.get(),
                last.get(),
                firstError.get(),
                finished && applied.get() + failed.get() == workloads.size());
    }

    /** A status such as the scheduler writes: Placed on a pool, with the Placed condition. */
    static WorkloadStatus placed(WorkloadResource w) {
        WorkloadStatus status = w.newStatus();
        status.setPhase(WorkloadPhase.PLACED);
        PlacementStatus placement = new PlacementStatus();
        placement.setZone(w.getSpec().getData() == null ? null : w.getSpec().getData().getZone());
        Assignment a = new Assignment();
        a.setCluster("ceiling-1");
        a.setPool("ceiling-1-h100");
        a.setReplicas(1);
        a.setAccelerators(1);
        a.setLatencyMs(1.0);
        placement.setAssignments(List.of(a));
        String now = Instant.now().toString();
        placement.setDecidedAt(now);
        placement.setPolicy(
                "optimizeFor=cost; 16/16 pools feasible; chose ceiling-1-h100 (2.10/h)");
        status.setPlacement(placement);
        Conditions.set(
                status.getConditions(),
                WorkloadStatus.PLACED,
                true,
                "Placed",
                "placed on ceiling-1/ceiling-1-h100",
                1L,
                Instant.now());
        status.setObservedGeneration(1L);
        return status;
    }
}
