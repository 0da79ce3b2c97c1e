package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.TrainingJob;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Informer caches of every Locus kind in the hub: the one consistent place a scheduling pass and
 * the status aggregators read the fleet from.
 */
public final class HubCache implements HubView, AutoCloseable {

    private final KubernetesClient hub;
    private final List<Runnable> onChange = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> onClusterDeleted = new CopyOnWriteArrayList<>();
    private final List<SharedIndexInformer<?>> all = new ArrayList<>();
    private SharedIndexInformer<SovereigntyZone> zones;
    private SharedIndexInformer<Cluster> clusters;
    private SharedIndexInformer<GPUPool> pools;
    private SharedIndexInformer<TrainingJob> trainingJobs;
    private volatile SharedIndexInformer<InferenceEndpoint> inferenceEndpoints;

    public HubCache(KubernetesClient hub) {
        this.hub = hub;
    }

    /** Called after any change to any Locus object in the hub. */
    public void onChange(Runnable listener) {
        onChange.add(listener);
    }

    /** Called with the name of a Cluster that was deleted. */
    public void onClusterDeleted(Consumer<String> listener) {
        onClusterDeleted.add(listener);
    }

    /** Starts the informers and waits for their first list. */
    public synchronized void start() {
        if (zones != null) {
            return;
        }
        zones = inform(hub.resources(SovereigntyZone.class).inform(handler(), 0));
        clusters = inform(hub.resources(Cluster.class).inform(clusterHandler(), 0));
        pools = inform(hub.resources(GPUPool.class).inform(handler(), 0));
        trainingJobs =
                inform(hub.resources(TrainingJob.class).inAnyNamespace().inform(handler(), 0));
        inferenceEndpoints =
                inform(
                        hub.resources(InferenceEndpoint.class)
                                .inAnyNamespace()
                                .inform(handler(), 0));
    }

    private <T> SharedIndexInformer<T> inform(SharedIndexInformer<T> informer) {
        all.add(informer);
        return informer;
    }

    @Override
    public List<SovereigntyZone> zones() {
        return zones.getStore().list();
    }

    @Override
    public List<Cluster> clusters() {
        return clusters.getStore().list();
    }

    @Override
    public List<GPUPool> pools() {
        return pools.getStore().list();
    }

    @Override
    public List<TrainingJob> trainingJobs() {
        return trainingJobs.getStore().list();
    }

    @Override
    public List<InferenceEndpoint> inferenceEndpoints() {
        return inferenceEndpoints.getStore().list();
    }

    public Optional<Cluster> cluster(String name) {
        return Optional.ofNullable(clusters.getStore().getByKey(name));
    }

    public Optional<GPUPool> pool(String name) {
        return Optional.ofNullable(pools.getStore().getByKey(name));
    }

    /** True once every informer has listed its kind. */
    @Override
    public boolean isSynced() {
        // Listeners fire while the later informers are still being created: wait for all five.
        return inferenceEndpoints != null && all.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    @Override
    public synchronized void close() {
        all.forEach(SharedIndexInformer::stop);
        all.clear();
        zones = null;
        inferenceEndpoints = null;
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                changed();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                changed();
            }
        };
    }

    private ResourceEventHandler<Cluster> clusterHandler() {
        ResourceEventHandler<Cluster> base = handler();
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Cluster obj) {
                base.onAdd(obj);
            }

            @Override
            public void onUpdate(Cluster oldObj, Cluster newObj) {
                base.onUpdate(oldObj, newObj);
            }

            @Override
            public void onDelete(Cluster obj, boolean deletedFinalStateUnknown) {
                onClusterDeleted.forEach(l -> l.accept(obj.getMetadata().getName()));
                base.onDelete(obj, deletedFinalStateUnknown);
            }
        };
    }

    private void changed() {
        onChange.forEach(Runnable::run);
    }
}
