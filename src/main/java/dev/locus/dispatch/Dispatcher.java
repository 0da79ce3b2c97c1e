package dev.locus.dispatch;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.fleet.MemberClients;
import dev.locus.fleet.MemberConnectionException;
import dev.locus.fleet.MemberWatches;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jboss.logging.Logger;

/** Applies and deletes a workload's remote objects in its member clusters. */
public final class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    /** The result of applying one workload's objects everywhere. */
    public record Applied(
            Map<String, KubernetesClient> clients,
            List<String> conflicts,
            List<String> conflictedClusters,
            List<String> unavailable) {}

    /** The result of deleting them: done, or waiting for clusters, or given up on them. */
    public record Cleanup(boolean done, List<String> unreachable, boolean abandoned) {}

    /**
     * How Locus dispatches.
     *
     * @param unreachableDeletionTimeout how long deletion waits for an unreachable member
     * @param reservedNamespaces namespaces Locus never dispatches into
     * @param namespaceLabels labels of the namespaces Locus creates (Pod Security Admission)
     */
    public record Settings(
            Duration unreachableDeletionTimeout,
            Set<String> reservedNamespaces,
            Map<String, String> namespaceLabels) {

        /** The namespaces of Kubernetes itself, and the operator's own. */
        public static Set<String> reserved(String operatorNamespace) {
            return Set.of("kube-system", "kube-public", "kube-node-lease", operatorNamespace);
        }

        /** Pod Security Admission labels: enforce one level, warn at another. */
        public static Map<String, String> podSecurity(String enforce, String warn) {
            Map<String, String> labels = new LinkedHashMap<>();
            if (enforce != null && !enforce.isBlank()) {
                labels.put("pod-security.kubernetes.io/enforce", enforce);
            }
            if (warn != null && !warn.isBlank()) {
                labels.put("pod-security.kubernetes.io/warn", warn);
            }
            return Map.copyOf(labels);
        }
    }

    private final MemberClients members;
    private final MemberWatches watches;
    private final Function<String, Optional<Cluster>> clusters;
    private final Settings settings;
    private final Map<String, Set<String>> namespaces = new ConcurrentHashMap<>();

    /**
     * @param clusters the Cluster objects by name (the hub cache), to connect to a member
     */
    public Dispatcher(
            MemberClients members,
            MemberWatches watches,
            Function<String, Optional<Cluster>> clusters,
            Settings settings) {
        this.members = members;
        this.watches = watches;
        this.clusters = clusters;
        this.settings = settings;
        members.onDisconnect((cluster, client) -> namespaces.remove(cluster));
    }

    public Duration unreachableDeletionTimeout() {
        return settings.unreachableDeletionTimeout();
    }

    /** True for a namespace Locus never dispatches into. */
    public boolean isReserved(String namespace) {
        return settings.reservedNamespaces().contains(namespace);
    }

    /** The client for a member cluster: the connected one, or a fresh connection. */
    public Optional<KubernetesClient> client(String cluster) {
        Optional<KubernetesClient> connected = members.client(cluster);
        if (connected.isPresent()) {
            return connected;
        }
        Optional<Cluster> object = clusters.apply(cluster);
        if (object.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(members.connect(object.get()));
        } catch (MemberConnectionException e) {
            return Optional.empty();
        }
    }

    /** Creates or adopts every object, cluster by cluster; never touches another's object. */
    public Applied apply(HasMetadata workload, List<RemoteObjects> desired) {
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
                                client.get(),
                                remote,
                                workload.getMetadata().getUid(),
                                known(remote.cluster()),
                                settings.namespaceLabels())) {
                    if (result.outcome() == RemoteApplier.Outcome.CONFLICT) {
                        conflicts.add(result.describe() + " in cluster " + remote.cluster());
                        if (!conflictedClusters.contains(remote.cluster())) {
                            conflictedClusters.add(remote.cluster());
                        }
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
     * Deletes the remote objects. A member that cannot be reached is retried until {@code
     * unreachableDeletionTimeout} after the deletion began; then the workload is let go.
     */
    public Cleanup cleanup(HasMetadata workload, List<RemoteObjects> remote, Instant now) {
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
            return new Cleanup(true, List.of(), false);
        }
        String since = workload.getMetadata().getDeletionTimestamp();
        Instant started = since == null ? now : Instant.parse(since);
        boolean abandoned = !now.isBefore(started.plus(settings.unreachableDeletionTimeout()));
        return new Cleanup(abandoned, unreachable, abandoned);
    }

    /**
     * A Job Locus created in a member, from the member's cache once it is watched, else read from
     * its API server; empty when it does not exist or cannot be read.
     */
    public Optional<Job> job(String cluster, String namespace, String name) {
        if (watches.seesRemoteObjects(cluster)) {
            return watches.job(cluster, namespace, name);
        }
        return client(cluster)
                .flatMap(
                        c -> {
                            try {
                                return Optional.ofNullable(
                                        c.batch()
                                                .v1()
                                                .jobs()
                                                .inNamespace(namespace)
                                                .withName(name)
                                                .get());
                            } catch (KubernetesClientException e) {
                                return Optional.empty();
                            }
                        });
    }

    /** A Deployment Locus created in a member, read the same way as {@link #job}. */
    public Optional<Deployment> deployment(String cluster, String namespace, String name) {
        if (watches.seesRemoteObjects(cluster)) {
            return watches.deployment(cluster, namespace, name);
        }
        return client(cluster)
                .flatMap(
                        c -> {
                            try {
                                return Optional.ofNullable(
                                        c.apps()
                                                .deployments()
                                                .inNamespace(namespace)
                                                .withName(name)
                                                .get());
                            } catch (KubernetesClientException e) {
                                return Optional.empty();
                            }
                        });
    }

    /** What the member's cache and this dispatcher already know of a cluster. */
    private RemoteApplier.Known known(String cluster) {
        Set<String> made = namespaces.computeIfAbsent(cluster, c -> ConcurrentHashMap.newKeySet());
        return new RemoteApplier.Known() {
            @Override
            public Optional<HasMetadata> cached(HasMetadata desired) {
                return watches.cached(cluster, desired);
            }

            @Override
            public boolean hasNamespace(String namespace) {
                return made.contains(namespace);
            }

            @Override
            public void namespaceExists(String namespace) {
                made.add(namespace);
            }
        };
    }
}
