package dev.locus.cli;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.TrainingJob;
import java.util.ArrayList;
import java.util.List;

/** The Locus objects read from a set of manifests, in the order they were found. */
public record Manifests(
        List<SovereigntyZone> zones,
        List<Cluster> clusters,
        List<GPUPool> pools,
        List<TrainingJob> trainingJobs,
        List<InferenceEndpoint> inferenceEndpoints,
        List<Object> workloadsInOrder) {

    /** An empty, growable set. */
    public static Manifests empty() {
        return new Manifests(
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>());
    }
}
