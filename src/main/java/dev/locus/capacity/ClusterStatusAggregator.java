package dev.locus.capacity;

import dev.locus.api.v1alpha1.Capacity;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.SovereigntyZone;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Builds a Cluster's status from what is known about it; pure, so it is unit-tested alone. */
public final class ClusterStatusAggregator {

    /** What the last probe of the member API server found. */
    public record Probe(
            boolean reachable, String kubernetesVersion, String reason, String message) {}

    private ClusterStatusAggregator() {}

    /** The zones whose jurisdictions list the cluster's country, sorted by name. */
    public static List<String> zonesOf(Cluster cluster, Collection<SovereigntyZone> zones) {
        var location = cluster.getSpec() == null ? null : cluster.getSpec().getLocation();
        String country = location == null ? null : location.getCountry();
        if (country == null || country.isBlank()) {
            return List.of();
        }
        return zones.stream()
                .filter(z -> z.getSpec() != null && z.getSpec().getJurisdictions() != null)
                .filter(z -> z.getSpec().getJurisdictions().contains(country))
                .map(z -> z.getMetadata().getName())
                .sorted()
                .toList();
    }

    /** The cluster's capacity: the sum over its pools' capacity status. */
    public static Capacity capacityOf(Cluster cluster, Collection<GPUPool> pools) {
        return CapacitySum.of(
                pools.stream()
                        .filter(
                                p ->
                                        p.getSpec() != null
                                                && cluster.getMetadata()
                                                        .getName()
                                                        .equals(p.getSpec().getCluster()))
                        .map(p -> p.getStatus() == null ? null : p.getStatus().getCapacity())
                        .toList());
    }

    /**
     * The status the cluster should have after a probe, stamped with the generation it was computed
     * for. Ready means Locus may place work there: the member answered.
     */
    public static ClusterStatus desired(
            Cluster cluster,
            ClusterStatus previous,
            Collection<SovereigntyZone> zones,
            Collection<GPUPool> pools,
            Probe probe,
            Instant now) {
        ClusterStatus next = new ClusterStatus();
        next.setConditions(
                previous == null ? new ArrayList<>() : new ArrayList<>(previous.getConditions()));
        Long generation = cluster.getMetadata().getGeneration();
        Conditions.set(
                next.getConditions(),
                ClusterStatus.REACHABLE,
                probe.reachable(),
                probe.reason(),
                probe.message(),
                generation,
                now);
        if (probe.reachable()) {
            Conditions.set(
                    next.getConditions(),
                    ClusterStatus.READY,
                    true,
                    "Reachable",
                    "the member API server answers; new placements allowed",
                    generation,
                    now);
        } else {
            Conditions.set(
                    next.getConditions(),
                    ClusterStatus.READY,
                    false,
                    probe.reason(),
                    probe.message(),
                    generation,
                    now);
        }
        String version = probe.kubernetesVersion();
        if (version == null && previous != null) {
            version = previous.getKubernetesVersion();
        }
        next.setKubernetesVersion(version);
        next.setLastProbeTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
        next.setZones(zonesOf(cluster, zones));
        next.setCapacity(capacityOf(cluster, pools));
        next.setObservedGeneration(generation);
        return next;
    }
}
