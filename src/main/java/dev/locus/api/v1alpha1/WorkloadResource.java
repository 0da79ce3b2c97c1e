package dev.locus.api.v1alpha1;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** A TrainingJob or an InferenceEndpoint: what Locus decides, dispatches and follows alike. */
public interface WorkloadResource extends HasMetadata {

    WorkloadSpec getSpec();

    WorkloadStatus getStatus();

    /**
     * The same object (metadata and spec shared, not copied) with another status: what a status
     * write sends.
     */
    WorkloadResource withStatus(WorkloadStatus status);

    /** A new, empty status of this kind's class. */
    WorkloadStatus newStatus();
}
