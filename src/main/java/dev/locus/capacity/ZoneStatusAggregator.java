package dev.locus.capacity;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.SovereigntyZoneStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Builds a SovereigntyZone's status: its member clusters, their pools and capacity. Pure. */
public final class ZoneStatusAggregator {

    /** Condition type: the zone has capacity on at least one Ready cluster. */
    public static final String READY = "Ready";

    private ZoneStatusAggregator() {}

    /**
     * The zone's status.
     *
     * @param members the clusters that belong to the zone (by the engine's one membership rule)
     */
    public static SovereigntyZoneStatus desired(
            SovereigntyZone zone,
            Collection<Cluster> members,
            Collection<GPUPool> pools,
            Instant now) {
        Set<String> jurisdictions =
                zone.getSpec() == null || zone.getSpec().getJurisdictions() == null
                        ? Set.of()
                        : Set.copyOf(zone.getSpec().getJurisdictions());
        Set<String> names =
                members.stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet());
        Set<String> ready =
                members.stream()
                        .filter(
                                c ->
                                        c.getStatus() != null
                                                && Conditions.isTrue(
                                                        c.getStatus().getConditions(),
                                                        ClusterStatus.READY))
                        .map(c -> c.getMetadata().getName())
                        .collect(Collectors.toSet());
        List<GPUPool> memberPools =
                pools.stream()
                        .filter(
                                p ->
                                        p.getSpec() != null
                                                && names.contains(p.getSpec().getCluster()))
                        .toList();
        SovereigntyZoneStatus previous = zone.getStatus();
        SovereigntyZoneStatus next = new SovereigntyZoneStatus();
        next.setConditions(
                previous == null ? new ArrayList<>() : new ArrayList<>(previous.getConditions()));
        next.setClusters(members.size());
        next.setPools(memberPools.size());
        next.setCapacity(
                CapacitySum.of(
                        memberPools.stream()
                                .map(
                                        p ->
                                                p.getStatus() == null
                                                        ? null
                                                        : p.getStatus().getCapacity())
                                .toList()));
        int reachable =
                memberPools.stream()
                        .filter(p -> ready.contains(p.getSpec().getCluster()))
                        .mapToInt(
                                p ->
                                        p.getStatus() == null
                                                        || p.getStatus().getCapacity() == null
                                                        || p.getStatus()
                                                                        .getCapacity()
                                                                        .getAllocatable()
                                                                == null
                                                ? 0
                                                : p.getStatus().getCapacity().getAllocatable())
                        .sum();
        Long generation = zone.getMetadata().getGeneration();
        if (members.isEmpty()) {
            Conditions.set(
                    next.getConditions(),
                    READY,
                    false,
                    "NoClusters",
                    "no Cluster's location.country is among "
                            + new java.util.TreeSet<>(jurisdictions),
                    generation,
                    now);
        } else if (reachable == 0) {
            Conditions.set(
                    next.getConditions(),
                    READY,
                    false,
                    "NoReachableCapacity",
                    "none of the zone's "
                            + members.size()
                            + " cluster(s) is Ready with allocatable accelerators ("
                            + ready.size()
                            + " Ready)",
                    generation,
                    now);
        } else {
            Conditions.set(
                    next.getConditions(),
                    READY,
                    true,
                    "CapacityReachable",
                    reachable
                            + " allocatable accelerator(s) on "
                            + ready.size()
                            + " Ready cluster(s)",
                    generation,
                    now);
        }
        next.setObservedGeneration(generation);
        return next;
    }
}
