package dev.locus.reconciler;

import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.InferenceEndpointStatus;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.TrainingJobStatus;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadSpec;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.inventory.InventoryMapper;
import dev.locus.placement.Workload;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;

/** What Locus does alike for TrainingJobs and InferenceEndpoints. */
final class Workloads {

    /** A TrainingJob or an InferenceEndpoint. */
    @SuppressWarnings("java:S1452")
    static List<CustomResource<? extends WorkloadSpec, ? extends WorkloadStatus>> all(
            HubView cache) {
        List<CustomResource<? extends WorkloadSpec, ? extends WorkloadStatus>> out =
                new ArrayList<>();
        out.addAll(cache.trainingJobs());
        out.addAll(cache.inferenceEndpoints());
        return out;
    }

    private Workloads() {}

    static WorkloadPhase phase(CustomResource<?, ? extends WorkloadStatus> w) {
        WorkloadStatus status = w.getStatus();
        return status == null || status.getPhase() == null
                ? WorkloadPhase.PENDING
                : status.getPhase();
    }

    /** True while a workload waits for the scheduler: never placed, or Unschedulable. */
    static boolean awaitsDecision(CustomResource<?, ? extends WorkloadStatus> w) {
        WorkloadPhase phase = phase(w);
        return (phase == WorkloadPhase.PENDING || phase == WorkloadPhase.UNSCHEDULABLE)
                && w.getMetadata().getDeletionTimestamp() == null;
    }

    /** True while a workload holds accelerators: placed or running, not being deleted. */
    static boolean holdsReservation(CustomResource<?, ? extends WorkloadStatus> w) {
        return phase(w).holdsReservation() && w.getMetadata().getDeletionTimestamp() == null;
    }

    /** A deep copy of the workload's status (or a new one), to build the next status on. */
    static WorkloadStatus copyOfStatus(CustomResource<?, ? extends WorkloadStatus> w) {
        WorkloadStatus current = w.getStatus();
        if (current != null) {
            return Serialization.clone(current);
        }
        return w instanceof TrainingJob ? new TrainingJobStatus() : new InferenceEndpointStatus();
    }

    static Workload toEngine(CustomResource<?, ?> w, long sequence) {
        return w instanceof TrainingJob job
                ? InventoryMapper.trainingJob(job, sequence)
                : InventoryMapper.inferenceEndpoint((InferenceEndpoint) w, sequence);
    }

    /** namespace/name, for logs and events. */
    static String key(CustomResource<?, ?> w) {
        return w.getKind() + " " + w.getMetadata().getNamespace() + "/" + w.getMetadata().getName();
    }
}
