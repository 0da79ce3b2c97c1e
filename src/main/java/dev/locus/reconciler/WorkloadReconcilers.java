package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadStatus;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Instant;

/** What the TrainingJob and InferenceEndpoint reconcilers share. */
final class WorkloadReconcilers {

    /** Finalizer on workloads: remote objects are deleted before the workload goes. */
    static final String FINALIZER = "locus.dev/remote-objects";

    private WorkloadReconcilers() {}

    /** Sets the Dispatched condition (and the Running phase) from what applying found. */
    static void dispatched(
            LocusRuntime runtime,
            CustomResource<?, ? extends WorkloadStatus> workload,
            WorkloadStatus next,
            WorkloadDispatch.Applied applied,
            long generation,
            Instant now) {
        boolean wasDispatched = Conditions.isTrue(next.getConditions(), WorkloadStatus.DISPATCHED);
        if (!applied.conflicts().isEmpty()) {
            String message =
                    "not created, an object of the same name exists that Locus did not create for this workload: "
                            + String.join(", ", applied.conflicts());
            Conditions.set(
                    next.getConditions(),
                    WorkloadStatus.DISPATCHED,
                    false,
                    "NameConflict",
                    message,
                    generation,
                    now);
            runtime.events().warning(workload, "NameConflict", message);
            applied.conflictedClusters()
                    .forEach(c -> runtime.metrics().dispatchError(c, "NameConflict"));
        } else if (!applied.unavailable().isEmpty()) {
            String message = "cannot reach clusters " + applied.unavailable() + "; retrying";
            Conditions.set(
                    next.getConditions(),
                    WorkloadStatus.DISPATCHED,
                    false,
                    "ClusterUnavailable",
                    message,
                    generation,
                    now);
            applied.unavailable()
                    .forEach(c -> runtime.metrics().dispatchError(c, "ClusterUnavailable"));
        } else {
            String clusters = String.join(", ", applied.clients().keySet());
            Conditions.set(
                    next.getConditions(),
                    WorkloadStatus.DISPATCHED,
                    true,
                    "Dispatched",
                    "remote objects exist in " + clusters,
                    generation,
                    now);
            if (next.getPhase() == WorkloadPhase.PLACED) {
                next.setPhase(WorkloadPhase.RUNNING);
            }
            if (!wasDispatched) {
                runtime.events().normal(workload, "Dispatched", "created in " + clusters);
            }
        }
    }

    /** Writes the status only when it changed. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <W extends CustomResource> UpdateControl<W> write(W workload, WorkloadStatus next) {
        if (StatusDiff.same(workload.getStatus(), next)) {
            return UpdateControl.noUpdate();
        }
        workload.setStatus(next);
        return UpdateControl.patchStatus(workload);
    }
}
