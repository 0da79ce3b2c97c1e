package dev.locus.scheduling;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.LocusResource;
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
import dev.locus.placement.Sovereignty;
import dev.locus.placement.Workload;
import dev.locus.placement.WorkloadOrder;
import dev.locus.placement.WorkloadRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Decides pending workloads, one pass at a time on one thread: read one snapshot of the fleet from
 * the hub cache, let the engine decide the workloads that wait in order (each decision consuming
 * capacity), and hand each decision to the {@link DecisionWriter} as soon as it is made. Passes are
 * requested by changes that may change an answer and coalesce ({@link SerialLoop}).
 *
 * <p>A pass costs what changed, not the size of the fleet's history: workloads that wait are kept
 * in an index as the cache changes; one found Unschedulable is set aside until capacity may have
 * grown (a capacity epoch that zones, clusters, pools and released reservations move on) or its
 * spec changes; placed workloads are checked for failover and sovereignty only when a zone or their
 * cluster changed, or while their cluster is not Ready. Writes never hold a pass up.
 *
 * <p>Passes never overlap, and the {@link ReservationLedger} counts every placement written until
 * the cache shows it: two workloads never take the same accelerators.
 */
public final class Scheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Scheduler.class);

    /** What deciding one workload of a pass needs: the engine, the moves, what was decided. */
    private record PassState(
            PlacementEngine engine,
            Map<String, Relocations.Move> moves,
            List<Decision> decisions,
            List<Duration> times,
            Instant start,
            long epoch) {}

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
    private final WorkloadIndex index;
    private final FleetChanges changes = new FleetChanges();
    private final Sharing sharing;
    private final AtomicInteger preemptionsInFlight = new AtomicInteger();
    private final WakeUps wakeUps;
    private final List<Consumer<Pass>> listeners = new CopyOnWriteArrayList<>();

    /**
     * {@code ready}: whether a waiting workload may be decided yet (the operator: finalizer on).
     */
    public Scheduler(
            HubCache hub,
            ReservationLedger ledger,
            DecisionWriter writer,
            Clock clock,
            Duration resync,
            Predicate<WorkloadResource> ready) {
        this.hub = hub;
        this.index = new WorkloadIndex(ready);
        this.ledger = ledger;
        this.writer = writer;
        this.clock = clock;
        this.loop = new SerialLoop("locus-scheduler", resync, this::runPassSafely);
        this.sharing = new Sharing(hub, ledger, index);
        this.wakeUps = new WakeUps(clock, this::requestPass);
        follow(hub.trainingJobs());
        follow(hub.inferenceEndpoints());
        hub.zones().onChange((before, after) -> passIf(changes.zoneChanged(before, after)));
        hub.clusters().onChange((before, after) -> passIf(changes.clusterChanged(before, after)));
        hub.pools().onChange((before, after) -> passIf(changes.poolChanged(before, after)));
        // A quota or a namespace's labels may let waiting work in (or keep it out).
        hub.quotas().onChange((before, after) -> passIf(changes.quotaChanged(before, after)));
        hub.namespaces()
                .onChange((before, after) -> passIf(changes.namespaceChanged(before, after)));
        ledger.onRelease(
                pool -> {
                    changes.capacityMayHaveGrown();
                    requestPass();
                });
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
        return index.writesInFlight();
    }

    @Override
    public void close() {
        wakeUps.close();
        loop.close();
    }

    /** Workloads waiting for a decision, by the reason they wait with ("Pending" if undecided). */
    public Map<String, Long> pendingByReason() {
        return index.waitingByReason();
    }

    /** Quotas and power as placed work holds them now, for FleetQuota and Cluster status. */
    public Sharing sharing() {
        return sharing;
    }

    /** Runs one pass now, on the caller's thread (the scheduler's, or a test's). */
    public synchronized Pass runPass() {
        if (!hub.isSynced()) {
            return Pass.EMPTY;
        }
        Instant start = clock.instant();
        long started = System.nanoTime();
        long epoch = changes.epoch();
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
        for (WorkloadResource w : index.waiting()) {
            if (!ledger.inFlight(w.getMetadata().getUid()) && index.decidable(w, epoch, start)) {
                toDecide.put(InventoryMapper.workload(w, sequence++), w);
            }
        }
        for (String uid : moves.keySet()) {
            WorkloadResource w = index.placed(uid);
            if (w != null) {
                toDecide.put(InventoryMapper.workload(w, sequence++), w);
            }
        }
        if (toDecide.isEmpty()) {
            return Pass.EMPTY;
        }
        // Preemption waits while earlier preemptions are being written: their victims still
        // look placed, and must not be chosen twice.
        boolean mayPreempt = preemptionsInFlight.get() == 0;
        MoverHolds movers = new MoverHolds(moves.keySet(), ledger);
        Snapshot snapshot = new Snapshot(fleet.zones(), fleet.sites(), pools(movers)).at(start);
        boolean preemptors =
                mayPreempt && toDecide.keySet().stream().anyMatch(Workload::mayPreempt);
        snapshot = sharing.forPass(snapshot, preemptors, moves.keySet(), start);
        PlacementEngine engine =
                new PlacementEngine(snapshot, PlacementEngine.Explain.FAILURES, latencies);
        // Running work first (what movers keep stays taken: MoverHolds), then new work in the
        // engine's order (priority, then fair share between quotas).
        List<Workload> moving = new ArrayList<>();
        List<Workload> arriving = new ArrayList<>();
        for (var e : toDecide.entrySet()) {
            if (moves.containsKey(e.getValue().getMetadata().getUid())) {
                moving.add(e.getKey());
            } else {
                arriving.add(mayPreempt ? e.getKey() : e.getKey().withoutPreemption());
            }
        }
        moving.sort(WorkloadOrder.INSTANCE);
        Map<WorkloadRef, WorkloadResource> byRef = new HashMap<>();
        toDecide.forEach((w, r) -> byRef.put(w.ref(), r));
        movers.reserveAll(engine);
        List<Decision> decisions = new ArrayList<>(toDecide.size());
        List<Duration> times = new ArrayList<>(toDecide.size());
        PassState pass = new PassState(engine, moves, decisions, times, start, epoch);
        for (Workload w : moving) {
            // A move takes no one's place: it was placed once already.
            decide(pass, w.withoutPreemption(), byRef.get(w.ref()), movers.of(byRef.get(w.ref())));
        }
        Iterator<Workload> order = engine.order(arriving);
        while (order.hasNext()) {
            Workload w = order.next();
            Decision d = decide(pass, w, byRef.get(w.ref()), List.of());
            if (d != null && !d.preempts().isEmpty()) {
                // The rest waits for the victims to be released: what they free must not be
                // handed out before their status says so.
                requestPass();
                break;
            }
        }
        Pass done = new Pass(decisions, times, Duration.ofNanos(System.nanoTime() - started));
        listeners.forEach(l -> l.accept(done));
        return done;
    }

    /**
     * Decides one workload and hands the decision to the writer; null when it could not be. A mover
     * may take what it {@code holds} again; see {@link MoverHolds#keep} for what stays taken.
     */
    private Decision decide(
            PassState pass,
            Workload w,
            WorkloadResource resource,
            List<ReservationLedger.Hold> holds) {
        PlacementEngine engine = pass.engine();
        Instant start = pass.start();
        long t0 = System.nanoTime();
        MoverHolds.release(engine, holds);
        Decision d = null;
        try {
            d = engine.decide(w);
        } catch (RuntimeException e) {
            // One bad workload must not stop scheduling for all the others.
            LOG.errorf(e, "Could not decide %s", Workloads.key(resource));
            return null;
        } finally {
            MoverHolds.keep(engine, holds, d);
        }
        pass.times().add(Duration.ofNanos(System.nanoTime() - t0));
        pass.decisions().add(d);
        Relocations.Move move = pass.moves().get(resource.getMetadata().getUid());
        if (move != null) {
            track(resource, writer.relocate(resource, d, move, start), null);
        } else if (!d.preempts().isEmpty()) {
            List<WorkloadResource> victims = sharing.victimsOf(d);
            if (victims.size() != d.preempts().size()) {
                // A victim went meanwhile: decide again on the next pass.
                requestPass();
                return d;
            }
            preemptionsInFlight.incrementAndGet();
            CompletableFuture<DecisionWriter.Written> write =
                    writer.preempt(resource, d, victims, start);
            write.whenComplete((written, error) -> preemptionsInFlight.decrementAndGet());
            track(resource, write, null);
        } else {
            // Unschedulable work is set aside until capacity moves; deferred work until its hour.
            Long parkAt = d.placed() || d.isDeferred() ? null : pass.epoch();
            track(resource, writer.decide(resource, d, start), parkAt);
        }
        return d;
    }

    /**
     * Follows a write to its end. An Unschedulable decision written (or already in status) sets the
     * workload aside at the pass' epoch; a write that did not take effect asks for a pass.
     */
    private void track(
            WorkloadResource w, CompletableFuture<DecisionWriter.Written> write, Long parkAt) {
        String uid = w.getMetadata().getUid();
        long generation = Workloads.generation(w);
        index.writing(uid);
        write.whenComplete(
                (written, error) -> {
                    index.written(uid);
                    boolean done =
                            error == null
                                    && (written == DecisionWriter.Written.YES
                                            || written == DecisionWriter.Written.UNCHANGED);
                    if (done && parkAt != null) {
                        index.park(uid, generation, parkAt);
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
        Set<String> recheck = changes.clustersToRecheck(clusters, index.clustersInUse());
        if (recheck == null) {
            uids.addAll(index.placedUids());
        } else {
            recheck.forEach(cluster -> uids.addAll(index.placedOn(cluster)));
        }
        if (uids.isEmpty()) {
            return Map.of();
        }
        List<WorkloadResource> candidates = new ArrayList<>(uids.size());
        for (String uid : uids) {
            WorkloadResource w = index.placed(uid);
            if (w != null && !ledger.inFlight(uid) && !index.isWriting(uid)) {
                candidates.add(w);
            }
        }
        return Relocations.moves(
                candidates, clusters, new Sovereignty(fleet.zones(), fleet.sites()), now);
    }

    /**
     * The pools as a pass sees them: what each offers less what placed workloads hold but movers
     * (taken again, with their power, before anyone is decided).
     */
    private List<Pool> pools(MoverHolds movers) {
        Map<String, Integer> moving = movers.perPool();
        List<GPUPool> pools = valid(hub.pools().list());
        List<Pool> out = new ArrayList<>(pools.size());
        for (GPUPool p : pools) {
            String name = p.getMetadata().getName();
            int held = ledger.held(name) - moving.getOrDefault(name, 0);
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

    private void passIf(boolean answerMayChange) {
        if (answerMayChange) {
            requestPass();
        }
    }

    /** Keeps the indexes and the ledger current as workloads change. */
    private <T extends WorkloadResource> void follow(HubStore<T> store) {
        store.onChange(this::observe);
        store.list().forEach(w -> observe(null, w));
    }

    private void observe(WorkloadResource before, WorkloadResource after) {
        ledger.observed(before, after);
        Instant startAfter = after == null ? null : Workloads.startAfter(after);
        if (startAfter != null
                && (before == null || !startAfter.equals(Workloads.startAfter(before)))) {
            wakeUps.at(startAfter);
        }
        if (index.observe(before, after)) {
            requestPass(); // something new to decide
        }
    }
}
