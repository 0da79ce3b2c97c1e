package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.dispatch.RemoteObjects;
import dev.locus.dispatch.RemoteProgress;
import dev.locus.dispatch.TrainingJobRenderer;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Follows a TrainingJob after the scheduler decided it: dispatch the Indexed Job and its Service to
 * the chosen cluster, mirror the remote Job's progress into status, and delete the remote objects
 * when the TrainingJob goes. Pending ones only nudge the scheduler.
 */
@ControllerConfiguration(
        name = "trainingjob",
        finalizerName = WorkloadReconcilers.FINALIZER,
        // Status written by the scheduler (Placed) must wake this reconciler up.
        generationAwareEventProcessing = false,
        maxReconciliationInterval =
                @MaxReconciliationInterval(interval = 2, timeUnit = TimeUnit.MINUTES))
public class TrainingJobReconciler implements Reconciler<TrainingJob>, Cleaner<TrainingJob> {

    private final LocusRuntime runtime;
    private final WorkloadDispatch dispatch;
    private final SimpleInboundEventSource<TrainingJob> remoteChanges =
            new SimpleInboundEventSource<>("remote-jobs");

    @Inject
    public TrainingJobReconciler(LocusRuntime runtime) {
        this.runtime = runtime;
        this.dispatch = new WorkloadDispatch(runtime);
        runtime.registerTrigger("TrainingJob", remoteChanges::propagateEvent);
    }

    @Override
    public List<EventSource<?, TrainingJob>> prepareEventSources(
            EventSourceContext<TrainingJob> context) {
        return List.of(remoteChanges);
    }

    @Override
    public UpdateControl<TrainingJob> reconcile(TrainingJob job, Context<TrainingJob> context) {
        if (Workloads.awaitsDecision(job)) {
            runtime.scheduler().requestPass();
            return UpdateControl.noUpdate();
        }
        WorkloadPhase phase = Workloads.phase(job);
        if (phase.isFinished()
                || job.getStatus().getPlacement() == null
                || job.getStatus().getPlacement().getAssignments().isEmpty()) {
            return UpdateControl.noUpdate();
        }
        Instant now = runtime.clock().instant();
        long generation =
                job.getMetadata().getGeneration() == null ? 0 : job.getMetadata().getGeneration();
        WorkloadStatus next = Workloads.copyOfStatus(job);
        Assignment assignment = job.getStatus().getPlacement().getAssignments().get(0);
        var pool = runtime.cache().pool(assignment.getPool());
        if (pool.isEmpty()) {
            Conditions.set(
                    next.getConditions(),
                    WorkloadStatus.DISPATCHED,
                    false,
                    "PoolNotFound",
                    "GPUPool " + assignment.getPool() + " no longer exists",
                    generation,
                    now);
            return WorkloadReconcilers.write(job, next);
        }
        RemoteObjects desired = TrainingJobRenderer.desired(job, assignment, pool.get().getSpec());
        var applied = dispatch.apply(job, List.of(desired));
        WorkloadReconcilers.dispatched(runtime, job, next, applied, generation, now);
        var client = applied.clients().get(assignment.getCluster());
        if (client != null && applied.conflicts().isEmpty()) {
            try {
                Job remote =
                        client.batch()
                                .v1()
                                .jobs()
                                .inNamespace(desired.namespace())
                                .withName(TrainingJobRenderer.name(job))
                                .get();
                WorkloadPhase progress = RemoteProgress.ofJob(remote);
                next.setPhase(progress);
                if (progress == WorkloadPhase.SUCCEEDED) {
                    next.setMessage("the Job completed in cluster " + assignment.getCluster());
                    Conditions.set(
                            next.getConditions(),
                            WorkloadStatus.COMPLETE,
                            true,
                            "JobComplete",
                            next.getMessage(),
                            generation,
                            now);
                    runtime.events().normal(job, "Succeeded", next.getMessage());
                } else if (progress == WorkloadPhase.FAILED) {
                    next.setMessage(RemoteProgress.failureOf(remote));
                    Conditions.set(
                            next.getConditions(),
                            WorkloadStatus.FAILED,
                            true,
                            "JobFailed",
                            next.getMessage(),
                            generation,
                            now);
                    runtime.events().warning(job, "Failed", next.getMessage());
                }
            } catch (KubernetesClientException e) {
                // Progress is read again on the next event or resync.
            }
        }
        next.setObservedGeneration(generation);
        return WorkloadReconcilers.write(job, next);
    }

    @Override
    public DeleteControl cleanup(TrainingJob job, Context<TrainingJob> context) {
        var placement = job.getStatus() == null ? null : job.getStatus().getPlacement();
        if (placement == null || placement.getAssignments().isEmpty()) {
            return DeleteControl.defaultDelete();
        }
        return dispatch.cleanup(
                job,
                List.of(
                        TrainingJobRenderer.skeleton(
                                job, placement.getAssignments().get(0).getCluster())));
    }
}
