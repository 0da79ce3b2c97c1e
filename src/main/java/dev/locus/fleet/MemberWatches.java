package dev.locus.fleet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Watches the Jobs and Deployments Locus created in each member cluster, so their progress flows
 * back to the hub without polling. Informers start when a member connects and stop when it
 * disconnects.
 */
public final class MemberWatches implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MemberWatches.class);

    /** Label every remote object carries; the watches select on it. */
    private final String uidLabel;

    private final String nameLabel;
    private final String namespaceLabel;
    private final String kindLabel;
    private final Consumer<RemoteChange> listener;
    private final Map<String, List<SharedIndexInformer<?>>> informers = new ConcurrentHashMap<>();
    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

    public MemberWatches(
            String uidLabel,
            String nameLabel,
            String namespaceLabel,
            String kindLabel,
            Consumer<RemoteChange> listener) {
        this.uidLabel = uidLabel;
        this.nameLabel = nameLabel;
        this.namespaceLabel = namespaceLabel;
        this.kindLabel = kindLabel;
        this.listener = listener;
    }

    /**
     * Makes sure a member cluster is watched with this client: starts the watches if they are not
     * running (the member was unreachable before, or the client changed).
     */
    public synchronized void ensure(String cluster, KubernetesClient client) {
        List<SharedIndexInformer<?>> current = informers.get(cluster);
        if (current != null
                && clients.get(cluster) == client
                && current.size() == 2
                && current.stream().allMatch(SharedIndexInformer::isRunning)) {
            return;
        }
        start(cluster, client);
    }

    /** Starts watching a member cluster (restarting if it was watched with another client). */
    public synchronized void start(String cluster, KubernetesClient client) {
        stop(cluster);
        clients.put(cluster, client);
        List<SharedIndexInformer<?>> started = new ArrayList<>();
        try {
            started.add(
                    client.batch()
                            .v1()
                            .jobs()
                            .inAnyNamespace()
                            .withLabel(uidLabel)
                            .inform(handler(cluster), 0));
            started.add(
                    client.apps()
                            .deployments()
                            .inAnyNamespace()
                            .withLabel(uidLabel)
                            .inform(handler(cluster), 0));
        } catch (RuntimeException e) {
            // An unreachable member: the probe reports it; the next connect retries.
            LOG.debugf("Cannot watch member cluster %s yet: %s", cluster, e.getMessage());
        }
        informers.put(cluster, started);
    }

    /** Stops watching a member cluster. */
    public synchronized void stop(String cluster) {
        clients.remove(cluster);
        List<SharedIndexInformer<?>> old = informers.remove(cluster);
        if (old != null) {
            old.forEach(SharedIndexInformer::stop);
        }
    }

    @Override
    public synchronized void close() {
        List.copyOf(informers.keySet()).forEach(this::stop);
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler(String cluster) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                fire(cluster, obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                fire(cluster, newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                fire(cluster, obj);
            }
        };
    }

    private void fire(String cluster, HasMetadata remote) {
        Map<String, String> labels = remote.getMetadata().getLabels();
        if (labels == null || labels.get(nameLabel) == null || labels.get(namespaceLabel) == null) {
            return;
        }
        listener.accept(
                new RemoteChange(
                        cluster,
                        labels.get(kindLabel),
                        labels.get(namespaceLabel),
                        labels.get(nameLabel)));
    }
}
