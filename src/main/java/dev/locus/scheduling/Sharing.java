package dev.locus.scheduling;

import dev.locus.api.v1alpha1.FleetQuota;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.LocusResource;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.hub.HubCache;
import dev.locus.inventory.InventoryMapper;
import dev.locus.inventory.SharingMapping;
import dev.locus.placement.Decision;
import dev.locus.placement.Energy;
import dev.locus.placement.PlacedWorkload;
import dev.locus.placement.PlacementEngine;
import dev.locus.placement.PowerUse;
import dev.locus.placement.Quota;
import dev.locus.placement.QuotaUsage;
import dev.locus.placement.Snapshot;
import dev.locus.placement.Workload;
import dev.locus.placement.WorkloadRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared part of a snapshot: FleetQuotas, the labels of namespaces they select on, and the
 * workloads that hold accelerators (from the {@link ReservationLedger}, so placements still being
 * written count against quotas and may not be handed out twice). Workloads are mapped once per
 * version and remembered, so a snapshot costs a walk over the holders, not a mapping of each.
 */
public final class Sharing {

    /** What one FleetQuota's namespaces hold, and how many of their workloads wait. */
    public record QuotaReport(QuotaUsage usage, int pending, int namespaces) {}

    /** A workload as the engine saw it, at one resourceVersion. */
    private record Mapped(String resourceVersion, Workload workload) {}

    private final HubCache hub;
    private final ReservationLedger ledger;
    private final WorkloadIndex index;
    private final Map<String, Mapped> mapped = new ConcurrentHashMap<>();

    Sharing(HubCache hub, ReservationLedger ledger, WorkloadIndex index) {
        this.hub = hub;
        this.ledger = ledger;
        this.index = index;
    }

    /**
     * A pass' snapshot, shared when placed work matters to its decisions: when quotas or power
     * budgets count it, or a workload to decide may preempt it. Otherwise as it is: walking every
     * placed workload would make each pass cost the size of the fleet.
     */
    Snapshot forPass(Snapshot fleet, boolean preemptors, Set<String> leaving, Instant now) {
        boolean budgets = fleet.sites().stream().anyMatch(s -> s.power().budgetKilowatts() != null);
        return hub.quotas().size() > 0 || preemptors || budgets
                ? share(fleet, leaving, now)
                : fleet;
    }

    /**
     * {@code fleet} shared under the FleetQuotas, with what is placed, leaving out the holds of
     * {@code leaving} (workloads about to be decided again, whose holds the pass does not count).
     */
    Snapshot share(Snapshot fleet, Set<String> leaving, Instant now) {
        return fleet.sharing(quotas(), namespaces(), placed(leaving, now));
    }

    /**
     * What each FleetQuota's namespaces hold (placements being written included) and how many of
     * their workloads wait, by quota name. Safe to call from any thread.
     */
    public Map<String, QuotaReport> reports(Instant now) {
        Snapshot fleet = fleet();
        PlacementEngine engine =
                new PlacementEngine(share(fleet, Set.of(), now), PlacementEngine.Explain.FAILURES);
        Map<String, List<String>> quotasOf = new HashMap<>();
        Map<String, Integer> namespaces = new HashMap<>();
        for (var ns : hub.namespaces().list()) {
            List<String> quotas = engine.quotasOf(ns.getMetadata().getName());
            quotasOf.put(ns.getMetadata().getName(), quotas);
            quotas.forEach(q -> namespaces.merge(q, 1, Integer::sum));
        }
        Map<String, Integer> pending = new HashMap<>();
        for (WorkloadResource w : index.waiting()) {
            String ns = w.getMetadata().getNamespace();
            quotasOf.computeIfAbsent(ns, engine::quotasOf)
                    .forEach(q -> pending.merge(q, 1, Integer::sum));
        }
        Map<String, QuotaReport> out = new HashMap<>();
        for (QuotaUsage usage : engine.quotaUsage()) {
            String q = usage.quota();
            out.put(
                    q,
                    new QuotaReport(
                            usage, pending.getOrDefault(q, 0), namespaces.getOrDefault(q, 0)));
        }
        return out;
    }

