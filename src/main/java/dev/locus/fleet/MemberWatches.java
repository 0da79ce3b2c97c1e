package dev.locus.fleet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Watches each member cluster: the Jobs and Deployments Locus created there (so their progress
 * flows back to the hub without polling, and dispatch reads them without a request), and its nodes
 * and accelerator pods (so pool capacity is current), keeping of those only what capacity reads.
 * Informers start when a member is first reached and stop when it is disconnected.
 */
public final class MemberWatches implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MemberWatches.class);

    private record Watched(
            KubernetesClient client,
            SharedIndexInformer<Job> jobs,
            SharedIndexInformer<Deployment> deployments,
            SharedIndexInformer<Service> services,
            SharedIndexInformer<Node> nodes,
            SharedIndexInformer<Pod> pods) {
        boolean running() {
            return jobs.isRunning()
                    && deployments.isRunning()
                    && services.isRunning()
                    && nodes.isRunning()
                    && pods.isRunning();
        }

        void stop() {
            jobs.stop();
            deployments.stop();
            services.stop();
            nodes.stop();
            pods.stop();
        }
    }

    private final String uidLabel;
    private final String nameLabel;
    private final String namespaceLabel;
    private final String kindLabel;
    private final List<Consumer<RemoteChange>> remoteListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> inventoryListeners = new CopyOnWriteArrayList<>();
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();

    public MemberWatches(
            String uidLabel, String nameLabel, String namespaceLabel, String kindLabel) {
        this.uidLabel = uidLabel;
        this.nameLabel = nameLabel;
        this.namespaceLabel = namespaceLabel;
        this.kindLabel = kindLabel;
    }

    /** Called when a Job or Deployment Locus created in a member changes. */
    public void onRemoteChange(Consumer<RemoteChange> listener) {
        remoteListeners.add(listener);
    }

    /** Called with the cluster's name when a node or a pod there changes. */
    public void onInventoryChange(Consumer<String> listener) {
        inventoryListeners.add(listener);
    }

    /**
     * Makes sure a member cluster is watched with this client: starts the watches if they are not
     * running (the member was unreachable before, or the client changed).
     */
    public synchronized void ensure(String cluster, KubernetesClient client) {
        Watched current = watched.get(cluster);
        if (current != null && current.client() == client && current.running()) {
            return;
        }
        start(cluster, client);
    }

    /** Starts watching a member cluster (restarting if it was watched with another client). */
    public synchronized void start(String cluster, KubernetesClient client) {
        stop(cluster);
        try {
            // Of what Locus made, keep what dispatch and progress read; not the pod templates.
            String ours = uidLabel.substring(0, uidLabel.indexOf('/') + 1);
            SharedIndexInformer<Job> jobs =
                    client.batch()
                            .v1()
                            .jobs()
                            .inAnyNamespace()
                            .withLabel(uidLabel)
                            .runnableInformer(0);
            jobs.itemStore(SlimStore.jobs(ours)).addEventHandler(remote(cluster));
            SharedIndexInformer<Deployment> deployments =
                    client.apps()
                            .deployments()
                            .inAnyNamespace()
                            .withLabel(uidLabel)
                            .runnableInformer(0);
            deployments.itemStore(SlimStore.deployments(ours)).addEventHandler(remote(cluster));
            SharedIndexInformer<Service> services =
                    client.services().inAnyNamespace().withLabel(uidLabel).runnableInformer(0);
            services.itemStore(SlimStore.services(ours)).addEventHandler(handler(service -> {}));
            // As inform() did: each lists before the next starts, and a member that cannot be
            // listed throws here (the next probe retries).
            jobs.run();
            deployments.run();
            services.run();
            // Of nodes and pods, keep only what capacity reads (SlimStore).
            SharedIndexInformer<Node> nodes = client.nodes().runnableInformer(0);
            nodes.itemStore(SlimStore.nodes()).addEventHandler(inventory(cluster));
            SharedIndexInformer<Pod> pods = client.pods().inAnyNamespace().runnableInformer(0);
            pods.itemStore(SlimStore.pods(uidLabel)).addEventHandler(acceleratorPods(cluster));
            watched.put(cluster, new Watched(client, jobs, deployments, services, nodes, pods));
            inventoryChanged(cluster);
            // Once both have listed, the cluster's capacity can be seen: say so even if it has
            // no node or pod to announce.
            CompletableFuture.allOf(
                            nodes.start().toCompletableFuture(), pods.start().toCompletableFuture())
                    .thenRun(() -> inventoryChanged(cluster));
        } catch (RuntimeException e) {
            // An unreachable member: the probe reports it, and the next probe retries.
            LOG.debugf("Cannot watch member cluster %s yet: %s", cluster, e.getMessage());
        }
    }

    /** Stops watching a member cluster. */
    public synchronized void stop(String cluster) {
        Watched old = watched.remove(cluster);
        if (old != null) {
            old.stop();
            inventoryChanged(cluster);
        }
    }

    /** True when the cluster's nodes and pods are being watched (its capacity can be seen). */
    public boolean sees(String cluster) {
        Watched w = watched.get(cluster);
        return w != null && w.nodes().hasSynced() && w.pods().hasSynced();
    }

    /** The member's nodes as last seen; empty when it is not watched. */
    public List<Node> nodes(String cluster) {
        Watched w = watched.get(cluster);
        return w == null ? List.of() : w.nodes().getStore().list();
    }

    /** The Jobs Locus created in the member, as last seen. */
    public List<Job> jobs(String cluster) {
        Watched w = watched.get(cluster);
        return w == null ? List.of() : w.jobs().getStore().list();
    }

    /** The Deployments Locus created in the member, as last seen. */
    public List<Deployment> deployments(String cluster) {
        Watched w = watched.get(cluster);
        return w == null ? List.of() : w.deployments().getStore().list();
    }

    /** A Job Locus created, from the member's cache; empty when not there or not watched. */
    public Optional<Job> job(String cluster, String namespace, String name) {
        Watched w = watched.get(cluster);
        return w == null
                ? Optional.empty()
                : Optional.ofNullable(w.jobs().getStore().getByKey(namespace + "/" + name));
    }

    /** A Deployment Locus created, from the member's cache; empty when not there or not watched. */
    public Optional<Deployment> deployment(String cluster, String namespace, String name) {
        Watched w = watched.get(cluster);
        return w == null
                ? Optional.empty()
                : Optional.ofNullable(w.deployments().getStore().getByKey(namespace + "/" + name));
    }

    /** True when the Jobs, Deployments and Services Locus created in the cluster are cached. */
    public boolean seesRemoteObjects(String cluster) {
        Watched w = watched.get(cluster);
        return w != null
                && w.jobs().hasSynced()
                && w.deployments().hasSynced()
                && w.services().hasSynced();
    }

    /**
     * An object Locus creates in a member (Job, Deployment, Service), as the cache holds it:
     * present, empty when the cache knows it is not there, or null when the cache cannot say (not
     * watched yet, or not a kind it holds).
     */
    public Optional<HasMetadata> cached(String cluster, HasMetadata object) {
        Watched w = watched.get(cluster);
        if (w == null || !seesRemoteObjects(cluster)) {
            return null;
        }
        SharedIndexInformer<? extends HasMetadata> informer =
                switch (object.getKind()) {
                    case "Job" -> w.jobs();
                    case "Deployment" -> w.deployments();
                    case "Service" -> w.services();
                    default -> null;
                };
        if (informer == null) {
            return null;
        }
        String key = object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
        return Optional.ofNullable(informer.getStore().getByKey(key));
    }

    /** The member's pods as last seen; empty when it is not watched. */
    public List<Pod> pods(String cluster) {
        Watched w = watched.get(cluster);
        return w == null ? List.of() : w.pods().getStore().list();
    }

    @Override
    public synchronized void close() {
        List.copyOf(watched.keySet()).forEach(this::stop);
    }

    private <T extends HasMetadata> ResourceEventHandler<T> remote(String cluster) {
        return handler(obj -> fire(cluster, obj));
    }

    private <T extends HasMetadata> ResourceEventHandler<T> inventory(String cluster) {
        return handler(obj -> inventoryChanged(cluster));
    }

    /** Pod changes that can change a pool's capacity: of pods that request accelerators. */
    private ResourceEventHandler<Pod> acceleratorPods(String cluster) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (SlimStore.slimPod(pod, uidLabel) != null) {
                    inventoryChanged(cluster);
                }
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                if (SlimStore.slimPod(before, uidLabel) != null
                        || SlimStore.slimPod(after, uidLabel) != null) {
                    inventoryChanged(cluster);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                inventoryChanged(cluster);
            }
        };
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> onEvent) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onEvent.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onEvent.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onEvent.accept(obj);
            }
        };
    }

    private void inventoryChanged(String cluster) {
        inventoryListeners.forEach(l -> l.accept(cluster));
    }

    private void fire(String cluster, HasMetadata remote) {
        Map<String, String> labels = remote.getMetadata().getLabels();
        if (labels == null || labels.get(nameLabel) == null || labels.get(namespaceLabel) == null) {
            return;
        }
        RemoteChange change =
                new RemoteChange(
                        cluster,
                        labels.get(kindLabel),
                        labels.get(namespaceLabel),
                        labels.get(nameLabel));
        remoteListeners.forEach(l -> l.accept(change));
    }
}
