package dev.locus.scheduling;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.FleetQuota;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.inventory.InventoryMapper;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which changes of zones, clusters and pools can change an answer: they move the capacity epoch (so
 * workloads set aside as Unschedulable are decided again) and mark the clusters whose placed
 * workloads must be checked again for failover and sovereignty. A probe time or a capacity figure
 * that Locus' own reservations moved changes nothing.
 */
final class FleetChanges {

    private final AtomicLong epoch = new AtomicLong();
    private final AtomicBoolean recheckAll = new AtomicBoolean(true);
    private final Set<String> clustersToRecheck = ConcurrentHashMap.newKeySet();

    /** The capacity epoch: it moves whenever something may fit that did not. */
    long epoch() {
        return epoch.get();
    }

    /** Capacity may have grown (a released reservation, say). */
    void capacityMayHaveGrown() {
        epoch.incrementAndGet();
    }

    /**
     * True when a zone came, went, or its spec or labels changed: then every placed workload is
     * checked again. Its status (counts the operator writes as work is placed) changes no answer,
     * and re-checking every placed workload on each of those writes would cost a pass the size of
     * the fleet.
     */
    boolean zoneChanged(SovereigntyZone before, SovereigntyZone after) {
        if (before != null
                && after != null
                && Objects.equals(
                        before.getMetadata().getGeneration(), after.getMetadata().getGeneration())
                && Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels())
                && before.isValid() == after.isValid()) {
            return false;
        }
        recheckAll.set(true);
        capacityMayHaveGrown();
        return true;
    }

    /** True when the change of a Cluster may change an answer. */
    boolean clusterChanged(Cluster before, Cluster after) {
        if (before != null
                && after != null
                && Objects.equals(
                        before.getMetadata().getGeneration(), after.getMetadata().getGeneration())
                // clusterSelector reads labels
                && Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels())
                && Objects.equals(ready(before), ready(after))) {
            return false;
        }
        Cluster any = after != null ? after : before;
        clustersToRecheck.add(any.getMetadata().getName());
        capacityMayHaveGrown();
        return true;
    }

    /** True when the change of a pool may let something fit that did not. */
    boolean poolChanged(GPUPool before, GPUPool after) {
        if (before == null
                || after == null
                || !Objects.equals(
                        before.getMetadata().getGeneration(), after.getMetadata().getGeneration())
                || InventoryMapper.offered(after) > InventoryMapper.offered(before)) {
            capacityMayHaveGrown();
            return true;
        }
        return false;
    }

    /**
     * True when a FleetQuota was added, removed or its spec changed (not its status, which the
     * operator writes): a limit may let waiting work in.
     */
    boolean quotaChanged(FleetQuota before, FleetQuota after) {
        if (before != null
                && after != null
                && Objects.equals(
                        before.getMetadata().getGeneration(),
                        after.getMetadata().getGeneration())) {
            return false;
        }
        capacityMayHaveGrown();
        return true;
    }

    /** True when a namespace came, went or its labels changed: quotas select on them. */
    boolean namespaceChanged(Namespace before, Namespace after) {
        if (before != null
                && after != null
                && Objects.equals(
                        before.getMetadata().getLabels(), after.getMetadata().getLabels())) {
            return false;
        }
        capacityMayHaveGrown();
        return true;
    }

    /**
     * The clusters whose placed workloads a pass checks again, and resets the marks: all of them
     * (null) after a zone changed, else those that changed, those not Ready (a toleration may run
     * out between changes) and those that no longer exist.
     */
    Set<String> clustersToRecheck(List<Cluster> clusters, Set<String> inUse) {
        if (recheckAll.getAndSet(false)) {
            clustersToRecheck.clear();
            return null;
        }
        Set<String> names = new HashSet<>();
        for (String name : List.copyOf(clustersToRecheck)) {
            clustersToRecheck.remove(name);
            names.add(name);
        }
        Set<String> known = new HashSet<>();
        for (Cluster c : clusters) {
            known.add(c.getMetadata().getName());
            if (!InventoryMapper.READY_WHEN_PROBED.test(c)) {
                names.add(c.getMetadata().getName());
            }
        }
        for (String name : inUse) {
            if (!known.contains(name)) {
                names.add(name);
            }
        }
        return names;
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
}
