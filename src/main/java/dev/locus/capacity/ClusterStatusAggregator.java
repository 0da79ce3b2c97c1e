package dev.locus.capacity;

import dev.locus.api.v1alpha1.Capacity;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.GPUPool;
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

    /** The last probe's result as the status records it; null when there was none. */
    public static Probe lastProbe(ClusterStatus status) {
        if (status == null) {
            return null;
        }
        return Conditions.find(status.getConditions(), ClusterStatus.REACHABLE)
                .map(
                        c ->
                                new Probe(
                                        c.isTrue(),
                                        status.getKubernetesVersion(),
                                        c.getReason(),
                                        c.getMessage()))
                .orElse(null);
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
     *
     * @param zones the zones the cluster belongs to (by the engine's one membership rule)
     */
    public static ClusterStatus desired(
            Cluster cluster,
            ClusterStatus previous,
            List<String> zones,
            Collection<GPUPool> pools,
            Probe probe,
            Instant now) {
        return desired(cluster, previous, zones, pools, probe, now, now);
    }

    /**
     * The status after a probe taken at {@code probedAt} (earlier than {@code now} when the last
     * probe's result is reused, as when only the cluster's pools changed).
     */
    public static ClusterStatus desired(
            Cluster cluster,
            ClusterStatus previous,
            List<String> zones,
            Collection<GPUPool> pools,
            Probe probe,
            Instant probedAt,
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
        next.setLastProbeTime(probedAt.truncatedTo(ChronoUnit.SECONDS).toString());
        next.setZones(List.copyOf(zones));
        next.setCapacity(capacityOf(cluster, pools));
        next.setObservedGeneration(generation);
        return next;
    }
}
