package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.dispatch.RemoteApplier;
import dev.locus.dispatch.RemoteObjects;
import dev.locus.fleet.MemberConnectionException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Applies and deletes a workload's remote objects in its member clusters. */
final class WorkloadDispatch {

    private static final Logger LOG = Logger.getLogger(WorkloadDispatch.class);

    /** How soon deletion retries a member cluster that did not answer. */
    static final Duration DELETE_RETRY = Duration.ofSeconds(15);

    /** The result of applying one workload's objects everywhere. */
    record Applied(
            Map<String, KubernetesClient> clients,
            List<String> conflicts,
            List<String> conflictedClusters,
            List<String> unavailable) {}

    private final LocusRuntime runtime;

    WorkloadDispatch(LocusRuntime runtime) {
        this.runtime = runtime;
    }

    /** The client for a member cluster: the connected one, or a fresh connection. */
    Optional<KubernetesClient> client(String cluster) {
        Optional<KubernetesClient> connected = runtime.members().client(cluster);
        if (connected.isPresent()) {
            return connected;
        }
        Optional<Cluster> object = runtime.cache().cluster(cluster);
        if (object.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(runtime.members().connect(object.get()));
        } catch (MemberConnectionException e) {
            return Optional.empty();
        }
    }

    Applied apply(HasMetadata workload, List<RemoteObjects> desired) {
        Map<String, KubernetesClient> clients = new LinkedHashMap<>();
        List<String> conflicts = new ArrayList<>();
        List<String> conflictedClusters = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        for (RemoteObjects remote : desired) {
            Optional<KubernetesClient> client = client(remote.cluster());
            if (client.isEmpty()) {
                unavailable.add(remote.cluster());
                continue;
            }
            try {
                for (var result :
                        RemoteApplier.apply(
                                client.get(), remote, workload.getMetadata().getUid())) {
                    switch (result.outcome()) {
                        case CONFLICT -> {
                            conflicts.add(result.describe() + " in cluster " + remote.cluster());
                            if (!conflictedClusters.contains(remote.cluster())) {
                                conflictedClusters.add(remote.cluster());
                            }
                        }
                        default -> {}
                    }
                }
                clients.put(remote.cluster(), client.get());
            } catch (KubernetesClientException e) {
                LOG.debugf(
                        "Dispatch of %s to %s failed: %s",
                        workload.getMetadata().getName(), remote.cluster(), e.getMessage());
                unavailable.add(remote.cluster());
            }
        }
        return new Applied(clients, conflicts, conflictedClusters, unavailable);
    }

    /**
     * Deletes the remote objects. A member that cannot be reached is retried until the configured
     * bound after the deletion began; then the workload is let go with a warning.
     */
    DeleteControl cleanup(HasMetadata workload, List<RemoteObjects> remote) {
        List<String> unreachable = new ArrayList<>();
        for (RemoteObjects objects : remote) {
            Optional<KubernetesClient> client = client(objects.cluster());
            if (client.isEmpty()) {
                unreachable.add(objects.cluster());
                continue;
            }
            try {
                RemoteApplier.delete(client.get(), objects, workload.getMetadata().getUid());
            } catch (KubernetesClientException e) {
                unreachable.add(objects.cluster());
            }
        }
        if (unreachable.isEmpty()) {
            return DeleteControl.defaultDelete();
        }
        String since = workload.getMetadata().getDeletionTimestamp();
        Instant started = since == null ? runtime.clock().instant() : Instant.parse(since);
        Duration bound = runtime.config().unreachableDeletionTimeout();
        if (runtime.clock().instant().isBefore(started.plus(bound))) {
            runtime.events()
                    .warning(
                            workload,
                            "CleanupPending",
                            "waiting for clusters "
                                    + unreachable
                                    + " to delete remote objects (gives up "
                                    + bound.toMinutes()
                                    + " min after deletion began)");
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(DELETE_RETRY.toMillis());
        }
        runtime.events()
                .warning(
                        workload,
                        "CleanupAbandoned",
                        "clusters "
                                + unreachable
                                + " stayed unreachable for "
                                + bound.toMinutes()
                                + " min; remote objects there may remain and are labelled locus.dev/workload-uid="
                                + workload.getMetadata().getUid());
        return DeleteControl.defaultDelete();
    }
}
