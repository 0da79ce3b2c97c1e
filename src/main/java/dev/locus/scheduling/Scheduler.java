package dev.locus.scheduling;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Condition;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.LocusResource;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.api.v1alpha1.Workloads;
import dev.locus.hub.HubCache;
import dev.locus.hub.HubStore;
import dev.locus.inventory.InventoryMapper;
import dev.locus.placement.Decision;
import dev.locus.placement.LatencyCache;
import dev.locus.placement.PlacementEngine;
import dev.locus.placement.Pool;
import dev.locus.placement.Snapshot;
import dev.locus.placement.Sovereignty;
import dev.locus.placement.Workload;
import dev.locus.placement.WorkloadOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Decides pending workloads, one pass at a time on one thread: read one snapshot of the fleet from
 * the hub cache, let the engine decide the workloads that wait in order (each decision consuming
 * capacity), and hand each decision to the {@link DecisionWriter} as soon as it is made. Passes are
 * requested by changes that may change an answer and coalesce ({@link SerialLoop}); a timer runs
 * one now and then as a safety net.
 *
 * <p>A pass costs what changed, not the size of the fleet's history: workloads that wait are kept
 * in an index as the cache changes; one found Unschedulable is set aside until capacity may have
 * grown (a capacity epoch that zones, clusters, pools and released reservations move on) or its
 * spec changes; placed workloads are checked for failover and sovereignty only when a zone or their
 * cluster changed, or while their cluster is not Ready. Writes never hold a pass up.
 *
 * <p>Two workloads never take the same accelerators: passes never overlap, and the {@link
 * ReservationLedger} counts every placement written until the cache shows it.
 */
