package dev.locus.dispatch;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.api.v1alpha1.Workloads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Removes what Locus left in a member cluster that no longer belongs there: copies of workloads
 * that failed over elsewhere while the cluster was away, and objects of workloads deleted while it
 * could not be reached. Runs when the cluster answers.
 */
public final class StaleCopies {

    /** Finds a hub workload by kind, namespace and name. */
    @FunctionalInterface
    public interface WorkloadLookup {
        Optional<WorkloadResource> find(String kind, String namespace, String name);
    }

    private static final Logger LOG = Logger.getLogger(StaleCopies.class);

    /**
     * An object of an unknown workload, or made after its workload left the cluster, is left alone
     * this long (the hub cache may lag).
     */
    static final Duration ORPHAN_GRACE = Duration.ofMinutes(1);

    private StaleCopies() {}

    /** Deletes stale objects in one cluster; returns what it deleted, for events and logs. */
    public static List<String> collect(
            String cluster,
            KubernetesClient client,
            List<? extends HasMetadata> remote,
            WorkloadLookup hub,
            Instant now) {
        List<String> deleted = new ArrayList<>();
        for (HasMetadata object : remote) {
            if (isStale(cluster, object, hub, now)) {
                delete(client, object, deleted);
            }
        }
        // Services are not cached: listed every time, since one can be left over alone (its Job
        // was never created, or went in an earlier round that could not delete the Service).
        for (HasMetadata service :
                client.services()
                        .inAnyNamespace()
                        .withLabel(RemoteLabels.WORKLOAD_UID)
                        .list()
                        .getItems()) {
            if (isStale(cluster, service, hub, now)) {
                delete(client, service, deleted);
            }
        }
        if (!deleted.isEmpty()) {
            LOG.infof("Removed stale objects from cluster %s: %s", cluster, deleted);
        }
        return deleted;
    }

    static boolean isStale(String cluster, HasMetadata object, WorkloadLookup hub, Instant now) {
        Map<String, String> labels = object.getMetadata().getLabels();
        if (labels == null || labels.get(RemoteLabels.WORKLOAD_UID) == null) {
            return false;
        }
        Instant created = parse(object.getMetadata().getCreationTimestamp());
        WorkloadResource workload =
                hub.find(
                                labels.get(RemoteLabels.WORKLOAD_KIND),
                                labels.get(RemoteLabels.WORKLOAD_NAMESPACE),
                                labels.get(RemoteLabels.WORKLOAD))
                        .orElse(null);
        if (workload == null
                || !labels.get(RemoteLabels.WORKLOAD_UID).equals(workload.getMetadata().getUid())) {
            // Only what Locus made (and labelled so) is ever collected as an orphan.
            return RemoteLabels.MANAGER.equals(labels.get(RemoteLabels.MANAGED_BY))
                    && created != null
                    && created.plus(ORPHAN_GRACE).isBefore(now);
        }
        WorkloadStatus status = workload.getStatus();
        var placement = status == null ? null : status.getPlacement();
        Instant decided;
        if (placement != null) {
            if (placement.getAssignments().stream()
                    .map(Assignment::getCluster)
                    .anyMatch(cluster::equals)) {
                return false;
            }
            decided = parse(placement.getDecidedAt());
        } else {
            decided = withdrawnAt(workload);
        }
        // Placed elsewhere, or withdrawn, after this copy was made: it is a leftover. Both times
        // have whole seconds; a copy of the same second counts as left over, since deleting one
        // that is current only makes the reconciler create it again. A copy made after that is
        // left alone for the grace (it may be of a newer placement the cache does not show yet),
        // then it is a leftover too: a late dispatch of the placement the workload left.
        return decided != null
                && created != null
                && (!decided.isBefore(created) || created.plus(ORPHAN_GRACE).isBefore(now));
    }

    /**
     * When a workload without a placement lost its last one: the Placed condition turning False
     * while it waits for a decision. Null when there is no such record (a status that was reset),
     * so its copies are left alone.
     */
    private static Instant withdrawnAt(WorkloadResource workload) {
        // A workload never decided has no status at all: it lost nothing, so nothing is stale.
        if (!Workloads.awaitsDecision(workload) || workload.getStatus() == null) {
            return null;
        }
        return Conditions.find(workload.getStatus().getConditions(), WorkloadStatus.PLACED)
                .filter(c -> !c.isTrue() && c.getLastTransitionTime() != null)
                .map(c -> parse(c.getLastTransitionTime()))
                .orElse(null);
    }

    private static void delete(KubernetesClient client, HasMetadata object, List<String> deleted) {
        try {
            // The cache may be behind: delete only the very object judged stale, not a new one
            // that took its name since.
            HasMetadata live = client.resource(object).get();
            if (live == null
                    || !live.getMetadata().getUid().equals(object.getMetadata().getUid())) {
                return;
            }
            client.resource(live).delete();
            deleted.add(
                    object.getKind()
                            + " "
                            + object.getMetadata().getNamespace()
                            + "/"
                            + object.getMetadata().getName());
        } catch (KubernetesClientException e) {
            LOG.debugf("Could not delete %s: %s", object.getMetadata().getName(), e.getMessage());
        }
    }

    private static Instant parse(String time) {
        if (time == null) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
