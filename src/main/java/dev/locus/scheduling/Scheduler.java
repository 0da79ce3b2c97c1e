package dev.locus.scheduling;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.api.v1alpha1.Workloads;
import dev.locus.hub.HubCache;
import dev.locus.hub.HubStore;
import dev.locus.inventory.InventoryMapper;
import dev.locus.placement.Decision;
import dev.locus.placement.LatencyCache;
import dev.locus.placement.PlacementEngine;
import dev.locus.placement.Pool;
import dev.locus.placement.Snapshot;
import dev.locus.placement.Workload;
import dev.locus.placement.WorkloadOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Decides pending workloads, one pass at a time on one thread: read one snapshot of the fleet from
 * the hub cache, let the engine decide every pending workload in order (each decision consuming
 * capacity), and hand the decisions to the {@link DecisionWriter}. Passes are requested by changes
 * in the hub and coalesce ({@link SerialLoop}); a timer runs one now and then as a safety net.
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

    private final HubCache hub;
    private final ReservationLedger ledger;
    private final DecisionWriter writer;
    private final Clock clock;
    private final SerialLoop loop;
    private final LatencyCache latencies = new LatencyCache();
    private final Map<String, WorkloadResource> pending = new ConcurrentHashMap<>();
    private final Map<String, WorkloadResource> placed = new ConcurrentHashMap<>();
    private final List<Consumer<Pass>> listeners = new CopyOnWriteArrayList<>();

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
        hub.zones().onChange((before, after) -> requestPass());
        hub.clusters().onChange((before, after) -> requestPass());
        hub.pools().onChange((before, after) -> requestPass());
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

    @Override
    public void close() {
        loop.close();
    }

    /** Workloads waiting for a decision, by the reason they wait with ("Pending" if undecided). */
    public Map<String, Long> pendingByReason() {
        Map<String, Long> out = new HashMap<>();
        for (WorkloadResource w : pending.values()) {
            String why =
                    Workloads.phase(w) == dev.locus.api.v1alpha1.WorkloadPhase.PENDING
                            ? "Pending"
                            : dev.locus.api.v1alpha1.Conditions.find(
                                            w.getStatus().getConditions(),
                                            dev.locus.api.v1alpha1.WorkloadStatus.PLACED)
                                    .map(c -> c.getReason())
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
        ledger.expire(start);
        var zones = hub.zones().list();
        var clusters = hub.clusters().list();
        // Zones and clusters first: which placed workloads must move decides whose reservations
        // the pools' free capacity leaves out.
        Snapshot fleet =
                InventoryMapper.snapshot(
                        zones, clusters, List.of(), InventoryMapper.READY_WHEN_PROBED, p -> 0);
        Map<String, Relocations.Move> moves =
                Relocations.moves(
                        placed.values(),
                        clusters,
                        new PlacementEngine(fleet, PlacementEngine.Explain.FAILURES, latencies),
                        start);
        moves.keySet().removeIf(ledger::inFlight);

        Map<Workload, WorkloadResource> toDecide = new HashMap<>();
        long sequence = 0;
        for (WorkloadResource w : pending.values()) {
            if (!ledger.inFlight(w.getMetadata().getUid())) {
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
        List<CompletableFuture<DecisionWriter.Written>> writes = new ArrayList<>();
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
                writes.add(writer.decide(resource, d, start));
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
            writes.add(writer.relocate(resource, d, move, start));
        }
        for (CompletableFuture<DecisionWriter.Written> write : writes) {
            write.thenAccept(
                    written -> {
                        if (written == DecisionWriter.Written.NO
                                || written == DecisionWriter.Written.UNKNOWN) {
                            requestPass();
                        }
                    });
        }
        DecisionWriter.awaitAll(writes);
        Pass pass = new Pass(decisions, times, Duration.ofNanos(System.nanoTime() - started));
        listeners.forEach(l -> l.accept(pass));
        return pass;
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
        List<GPUPool> pools = hub.pools().list();
        List<Pool> out = new ArrayList<>(pools.size());
        for (GPUPool p : pools) {
            String name = p.getMetadata().getName();
            int held = ledger.held(name) - movers.getOrDefault(name, 0);
            out.add(InventoryMapper.pool(p, Math.max(0, InventoryMapper.offered(p) - held)));
        }
        return out;
    }

    private void runPassSafely() {
        try {
            runPass();
        } catch (RuntimeException e) {
            // A bug must not stop scheduling for everyone: log it; the next request retries.
            LOG.error("Scheduling pass failed", e);
        }
    }

    /** Keeps the pending and placed indexes and the ledger current as workloads change. */
    private <T extends WorkloadResource> void follow(HubStore<T> store) {
        store.onChange(
                (before, after) -> {
                    observe(before, after);
                    requestPass();
                });
        store.list().forEach(w -> observe(null, w));
    }

    private void observe(WorkloadResource before, WorkloadResource after) {
        ledger.observed(before, after);
        String uid = (after != null ? after : before).getMetadata().getUid();
        if (uid == null) {
            return;
        }
        if (after != null && Workloads.awaitsDecision(after)) {
            pending.put(uid, after);
        } else {
            pending.remove(uid);
        }
        if (after != null && Workloads.holdsReservation(after)) {
            placed.put(uid, after);
        } else {
            placed.remove(uid);
        }
    }
}
