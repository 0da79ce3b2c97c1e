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
import dev.locus.placement.Pool;
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

    /** A placement this scheduler wrote, until the caches show it. */
    private record Reservation(String decidedAt, List<Assignment> assignments, Instant writtenAt) {
        boolean shownBy(WorkloadStatus status) {
            return status != null
                    && status.getPlacement() != null
                    && decidedAt.equals(status.getPlacement().getDecidedAt())
                    && same(assignments, status.getPlacement().getAssignments());
        }

        private static boolean same(List<Assignment> a, List<Assignment> b) {
            if (b == null || a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!java.util.Objects.equals(a.get(i).getPool(), b.get(i).getPool())
                        || !java.util.Objects.equals(
                                a.get(i).getAccelerators(), b.get(i).getAccelerators())) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Reservations held for workloads and pools, as one pass counts them. */
    public record Held(Map<String, Integer> perPool, Map<String, Set<String>> workloadsPerPool) {}

    /**
     * How long a written placement counts while the caches do not show it. Past this the write is
     * taken to have failed, and the workload is decided again.
     */
    static final Duration LEDGER_TTL = Duration.ofMinutes(2);

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
        return held().perPool();
    }

    /** Reservations per pool, and which workloads (by uid) hold them; reads, never prunes. */
    public Held held() {
        if (!cache.isSynced()) {
            return new Held(Map.of(), Map.of());
        }
        return reservations(Workloads.all(cache), Set.of(), false);
    }

    /** Runs one pass now, on the caller's thread (the scheduler thread, or a test). */
    public synchronized Pass runPass() {
        if (!cache.isSynced()) {
            return new Pass(List.of(), List.of(), Duration.ZERO);
        }
        Instant start = clock.instant();
        long started = System.nanoTime();
        var workloads = Workloads.all(cache);
        // Zones and clusters first: which placed workloads must move decides whose reservations
        // the pools' free capacity leaves out.
        Snapshot fleet =
                InventoryMapper.snapshot(
                        cache.zones(),
                        cache.clusters(),
                        List.of(),
                        InventoryMapper.READY_WHEN_PROBED,
                        p -> 0);
        // Placed workloads on clusters lost past their toleration, or that may no longer hold
        // their data, are decided again, without their old reservation, like pending ones.
        Map<String, Failover.Move> moves =
                Failover.moves(
                        workloads,
                        cache.clusters(),
                        new PlacementEngine(fleet, PlacementEngine.Explain.FAILURES, latencies),
                        start);
        moves.keySet().removeIf(ledger::containsKey);
        Map<String, Integer> reserved = reservations(workloads, moves.keySet(), true).perPool();

        Map<Workload, CustomResource<? extends WorkloadSpec, ? extends WorkloadStatus>> pending =
                new HashMap<>();
        long sequence = 0;
        for (var w : workloads) {
            String uid = w.getMetadata().getUid();
            boolean waiting = Workloads.awaitsDecision(w) && !ledger.containsKey(uid);
            if (waiting || moves.containsKey(uid)) {
                pending.put(Workloads.toEngine(w, sequence++), w);
            }
        }
        if (pending.isEmpty()) {
            return new Pass(List.of(), List.of(), Duration.ZERO);
        }
        Snapshot snapshot = new Snapshot(fleet.zones(), fleet.sites(), pools(reserved));
        PlacementEngine engine =
                new PlacementEngine(snapshot, PlacementEngine.Explain.FAILURES, latencies);
        // Running work first: moves are decided before new work, and a failover that finds no
        // new home keeps what it holds on its healthy clusters before anything else is decided.
        List<Workload> ordered = new ArrayList<>(pending.keySet());
        ordered.sort(
                java.util.Comparator.comparing(
                                (Workload w) ->
                                        !moves.containsKey(pending.get(w).getMetadata().getUid()))
                        .thenComparing(WorkloadOrder.INSTANCE));
        List<Decision> decisions = new ArrayList<>(ordered.size());
        List<Duration> times = new ArrayList<>(ordered.size());
        for (Workload w : ordered) {
            var resource = pending.get(w);
            long t0 = System.nanoTime();
            Decision d;
            try {
                d = engine.decide(w);
            } catch (RuntimeException e) {
                // One bad workload must not stop scheduling for all the others.
                LOG.errorf(e, "Could not decide %s", Workloads.key(resource));
                continue;
            }
            times.add(Duration.ofNanos(System.nanoTime() - t0));
            decisions.add(d);
            Failover.Move move = moves.get(resource.getMetadata().getUid());
            // Data outside its zone keeps nothing; a failover keeps its healthy clusters.
            if (move != null && !move.outsideZone() && !d.placed()) {
                for (Assignment a : resource.getStatus().getPlacement().getAssignments()) {
                    if (!move.clusters().contains(a.getCluster()) && a.getAccelerators() != null) {
                        engine.reserve(a.getPool(), a.getAccelerators());
                    }
                }
            }
        }
        for (Decision d : decisions) {
            var w = pending.get(d.workload());
            Failover.Move move = moves.get(w.getMetadata().getUid());
            if (move == null) {
                write(w, d, start);
            } else {
                move(w, d, move, start);
            }
        }
        Pass pass = new Pass(decisions, times, Duration.ofNanos(System.nanoTime() - started));
        listeners.forEach(l -> l.accept(pass));
        return pass;
    }

    /** The pools as a pass sees them: what each offers less what placed workloads hold. */
    private List<Pool> pools(Map<String, Integer> reserved) {
        return cache.pools().stream()
                .map(
                        p -> {
                            int held = reserved.getOrDefault(p.getMetadata().getName(), 0);
                            return InventoryMapper.pool(p, Math.max(0, baseCapacity(p) - held));
                        })
                .toList();
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

    /**
     * Accelerators held per pool, leaving out the workloads in {@code excluded}. Only the
     * scheduler's own pass prunes the ledger (entries the caches now show, or that expired).
     */
    private Held reservations(
            List<CustomResource<? extends WorkloadSpec, ? extends WorkloadStatus>> workloads,
            Set<String> excluded,
            boolean prune) {
        Map<String, CustomResource<?, ? extends WorkloadStatus>> byUid = new HashMap<>();
        workloads.forEach(w -> byUid.put(w.getMetadata().getUid(), w));
        Instant now = clock.instant();
        if (prune) {
            ledger.entrySet()
                    .removeIf(
                            e ->
                                    !byUid.containsKey(e.getKey())
                                            || e.getValue()
                                                    .shownBy(byUid.get(e.getKey()).getStatus())
                                            || e.getValue()
                                                    .writtenAt()
                                                    .plus(LEDGER_TTL)
                                                    .isBefore(now));
        }
        Map<String, Integer> reserved = new HashMap<>();
        Map<String, Set<String>> holders = new HashMap<>();
        for (var w : workloads) {
            String uid = w.getMetadata().getUid();
            if (excluded.contains(uid)) {
                continue;
            }
            Reservation written = ledger.get(uid);
            WorkloadStatus status = w.getStatus();
            if (written != null && written.shownBy(status)) {
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
                        holders.computeIfAbsent(a.getPool(), k -> new java.util.HashSet<>())
                                .add(uid);
                    }
                }
            }
        }
        return new Held(reserved, holders);
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
            remember(w, next, now);
        }
        Written written = updateStatus(w, next, Workloads::awaitsDecision);
        if (written != Written.YES) {
            if (written == Written.NO) {
                ledger.remove(w.getMetadata().getUid());
            }
            return;
        }
        if (d.placed()) {
            events.normal(w, "Placed", d.policy());
        } else {
            events.warning(w, d.reason().code(), d.message());
        }
    }

    /**
     * Writes the outcome of re-deciding a workload that must leave some clusters. Placed: the new
     * placement replaces the old (the reconciler dispatches it; the stale copy is removed when the
     * old cluster answers). Not placed after a failover: it stays where it is, saying why it cannot
     * move. Not placed when its data may no longer stay: it is withdrawn, Unschedulable, and its
     * copies are removed. Restricted data never goes anywhere non-compliant: the engine decided.
     */
    private void move(
            CustomResource<? extends WorkloadSpec, ? extends WorkloadStatus> w,
            Decision d,
            Failover.Move move,
            Instant now) {
        long generation =
                w.getMetadata().getGeneration() == null ? 0 : w.getMetadata().getGeneration();
        String why = move.why();
        String reason = move.outsideZone() ? "OutsideSovereigntyZone" : "FailedOver";
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
                    reason,
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
            remember(w, next, now);
            Written written = updateStatus(w, next, Workloads::holdsReservation);
            if (written == Written.YES) {
                events.warning(w, reason, message);
            } else if (written == Written.NO) {
                ledger.remove(w.getMetadata().getUid());
            }
            return;
        }
        if (move.outsideZone()) {
            DecisionStatus.apply(next, d, generation, now);
            String message = "withdrawn: " + why + "; " + d.message();
            next.setMessage(message);
            Conditions.set(
                    next.getConditions(),
                    WorkloadStatus.DISPATCHED,
                    false,
                    "Withdrawn",
                    "remote objects are removed from " + String.join(", ", move.clusters()),
                    generation,
                    now);
            if (updateStatus(w, next, Workloads::holdsReservation) == Written.YES) {
                events.warning(w, reason, message);
            }
            return;
        }
        next.setMessage("failover pending (" + why + "): " + d.message());
        if (!StatusDiff.same(w.getStatus(), next)
                && updateStatus(w, next, Workloads::holdsReservation) == Written.YES) {
            events.warning(w, "FailoverPending", next.getMessage());
        }
    }

    private void remember(CustomResource<?, ?> w, WorkloadStatus next, Instant now) {
        ledger.put(
                w.getMetadata().getUid(),
                new Reservation(
                        next.getPlacement().getDecidedAt(),
                        next.getPlacement().getAssignments(),
                        now));
    }

    /** Whether a status write took effect: yes, no, or unknown (a timeout, say). */
    private enum Written {
        YES,
        NO,
        UNKNOWN
    }

    /**
     * Writes a decision. On a conflict it retries once on the latest version, but only if that is
     * still the spec the decision was made for (same generation) and still in the state the
     * decision applies to; otherwise the next pass decides again.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Written updateStatus(
            CustomResource w,
            WorkloadStatus next,
            java.util.function.Predicate<CustomResource<?, ? extends WorkloadStatus>>
                    stillApplies) {
        CustomResource copy = Serialization.clone(w);
        copy.setStatus(next);
        try {
            hub.resource(copy).updateStatus();
            return Written.YES;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Written.NO; // deleted meanwhile
            }
            if (e.getCode() != 409) {
                LOG.warnf(
                        "Could not write the decision for %s: %s",
                        Workloads.key(w), e.getMessage());
                requestPass();
                // No HTTP answer (a timeout): the write may have happened. The ledger keeps the
                // reservation until the caches show it or it expires.
                return e.getCode() == 0 ? Written.UNKNOWN : Written.NO;
            }
        }
        try {
            CustomResource latest = (CustomResource) hub.resource(w).get();
            if (latest == null
                    || !java.util.Objects.equals(
                            latest.getMetadata().getGeneration(), w.getMetadata().getGeneration())
                    || !stillApplies.test(latest)) {
                requestPass();
                return Written.NO;
            }
            latest.setStatus(next);
            hub.resource(latest).updateStatus();
            return Written.YES;
        } catch (KubernetesClientException e) {
            requestPass();
            return e.getCode() == 0 ? Written.UNKNOWN : Written.NO;
        }
    }
}
