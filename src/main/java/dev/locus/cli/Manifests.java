package dev.locus.cli;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.FleetQuota;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.TrainingJob;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Locus objects read from a set of manifests, in the order they were found, with the Namespace
 * objects (whose labels select FleetQuotas) and where each object was read ("file: document N (Kind
 * name)"), for problems found across documents.
 */
public record Manifests(
        List<SovereigntyZone> zones,
        List<Cluster> clusters,
        List<GPUPool> pools,
        List<TrainingJob> trainingJobs,
        List<InferenceEndpoint> inferenceEndpoints,
        List<Object> workloadsInOrder,
        List<FleetQuota> quotas,
        List<Namespace> namespaces,
        Map<Object, String> locations) {

    /** An empty, growable set. */
    public static Manifests empty() {
        return new Manifests(
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new IdentityHashMap<>());
    }

    /** Where an object was read: "file: document N (Kind name)". */
    public String where(Object object) {
        return locations.getOrDefault(object, "?");
    }
}
