package dev.locus.scheduling;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Condition;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.FailoverSpec;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.api.v1alpha1.Workloads;
import dev.locus.inventory.InventoryMapper;
import dev.locus.placement.Sovereignty;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which placed workloads must leave which clusters (failover, zone changes): pure, from the
 * Clusters' Ready history and the zones' current rules.
 */
public final class Relocations {

    /**
     * Clusters a workload must leave. {@code outsideZone}: they may no longer hold its data, so it
     * leaves them even when it has nowhere else to go; otherwise they were lost, and it stays until
     * it has somewhere to go.
     */
    public record Move(List<String> clusters, boolean outsideZone) {

        /** The Placed condition's reason after the move, and the event's. */
        public String reason() {
            return outsideZone ? "OutsideSovereigntyZone" : "FailedOver";
        }

        /** Why, for status messages and events. */
        public String why() {
            String names = String.join(", ", clusters);
            return outsideZone
                    ? "cluster "
                            + names
                            + " may no longer hold this data (a zone or a cluster's"
                            + " country changed)"
                    : "cluster " + names + " not Ready past failover.tolerationSeconds";
        }
    }

    private Relocations() {}

    /**
     * Every placed workload that must leave a cluster, by uid. A cluster both lost and outside the
     * zone counts as outside: the data must leave whether or not it has a new home.
     */
    public static Map<String, Move> moves(
            Collection<? extends WorkloadResource> workloads,
            List<Cluster> clusters,
            Sovereignty rules,
            Instant now) {
        Map<String, Move> out = new LinkedHashMap<>();
        outsideZone(workloads, rules).forEach((uid, c) -> out.put(uid, new Move(c, true)));
        lostClusters(workloads, clusters, now)
                .forEach((uid, c) -> out.putIfAbsent(uid, new Move(c, false)));
        return out;
    }

    /**
     * Placed workloads with an assignment on a cluster that may no longer hold their data under
     * {@code rules} (the current zones and clusters), by uid, with those clusters.
     */
    static Map<String, List<String>> outsideZone(
            Collection<? extends WorkloadResource> workloads, Sovereignty rules) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (var w : workloads) {
            if (!Workloads.holdsReservation(w)) {
                continue;
            }
            List<String> placedOn =
                    w.getStatus().getPlacement().getAssignments().stream()
                            .map(Assignment::getCluster)
                            .distinct()
                            .toList();
            List<String> outside;
            try {
                outside = rules.outsideZone(InventoryMapper.workload(w, 0), placedOn);
            } catch (RuntimeException e) {
                // A workload the check cannot read is not known to be compliant: fail closed.
                outside = placedOn;
            }
            if (!outside.isEmpty()) {
                out.put(w.getMetadata().getUid(), outside);
            }
        }
        return out;
    }

    /**
     * Placed workloads with an assignment on a cluster that has been not Ready for at least the
     * workload's {@code failover.tolerationSeconds}, or that no longer exists, by uid, with the
     * clusters lost.
     */
    static Map<String, List<String>> lostClusters(
            Collection<? extends WorkloadResource> workloads, List<Cluster> clusters, Instant now) {
        Map<String, Cluster> byName = new HashMap<>();
        clusters.forEach(c -> byName.put(c.getMetadata().getName(), c));
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (var w : workloads) {
            if (!Workloads.holdsReservation(w)) {
                continue;
            }
            Duration tolerated = toleration(w.getSpec().getFailover());
            List<String> lost = new ArrayList<>();
            for (Assignment a : w.getStatus().getPlacement().getAssignments()) {
                Instant downSince = notReadySince(byName.get(a.getCluster()));
                if (downSince != null
                        && !downSince.plus(tolerated).isAfter(now)
                        && !lost.contains(a.getCluster())) {
                    lost.add(a.getCluster());
                }
            }
            if (!lost.isEmpty()) {
                out.put(w.getMetadata().getUid(), lost);
            }
        }
        return out;
    }

    static Duration toleration(FailoverSpec failover) {
        Integer seconds = failover == null ? null : failover.getTolerationSeconds();
        return Duration.ofSeconds(
                seconds == null ? FailoverSpec.DEFAULT_TOLERATION_SECONDS : Math.max(0, seconds));
    }

    /** Since when a cluster is not Ready; null while it is Ready (or was never probed). */
    static Instant notReadySince(Cluster cluster) {
        if (cluster == null) {
            return Instant.EPOCH; // the Cluster was deleted: its workloads have nowhere to run
        }
        if (cluster.getStatus() == null) {
            return null;
        }
        Condition ready =
                Conditions.find(cluster.getStatus().getConditions(), ClusterStatus.READY)
                        .orElse(null);
        if (ready == null || ready.isTrue() || ready.getLastTransitionTime() == null) {
            return null;
        }
        try {
            return Instant.parse(ready.getLastTransitionTime());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
