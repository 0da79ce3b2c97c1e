package dev.locus.capacity;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.SovereigntyZone;
import java.util.Collection;
import java.util.List;

/** Builds a Cluster's status from what is known about it; pure, so it is unit-tested alone. */
public final class ClusterStatusAggregator {

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

    /** The status the cluster should have, stamped with the generation it was computed for. */
    public static ClusterStatus desired(
            Cluster cluster, ClusterStatus previous, Collection<SovereigntyZone> zones) {
        ClusterStatus next = new ClusterStatus();
        if (previous != null) {
            next.setConditions(new java.util.ArrayList<>(previous.getConditions()));
            next.setKubernetesVersion(previous.getKubernetesVersion());
            next.setLastProbeTime(previous.getLastProbeTime());
            next.setCapacity(previous.getCapacity());
        }
        next.setZones(zonesOf(cluster, zones));
        next.setObservedGeneration(cluster.getMetadata().getGeneration());
        return next;
    }
}
