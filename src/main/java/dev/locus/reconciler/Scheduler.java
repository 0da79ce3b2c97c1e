package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.WorkloadSpec;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.inventory.InventoryMapper;
import dev.locus.placement.Decision;
import dev.locus.placement.LatencyCache;
import dev.locus.placement.PlacementEngine;
import dev.locus.placement.Snapshot;
import dev.locus.placement.Workload;
import dev.locus.placement.WorkloadOrder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Decides pending workloads, one pass at a time on one thread: read one snapshot of the fleet from
 * the hub's caches, let the engine decide every pending workload in order (each decision consuming
 * capacity), then write the decisions to status. Passes are requested by any change in the hub and
 * coalesce; a timer runs one now and then as a safety net.
 *
 * <p>Two workloads can never take the same accelerators: passes never overlap, and a ledger
 * remembers every placement written until the caches show it, so a pass that starts before the
 * cache catches up still counts the reservation.
 */
public final class Scheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Scheduler.class);

    /** One scheduling pass: what it decided, how long each decision and the pass took. */
    public record Pass(List<Decision> decisions, List<Duration> decisionTimes, Duration elapsed) {}

    private record Reservation(String decidedAt, List<Assignment> assignments) {}

    private final KubernetesClient hub;
    private final HubView cache;
    private final Clock clock;
    private final EventRecorder events;
    private final Duration resync;
    private final LatencyCache latencies = new LatencyCache();
    private final Map<String, Reservation> ledger = new ConcurrentHashMap<>();
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile boolean started;
    private final List<Consumer<Pass>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "locus-scheduler");
                        t.setDaemon(true);
                        return t;
                    });

    public Scheduler(
            KubernetesClient hub,
            HubView cache,
            Clock clock,
            EventRecorder events,
            Duration resync) {
        this.hub = hub;
        this.cache = cache;
        this.clock = clock;
        this.events = events;
        this.resync = resync;
    }

    /** Called after every pass (metrics). */
    public void onPass(Consumer<Pass> listener) {
        listeners.add(listener);
    }

    public void start() {
        started = true;
        executor.scheduleWithFixedDelay(
                this::requestPass, resync.toMillis(), resync.toMillis(), TimeUnit.MILLISECONDS);
        requestPass();
    }

    /** Asks for a pass; requests made while one is queued are folded into it. */
    public void requestPass() {
        if (started && queued.compareAndSet(false, true) && !executor.isShutdown()) {
            executor.execute(
                    () -> {
                        queued.set(false);
                        passStartedNanos = System.nanoTime();
                        try {
                            runPass();
                        } catch (RuntimeException e) {
                            // A bug must not stop scheduling for everyone: log and retry later.
                            LOG.error("Scheduling pass failed", e);
                        } finally {
                            passStartedNanos = 0;
                        }
                    });
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** A pass running for longer than this means the scheduler is stuck. */
    static final Duration STUCK = Duration.ofMinutes(5);

    private volatile long passStartedNanos;

    /** False when a pass has been running for more than five minutes, or scheduling stopped. */
    public boolean isHealthy() {
        long started = passStartedNanos;
        boolean stuck = started != 0 && System.nanoTime() - started > STUCK.toNanos();
        return !executor.isShutdown() && !stuck;
    }

    /** Accelerators reserved by placed workloads, per pool, as the scheduler counts them. */
    public Map<String, Integer> reservedPerPool() {
        if (!cache.isSynced()) {
            return Map.of();
        }
        return reservations(Workloads.all(cache));
    }

    /** Runs one pass now, on the caller's thread (the scheduler thread, or a test). */
    public synchronized Pass runPass() {
        if (!cache.isSynced()) {
            return new Pass(List.of(), List.of(), Duration.ZERO);
        }
        Instant start = clock.instant();
        long started = System.nanoTime();
        var workloads = Workloads.all(cache);
        // Placed workloads on clusters that stayed not Ready past their toleration move: they
        // are decided again, without their old reservation, like pending ones.
        Map<String, List<String>> failover =
                Failover.lostClusters(workloads, cache.clusters(), start);
        failover.keySet().removeIf(ledger::containsKey);
        Map<String, Integer> reserved = reservations(workloads, failover.keySet());
        Snapshot snapshot =
                InventoryMapper.snapshot(
                        cache.zones(),
                        cache.clusters(),
                        cache.pools(),
                        InventoryMapper.READY_WHEN_PROBED,
                        p ->
                                Math.max(
                                        0,
                                        baseCapacity(p)
                                                - reserved.getOrDefault(
                                                        p.getMetadata().getName(), 0)));

        Map<Workload, CustomResource<? extends WorkloadSpec, ? extends WorkloadStatus>> pending =
                new HashMap<>();
        long sequence = 0;
        for (var w : workloads) {
            String uid = w.getMetadata().getUid();
            boolean waiting = Workloads.awaitsDecision(w) && !ledger.containsKey(uid);
            if (waiting || failover.containsKey(uid)) {
                pending.put(Workloads.toEngine(w, sequence++), w);
            }
        }
        if (pending.isEmpty()) {
            return new Pass(List.of(), List.of(), Duration.ZERO);
        }
        PlacementEngine engine =
                new PlacementEngine(snapshot, PlacementEngine.Explain.FAILURES, latencies);
        List<Workload> ordered = new ArrayList<>(pending.keySet());
        ordered.sort(WorkloadOrder.INSTANCE);
        List<Decision> decisions = new ArrayList<>(ordered.size());
        List<Duration> times = new ArrayList<>(ordered.size());
        for (Workload w : ordered) {
            long t0 = System.nanoTime();
            decisions.add(engine.decide(w));
            times.add(Duration.ofNanos(System.nanoTime() - t0));
        }
        for (Decision d : decisions) {
            var w = pending.get(d.workload());
            List<String> lost = failover.get(w.getMetadata().getUid());
            if (lost == null) {
                write(w, d, start);
            } else {
                failOver(w, d, lost, start);
            }
        }
        Pass pass = new Pass(decisions, times, Duration.ofNanos(System.nanoTime() - started));
        listeners.forEach(l -> l.accept(pass));
        return pass;
    }

    /**
     * What a pool offers before Locus' own reservations: allocatable less what other pods use, from
     * the capacity controller's status; the declared spec.capacity until there is one.
     */
    static int baseCapacity(GPUPool pool) {
        var status = pool.getStatus();
        if (status != null
                && status.getCapacity() != null
                && status.getCapacity().getAllocatable() != null) {
            int others =
                    status.getCapacity().getUsedByOthers() == null
                            ? 0
                            : status.getCapacity().getUsedByOthers();
            return Math.max(0, status.getCapacity().getAllocatable() - others);
        }
        Integer declared = pool.getSpec() == null ? null : pool.getSpec().getCapacity();
        return declared == null ? 0 : declared;
    }

    private Map<String, Integer> reservations(
            List<CustomResource<? extends WorkloadSpec, ? extends WorkloadStatus>> workloads) {
        return reservations(workloads, Set.of());
    }

    /** Accelerators held per pool, leaving out the workloads in {@code excluded}. */
    private Map<String, Integer> reservations(
            List<CustomResource<? extends WorkloadSpec, ? extends WorkloadStatus>> workloads,
            Set<String> excluded) {
        Map<String, CustomResource<?, ? extends WorkloadStatus>> byUid = new HashMap<>();
        workloads.forEach(w -> byUid.put(w.getMetadata().getUid(), w));
        ledger.keySet().removeIf(uid -> !byUid.containsKey(uid));
        Map<String, Integer> reserved = new HashMap<>();
        for (var w : workloads) {
            String uid = w.getMetadata().getUid();
            if (excluded.contains(uid)) {
                continue;
            }
            Reservation written = ledger.get(uid);
            WorkloadStatus status = w.getStatus();
            boolean cacheCaughtUp =
                    written != null
                            && status != null
                            && status.getPlacement() != null
                            && written.decidedAt().equals(status.getPlacement().getDecidedAt());
            if (cacheCaughtUp) {
                ledger.remove(uid);
                written = null;
            }
            List<Assignment> assignments = null;
            if (written != null) {
                assignments = written.assignments();
            } else if (status != null
                    && status.getPhase() != null
                    && status.getPhase().holdsReservation()
                    && status.getPlacement() != null) {
                assignments = status.getPlacement().getAssignments();
            }
            if (assignments != null) {
                for (Assignment a : assignments) {
                    if (a.getPool() != null && a.getAccelerators() != null) {
                        reserved.merge(a.getPool(), a.getAccelerators(), Integer::sum);
                    }
                }
            }
        }
        return reserved;
    }

    private void write(
            CustomResource<? extends WorkloadSpec, ? extends WorkloadStatus> w,
            Decision d,
            Instant now) {
        long generation =
                w.getMetadata().getGeneration() == null ? 0 : w.getMetadata().getGeneration();
        WorkloadStatus next = DecisionStatus.apply(Workloads.copyOfStatus(w), d, generation, now);
        if (!d.placed() && StatusDiff.same(w.getStatus(), next)) {
            return; // still Unschedulable for the same reasons: nothing to write
        }
        if (d.placed()) {
            ledger.put(
                    w.getMetadata().getUid(),
                    new Reservation(
                            next.getPlacement().getDecidedAt(),
                            next.getPlacement().getAssignments()));
        }
        if (!updateStatus(w, next)) {
            ledger.remove(w.getMetadata().getUid());
            return;
        }
        if (d.placed()) {
            events.normal(w, "Placed", d.policy());
        } else {
            events.warning(w, d.reason().code(), d.message());
        }
    }

    /**
     * Writes the outcome of re-deciding a workload whose cluster was lost. Placed: the new
     * placement replaces the old (the reconciler dispatches it; the stale copy is removed when the
     * lost cluster answers again). Not placed: it stays where it is, saying why it cannot move;
     * restricted data is never moved anywhere non-compliant, because the engine decided.
     */
    private void failOver(
            CustomResource<? extends WorkloadSpec, ? extends WorkloadStatus> w,
            Decision d,
            List<String> lost,
            Instant now) {
        long generation =
                w.getMetadata().getGeneration() == null ? 0 : w.getMetadata().getGeneration();
        String why =
                "cluster " + String.join(", ", lost) + " not Ready past failover.tolerationSeconds";
        WorkloadStatus next = Workloads.copyOfStatus(w);
        if (d.placed()) {
            DecisionStatus.apply(next, d, generation, now);
            next.setRestarts((next.getRestarts() == null ? 0 : next.getRestarts()) + 1);
            String message = "moved: " + why + "; " + d.message();
            next.setMessage(message);
            Conditions.set(
                    next.getConditions(),
                    WorkloadStatus.PLACED,
                    true,
                    "FailedOver",
                    message,
                    generation,
                    now);
            Conditions.set(
                    next.getConditions(),
                    WorkloadStatus.DISPATCHED,
                    false,
                    "FailingOver",
                    "dispatching to the new placement",
                    generation,
                    now);
            ledger.put(
                    w.getMetadata().getUid(),
                    new Reservation(
                            next.getPlacement().getDecidedAt(),
                            next.getPlacement().getAssignments()));
            if (updateStatus(w, next, Workloads::holdsReservation)) {
                events.warning(w, "FailedOver", message);
            } else {
                ledger.remove(w.getMetadata().getUid());
            }
            return;
        }
        next.setMessage("failover pending (" + why + "): " + d.message());
        if (!StatusDiff.same(w.getStatus(), next)
                && updateStatus(w, next, Workloads::holdsReservation)) {
            events.warning(w, "FailoverPending", next.getMessage());
        }
    }

    private boolean updateStatus(CustomResource<?, ?> w, WorkloadStatus next) {
        return updateStatus(w, next, Workloads::awaitsDecision);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private boolean updateStatus(
            CustomResource w,
            WorkloadStatus next,
            java.util.function.Predicate<CustomResource<?, ? extends WorkloadStatus>>
                    stillApplies) {
        CustomResource copy = Serialization.clone(w);
        copy.setStatus(next);
        try {
            hub.resource(copy).updateStatus();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false; // deleted meanwhile
            }
            if (e.getCode() != 409) {
                LOG.warnf(
                        "Could not write the decision for %s: %s",
                        Workloads.key(w), e.getMessage());
                requestPass();
                return false;
            }
        }
        // Conflict: something else changed the object (a finalizer, a label). Retry on the
        // latest version, unless it no longer waits for a decision.
        CustomResource latest = (CustomResource) hub.resource(w).get();
        if (latest == null || !stillApplies.test(latest)) {
            return false;
        }
        latest.setStatus(next);
        try {
            hub.resource(latest).updateStatus();
            return true;
        } catch (KubernetesClientException e) {
            requestPass();
            return false;
        }
    }
}
