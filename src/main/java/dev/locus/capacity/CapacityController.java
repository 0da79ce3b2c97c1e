package dev.locus.capacity;

import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.GPUPoolStatus;
import dev.locus.fleet.MemberWatches;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Keeps every GPUPool's status true: capacity from the member cluster's nodes and pods (seen
 * through watches) and Locus' reservations. Changes are coalesced, so a burst of pod events costs
 * one recomputation, not one status write per pod; a timer recomputes now and then anyway. A status
 * is written only when it changed.
 */
public final class CapacityController implements AutoCloseable {

    /** Accelerators reserved per pool by placed workloads, and the uids of those workloads. */
    public record Reservations(Map<String, Integer> perPool, Map<String, Set<String>> holders) {}

    private static final Logger LOG = Logger.getLogger(CapacityController.class);

    /** How long changes are gathered before one recomputation. */
    static final Duration COALESCE = Duration.ofMillis(200);

    private final KubernetesClient hub;
    private final Supplier<List<GPUPool>> pools;
    private final Supplier<Reservations> reservations;
    private final MemberWatches watches;
    private final PoolCapacity capacity;
    private final Clock clock;
    private final Duration resync;
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile boolean started;
    private final List<Runnable> afterCycle = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "locus-capacity");
                        t.setDaemon(true);
                        return t;
                    });

    public CapacityController(
            KubernetesClient hub,
            Supplier<List<GPUPool>> pools,
            Supplier<Reservations> reservations,
            MemberWatches watches,
            PoolCapacity capacity,
            Clock clock,
            Duration resync) {
        this.hub = hub;
        this.pools = pools;
        this.reservations = reservations;
        this.watches = watches;
        this.capacity = capacity;
        this.clock = clock;
        this.resync = resync;
    }

    /** Runs after every recomputation (metrics). */
    public void afterCycle(Runnable listener) {
        afterCycle.add(listener);
    }

    public void start() {
        started = true;
        executor.scheduleWithFixedDelay(
                this::requestCycle, resync.toMillis(), resync.toMillis(), TimeUnit.MILLISECONDS);
        requestCycle();
    }

    /** Asks for a recomputation soon; requests meanwhile are folded into it. */
    public void requestCycle() {
        // Changes seen while the caches fill up are covered by the first cycle after start.
        if (started && queued.compareAndSet(false, true) && !executor.isShutdown()) {
            executor.schedule(
                    () -> {
                        queued.set(false);
                        try {
                            cycle();
                        } catch (RuntimeException e) {
                            LOG.error("Capacity recomputation failed", e);
                        }
                    },
                    COALESCE.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Recomputes every pool's status now and writes those that changed. */
    public void cycle() {
        Reservations reserved = reservations.get();
        for (GPUPool pool : pools.get()) {
            String cluster = pool.getSpec() == null ? null : pool.getSpec().getCluster();
            if (cluster == null) {
                continue;
            }
            GPUPoolStatus next =
                    capacity.compute(
                            pool,
                            watches.sees(cluster),
                            watches.nodes(cluster),
                            watches.pods(cluster),
                            reserved.perPool().getOrDefault(pool.getMetadata().getName(), 0),
                            reserved.holders().getOrDefault(pool.getMetadata().getName(), Set.of()),
                            clock.instant());
            if (same(pool.getStatus(), next)) {
                continue;
            }
            GPUPool copy = Serialization.clone(pool);
            copy.setStatus(next);
            try {
                hub.resource(copy).updateStatus();
            } catch (KubernetesClientException e) {
                // A pool deleted or changed meanwhile: the next cycle sees the new state.
                LOG.debugf(
                        "Could not update GPUPool %s status: %s",
                        pool.getMetadata().getName(), e.getMessage());
            }
        }
        afterCycle.forEach(Runnable::run);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Serialization.jsonMapper()
                .valueToTree(a)
                .equals(Serialization.jsonMapper().valueToTree(b));
    }
}
