package dev.locus.hub;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.FleetQuota;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadResource;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every Locus object in the hub, one {@link HubStore} per kind: the read view that reconcilers, the
 * scheduler and the status code share. Each store is filled by the one informer of its kind
 * (JOSDK's controller for that kind), never by a second watch. Namespaces, whose labels FleetQuotas
 * select on, are filled by the FleetQuota controller's one Namespace informer.
 */
public final class HubCache {

    private final HubStore<SovereigntyZone> zones = new HubStore<>("SovereigntyZone");
    private final HubStore<Cluster> clusters = new HubStore<>("Cluster");
    private final HubStore<GPUPool> pools = new HubStore<>("GPUPool");
    private final HubStore<TrainingJob> trainingJobs = new HubStore<>("TrainingJob");
    private final HubStore<InferenceEndpoint> inferenceEndpoints =
            new HubStore<>("InferenceEndpoint");
    private final HubStore<FleetQuota> quotas = new HubStore<>("FleetQuota");
    private final HubStore<Namespace> namespaces = new HubStore<>("Namespace");

    public HubStore<SovereigntyZone> zones() {
        return zones;
    }

    public HubStore<Cluster> clusters() {
        return clusters;
    }

    public HubStore<GPUPool> pools() {
        return pools;
    }

    public HubStore<TrainingJob> trainingJobs() {
        return trainingJobs;
    }

    public HubStore<InferenceEndpoint> inferenceEndpoints() {
        return inferenceEndpoints;
    }

    public HubStore<FleetQuota> quotas() {
        return quotas;
    }

    public HubStore<Namespace> namespaces() {
        return namespaces;
    }

    /** True once every kind has been listed: before that, no decision may be taken. */
    public boolean isSynced() {
        return zones.isSynced()
                && clusters.isSynced()
                && pools.isSynced()
                && trainingJobs.isSynced()
                && inferenceEndpoints.isSynced()
                && quotas.isSynced()
                && namespaces.isSynced();
    }

    /** The kinds whose informer stopped watching: their cache no longer follows the hub. */
    public List<String> notWatching() {
        List<String> out = new ArrayList<>();
        for (HubStore<?> store :
                List.of(
                        zones,
                        clusters,
                        pools,
                        trainingJobs,
                        inferenceEndpoints,
                        quotas,
                        namespaces)) {
            if (!store.isWatching()) {
                out.add(store.kind());
            }
        }
        return out;
    }

    public Optional<Cluster> cluster(String name) {
        return clusters.named(name);
    }

    public Optional<GPUPool> pool(String name) {
        return pools.named(name);
    }

    /** Every TrainingJob and InferenceEndpoint. */
    public List<WorkloadResource> workloads() {
        List<WorkloadResource> out =
                new ArrayList<>(trainingJobs.size() + inferenceEndpoints.size());
        out.addAll(trainingJobs.list());
        out.addAll(inferenceEndpoints.list());
        return out;
    }

    /** A workload by kind, namespace and name. */
    public Optional<WorkloadResource> workload(String kind, String namespace, String name) {
        if ("TrainingJob".equals(kind)) {
            return trainingJobs.named(namespace, name).map(WorkloadResource.class::cast);
        }
        if ("InferenceEndpoint".equals(kind)) {
            return inferenceEndpoints.named(namespace, name).map(WorkloadResource.class::cast);
        }
        return Optional.empty();
    }

    /** Marks every store synced: for a cache filled by hand (tests, tools). */
    public void markSynced() {
        zones.syncedWhen(() -> true);
        clusters.syncedWhen(() -> true);
        pools.syncedWhen(() -> true);
        trainingJobs.syncedWhen(() -> true);
        inferenceEndpoints.syncedWhen(() -> true);
        quotas.syncedWhen(() -> true);
        namespaces.syncedWhen(() -> true);
    }
}