    /**
     * What each cluster's placed work draws against its budget, by cluster name: from what the
     * ledger holds per pool (placements being written included), so it costs the number of pools,
     * not of placed workloads.
     */
    public Map<String, PowerUse> powerInUse(Instant now) {
        Map<String, String> clusterOf = clusterOfPools();
        Map<String, PowerUse> out = new HashMap<>();
        for (PowerUse use : Energy.powerHeld(fleet().at(now), ledger.heldPerPool(), clusterOf)) {
            out.put(use.cluster(), use);
        }
        return out;
    }

    /** The workloads a decision preempts, as the hub cache holds them (those still there). */
    List<WorkloadResource> victimsOf(Decision d) {
        List<WorkloadResource> victims = new ArrayList<>();
        for (WorkloadRef ref : d.preempts()) {
            hub.workload(ref.kind().kindName(), ref.namespace(), ref.name())
                    .ifPresent(victims::add);
        }
        return victims;
    }

    /**
     * The FleetQuotas as the engine sees them. One that cannot be read whole or breaks the schema
     * still governs its namespaces, with nothing to give (fail closed): dropping it would make them
     * unlimited.
     */
    List<Quota> quotas() {
        List<Quota> out = new ArrayList<>();
        for (FleetQuota q : hub.quotas().list()) {
            Quota quota = SharingMapping.quota(q);
            if (!q.isValid()) {
                quota =
                        new Quota(
                                quota.name(),
                                quota.namespaceSelector(),
                                null,
                                List.of(Quota.Limit.of(0)),
                                1);
            }
            out.add(quota);
        }
        return out;
    }

    Map<String, Map<String, String>> namespaces() {
        return SharingMapping.namespaceLabels(hub.namespaces().list());
    }

    /** Every workload that holds accelerators, but those of {@code leaving}. */
    List<PlacedWorkload> placed(Set<String> leaving, Instant now) {
        Map<String, String> clusterOf = clusterOfPools();
        Map<String, List<ReservationLedger.Hold>> holdings = ledger.holdings();
        mapped.keySet().retainAll(holdings.keySet());
        List<PlacedWorkload> out = new ArrayList<>(holdings.size());
        long sequence = 0;
        for (var entry : holdings.entrySet()) {
            String uid = entry.getKey();
            WorkloadResource w = index.any(uid);
            if (w == null || leaving.contains(uid)) {
                continue;
            }
            List<PlacedWorkload.Holding> held = new ArrayList<>(entry.getValue().size());
            for (ReservationLedger.Hold h : entry.getValue()) {
                // The operator's free counts already leave these out.
                held.add(
                        new PlacedWorkload.Holding(
                                clusterOf.get(h.pool()), h.pool(), h.accelerators(), true));
            }
            out.add(new PlacedWorkload(workload(uid, w, sequence++), held, decidedAt(w, now)));
        }
        return out;
    }

    /** The cluster of every pool the cache holds, by pool name. */
    private Map<String, String> clusterOfPools() {
        Map<String, String> clusterOf = new HashMap<>();
        for (GPUPool p : hub.pools().list()) {
            if (p.getSpec() != null) {
                clusterOf.put(p.getMetadata().getName(), p.getSpec().getCluster());
            }
        }
        return clusterOf;
    }

    /** Zones, clusters and pools as the cache holds them (free counts unused here). */
    private Snapshot fleet() {
        return InventoryMapper.snapshot(
                valid(hub.zones().list()),
                valid(hub.clusters().list()),
                valid(hub.pools().list()),
                InventoryMapper.READY_WHEN_PROBED,
                p -> 0);
    }

    private static <T extends LocusResource<?, ?>> List<T> valid(List<T> objects) {
        return objects.stream().filter(LocusResource::isValid).toList();
    }

    private Workload workload(String uid, WorkloadResource w, long sequence) {
        String version = w.getMetadata().getResourceVersion();
        Mapped m = mapped.get(uid);
        if (m == null || version == null || !version.equals(m.resourceVersion())) {
            m = new Mapped(version, InventoryMapper.workload(w, sequence));
            mapped.put(uid, m);
        }
        return m.workload();
    }

    /** When its placement was decided; one being written (not shown yet) is the newest. */
    private static Instant decidedAt(WorkloadResource w, Instant now) {
        var placement = w.getStatus() == null ? null : w.getStatus().getPlacement();
        if (placement == null || placement.getDecidedAt() == null) {
            return now;
        }
        try {
            return Instant.parse(placement.getDecidedAt());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