public final class Scheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Scheduler.class);

    /** One scheduling pass: what it decided, how long each decision and the pass took. */
    public record Pass(List<Decision> decisions, List<Duration> decisionTimes, Duration elapsed) {
        static final Pass EMPTY = new Pass(List.of(), List.of(), Duration.ZERO);
    }

    /** A workload found Unschedulable: set aside until its spec or the capacity epoch moves. */
    private record Parked(long generation, long epoch) {}

    private final HubCache hub;
    private final ReservationLedger ledger;
    private final DecisionWriter writer;
    private final Clock clock;
    private final SerialLoop loop;
    private final LatencyCache latencies = new LatencyCache();
    private final Map<String, WorkloadResource> pending = new ConcurrentHashMap<>();
    private final Map<String, WorkloadResource> placed = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> placedByCluster = new ConcurrentHashMap<>();
    private final Map<String, Parked> parked = new ConcurrentHashMap<>();
    private final Set<String> writing = ConcurrentHashMap.newKeySet();
    private final AtomicLong capacityEpoch = new AtomicLong();
    private final AtomicBoolean recheckAll = new AtomicBoolean(true);
    private final Set<String> clustersToRecheck = ConcurrentHashMap.newKeySet();
    private final List<Consumer<Pass>> listeners = new CopyOnWriteArrayList<>();
    // Informer threads of two kinds update the indexes; a pass only reads them.
    private final Object indexes = new Object();

    public Scheduler(
            HubCache hub,
            ReservationLedger ledger,
            DecisionWriter writer,
            Clock clock,
            Duration resync) {
        this.hub = hub;
        this.ledger = ledger;
        this.writer = writer;
        this.clock = clock;
        this.loop = new SerialLoop("locus-scheduler", resync, this::runPassSafely);
        follow(hub.trainingJobs());
        follow(hub.inferenceEndpoints());
        hub.zones()
                .onChange(
                        (before, after) -> {
                            recheckAll.set(true);
                            capacityMayHaveGrown();
                        });
        hub.clusters().onChange(this::clusterChanged);
        hub.pools().onChange(this::poolChanged);
        ledger.onRelease(pool -> capacityMayHaveGrown());
    }

    /** Called after every pass (metrics). */
    public void onPass(Consumer<Pass> listener) {
        listeners.add(listener);
    }

    /** Starts passes: now, on request, and every resync interval. */
    public void start() {
        loop.start();
    }

    /** Asks for a pass; requests made while one is queued are folded into it. */
    public void requestPass() {
        loop.request();
    }

    /** False when a pass has been running for too long, or scheduling stopped. */
    public boolean isHealthy() {
        return loop.isHealthy();
    }

    /** Status writes handed to the writer and not finished yet (placements and others). */
    public int writesInFlight() {
        return writing.size();
    }

    @Override
    public void close() {
        loop.close();
    }

    /** Workloads waiting for a decision, by the reason they wait with ("Pending" if undecided). */
    public Map<String, Long> pendingByReason() {
        Map<String, Long> out = new HashMap<>();
        for (WorkloadResource w : pending.values()) {
            String why =
                    Workloads.phase(w) == WorkloadPhase.PENDING
                            ? "Pending"
                            : Conditions.find(w.getStatus().getConditions(), WorkloadStatus.PLACED)
                                    .map(Condition::getReason)
                                    .orElse("NoFeasiblePool");
            out.merge(why, 1L, Long::sum);
        }
        return out;
    }

    /** Runs one pass now, on the caller's thread (the scheduler's, or a test's). */
    public synchronized Pass runPass() {
        if (!hub.isSynced()) {
            return Pass.EMPTY;
        }
        Instant start = clock.instant();
        long started = System.nanoTime();
        long epoch = capacityEpoch.get();
        ledger.expire(start);
        // Objects that cannot be read whole are left out: an unreadable zone admits nothing, an
        // unreadable Cluster holds nothing (fail closed).
        List<Cluster> clusters = valid(hub.clusters().list());
        Snapshot fleet =
                InventoryMapper.snapshot(
                        valid(hub.zones().list()),
                        clusters,
                        List.of(),
                        InventoryMapper.READY_WHEN_PROBED,
                        p -> 0);
        Map<String, Relocations.Move> moves = relocations(clusters, fleet, start);

        Map<Workload, WorkloadResource> toDecide = new HashMap<>();
        long sequence = 0;
        for (WorkloadResource w : pending.values()) {
            if (waitsForThisPass(w, epoch)) {
                toDecide.put(InventoryMapper.workload(w, sequence++), w);
            }
        }
        for (String uid : moves.keySet()) {
            WorkloadResource w = placed.get(uid);
            if (w != null) {
                toDecide.put(InventoryMapper.workload(w, sequence++), w);
            }
        }
        if (toDecide.isEmpty()) {
            return Pass.EMPTY;
        }
        Snapshot snapshot = new Snapshot(fleet.zones(), fleet.sites(), pools(moves));
        PlacementEngine engine =
                new PlacementEngine(snapshot, PlacementEngine.Explain.FAILURES, latencies);
        // Running work first: moves are decided before new work, and a failover that finds no
        // new home keeps what it holds on its healthy clusters before anything else is decided.
        List<Workload> ordered = new ArrayList<>(toDecide.keySet());
        ordered.sort(
                Comparator.comparing(
                                (Workload w) ->
                                        !moves.containsKey(toDecide.get(w).getMetadata().getUid()))
                        .thenComparing(WorkloadOrder.INSTANCE));
        List<Decision> decisions = new ArrayList<>(ordered.size());
        List<Duration> times = new ArrayList<>(ordered.size());
        for (Workload w : ordered) {
            WorkloadResource resource = toDecide.get(w);
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
            Relocations.Move move = moves.get(resource.getMetadata().getUid());
            if (move == null) {
                track(resource, writer.decide(resource, d, start), d.placed() ? null : epoch);
                continue;
            }
            // Data outside its zone keeps nothing; a failover keeps its healthy clusters.
            if (!move.outsideZone() && !d.placed()) {
                for (Assignment a : resource.getStatus().getPlacement().getAssignments()) {
                    if (!move.clusters().contains(a.getCluster()) && a.getAccelerators() != null) {
                        engine.reserve(a.getPool(), a.getAccelerators());
                    }
                }
            }
            track(resource, writer.relocate(resource, d, move, start), null);
        }
        Pass pass = new Pass(decisions, times, Duration.ofNanos(System.nanoTime() - started));
        listeners.forEach(l -> l.accept(pass));
        return pass;
    }

    /**
     * Whether a waiting workload is decided in this pass: not while a decision for it is being
     * written, and not while it is set aside as Unschedulable with nothing changed since.
     */
    private boolean waitsForThisPass(WorkloadResource w, long epoch) {
        String uid = w.getMetadata().getUid();
        if (ledger.inFlight(uid) || writing.contains(uid)) {
            return false;
        }
        Parked p = parked.get(uid);
        return p == null || p.generation() != Workloads.generation(w) || p.epoch() != epoch;
    }

    /**
     * Follows a write to its end. An Unschedulable decision written (or already in status) sets the
     * workload aside at the pass' epoch; a write that did not take effect asks for a pass.
     */
    private void track(
            WorkloadResource w, CompletableFuture<DecisionWriter.Written> write, Long parkAt) {
        String uid = w.getMetadata().getUid();
        long generation = Workloads.generation(w);
        writing.add(uid);
        write.whenComplete(
                (written, error) -> {
                    writing.remove(uid);
                    boolean done =
                            error == null
                                    && (written == DecisionWriter.Written.YES
                                            || written == DecisionWriter.Written.UNCHANGED);
                    if (done && parkAt != null) {
                        parked.put(uid, new Parked(generation, parkAt));
                    } else if (!done) {
                        requestPass();
                    }
                });
    }

    /**
     * The placed workloads that must leave some cluster, among those worth checking now: all of
     * them after a zone changed, else those on clusters that changed or are not Ready.
     */
    private Map<String, Relocations.Move> relocations(
            List<Cluster> clusters, Snapshot fleet, Instant now) {
        Set<String> uids = new HashSet<>();
        if (recheckAll.getAndSet(false)) {
            clustersToRecheck.clear();
            uids.addAll(placed.keySet());
        } else {
            Set<String> names = new HashSet<>();
            for (String name : List.copyOf(clustersToRecheck)) {
                clustersToRecheck.remove(name);
                names.add(name);
            }
            // A cluster lost for less than a workload's toleration is checked again each pass.
            Set<String> known = new HashSet<>();
            for (Cluster c : clusters) {
                known.add(c.getMetadata().getName());
                if (!InventoryMapper.READY_WHEN_PROBED.test(c)) {
                    names.add(c.getMetadata().getName());
                }
            }
            // Workloads on clusters that no longer exist.
            for (String name : placedByCluster.keySet()) {
                if (!known.contains(name)) {
                    names.add(name);
                }
            }
            for (String name : names) {
                uids.addAll(placedByCluster.getOrDefault(name, Set.of()));
            }
        }
        if (uids.isEmpty()) {
            return Map.of();
        }
        List<WorkloadResource> candidates = new ArrayList<>(uids.size());
        for (String uid : uids) {
            WorkloadResource w = placed.get(uid);
            if (w != null && !ledger.inFlight(uid) && !writing.contains(uid)) {
                candidates.add(w);
            }
        }
        return Relocations.moves(
                candidates, clusters, new Sovereignty(fleet.zones(), fleet.sites()), now);
    }

    /**
     * The pools as a pass sees them: what each offers less what placed workloads hold, leaving out
     * what the workloads about to move hold.
     */
    private List<Pool> pools(Map<String, Relocations.Move> moves) {
        Map<String, Integer> movers = new HashMap<>();
        for (String uid : moves.keySet()) {
            for (ReservationLedger.Hold h : ledger.holdsOf(uid)) {
                movers.merge(h.pool(), h.accelerators(), Integer::sum);
            }
        }
        List<GPUPool> pools = valid(hub.pools().list());
        List<Pool> out = new ArrayList<>(pools.size());
        for (GPUPool p : pools) {
            String name = p.getMetadata().getName();
            int held = ledger.held(name) - movers.getOrDefault(name, 0);
            out.add(InventoryMapper.pool(p, Math.max(0, InventoryMapper.offered(p) - held)));
        }
        return out;
    }

    private static <T extends LocusResource<?, ?>> List<T> valid(List<T> objects) {
        return objects.stream().filter(LocusResource::isValid).toList();
    }

    private void runPassSafely() {
        try {
            runPass();
        } catch (RuntimeException e) {
            // A bug must not stop scheduling for everyone: log it; the next request retries.
            LOG.error("Scheduling pass failed", e);
        }
    }

    /** Something may fit now that did not: set-aside workloads are decided again. */
    private void capacityMayHaveGrown() {
        capacityEpoch.incrementAndGet();
        requestPass();
    }

    private void clusterChanged(Cluster before, Cluster after) {
        if (before != null
                && after != null
                && Objects.equals(
                        before.getMetadata().getGeneration(), after.getMetadata().getGeneration())
                && Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels())
                && Objects.equals(ready(before), ready(after))) {
            return; // a probe time or capacity figure moved: no answer changes (labels would:
            // clusterSelector reads them)
        }
        Cluster any = after != null ? after : before;
        clustersToRecheck.add(any.getMetadata().getName());
        capacityMayHaveGrown();
    }

    /** The Ready condition's status and transition time, or null. */
    private static String ready(Cluster c) {
        if (c.getStatus() == null) {
            return null;
        }
        return Conditions.find(c.getStatus().getConditions(), ClusterStatus.READY)
                .map(r -> r.getStatus() + "@" + r.getLastTransitionTime())
                .orElse(null);
    }

    private void poolChanged(GPUPool before, GPUPool after) {
        if (before == null
                || after == null
                || !Objects.equals(
                        before.getMetadata().getGeneration(), after.getMetadata().getGeneration())
                || InventoryMapper.offered(after) > InventoryMapper.offered(before)) {
            capacityMayHaveGrown();
        }
    }

    /** Keeps the indexes and the ledger current as workloads change. */
    private <T extends WorkloadResource> void follow(HubStore<T> store) {
        store.onChange(this::observe);
        store.list().forEach(w -> observe(null, w));
    }

    private void observe(WorkloadResource before, WorkloadResource after) {
        synchronized (indexes) {
            index(before, after);
        }
    }

    private void index(WorkloadResource before, WorkloadResource after) {
        ledger.observed(before, after);
        WorkloadResource any = after != null ? after : before;
        String uid = any.getMetadata().getUid();
        if (uid == null) {
            return;
        }
        boolean waits = after != null && Workloads.awaitsDecision(after);
        boolean waited = before != null && Workloads.awaitsDecision(before);
        if (waits) {
            pending.put(uid, after);
        } else {
            pending.remove(uid);
            parked.remove(uid);
        }
        WorkloadResource previous = placed.remove(uid);
        if (previous != null) {
            forgetPlacement(uid, previous);
        }
        if (after != null && Workloads.holdsReservation(after)) {
            placed.put(uid, after);
            for (Assignment a : after.getStatus().getPlacement().getAssignments()) {
                if (a.getCluster() != null) {
                    placedByCluster
                            .computeIfAbsent(a.getCluster(), c -> ConcurrentHashMap.newKeySet())
                            .add(uid);
                }
            }
        }
        if (waits && (!waited || Workloads.generation(before) != Workloads.generation(after))) {
            requestPass(); // something new to decide
        }
    }

    private void forgetPlacement(String uid, WorkloadResource previous) {
        for (Assignment a : previous.getStatus().getPlacement().getAssignments()) {
            Set<String> on = a.getCluster() == null ? null : placedByCluster.get(a.getCluster());
            if (on != null) {
                on.remove(uid);
                if (on.isEmpty()) {
                    placedByCluster.remove(a.getCluster(), on);
                }
            }
        }
    }
}
