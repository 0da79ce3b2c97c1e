package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.TrainingJob;
import java.util.List;

/** What a scheduling pass reads of the hub: every Locus object, as the caches last saw it. */
public interface HubView {

    boolean isSynced();

    List<SovereigntyZone> zones();

    List<Cluster> clusters();

    List<GPUPool> pools();

    List<TrainingJob> trainingJobs();

    List<InferenceEndpoint> inferenceEndpoints();
}
