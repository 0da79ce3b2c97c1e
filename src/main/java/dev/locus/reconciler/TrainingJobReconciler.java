package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.Workloads;
import dev.locus.dispatch.Dispatcher;
import dev.locus.dispatch.RemoteProgress;
import dev.locus.dispatch.TrainingJobRenderer;
import dev.locus.fleet.MemberWatches;
import dev.locus.hub.EventRecorder;
import dev.locus.hub.HubCache;
import dev.locus.metrics.LocusMetrics;
import dev.locus.scheduling.DecisionWriter;
import dev.locus.scheduling.DispatchReport;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurableReconciler;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Follows a TrainingJob once the scheduler placed it: dispatch the Indexed Job and its Service to
 * the chosen cluster, report the remote Job's progress into status, and delete the remote objects
 * when the TrainingJob goes. Deciding is the scheduler's, which reads the same cache.
 */
@ControllerConfiguration(
        name = "trainingjob",
        finalizerName = PlacedWorkloads.FINALIZER,
        // The placement (a status change) must wake this reconciler up.
        generationAwareEventProcessing = false,
        maxReconciliationInterval =
                @MaxReconciliationInterval(interval = 2, timeUnit = TimeUnit.MINUTES))
public class TrainingJobReconciler
        implements Reconciler<TrainingJob>,
                ConfigurableReconciler<TrainingJob>,
                Cleaner<TrainingJob> {

    private final HubCache hub;
    private final PlacedWorkloads placed;
    private final SimpleInboundEventSource<TrainingJob> remoteChanges =
            new SimpleInboundEventSource<>("remote-jobs");

    @Inject
    public TrainingJobReconciler(
            HubCache hub,
            Dispatcher dispatcher,
            DecisionWriter writer,
            MemberWatches watches,
            EventRecorder events,
            LocusMetrics metrics,
            Clock clock) {
        this.hub = hub;
        this.placed = new PlacedWorkloads(dispatcher, writer, events, metrics, clock);
        PlacedWorkloads.wakeOnRemoteChanges(watches, "TrainingJob", remoteChanges);
        placed.followLeaving(
                hub.trainingJobs(),
                (job, assignments) ->
                        List.of(
                                TrainingJobRenderer.skeleton(
                                        job, assignments.get(0).getCluster())));
    }

    @Override
    public void updateConfigurationFrom(ControllerConfigurationOverrider<TrainingJob> override) {
        HubControllers.keepItemsIn(override, hub.trainingJobs());
    }

    @Override
    public List<EventSource<?, TrainingJob>> prepareEventSources(
            EventSourceContext<TrainingJob> context) {
        HubControllers.reportSync(context, hub.trainingJobs());
        return List.of(remoteChanges);
    }

    @Override
    public UpdateControl<TrainingJob> reconcile(TrainingJob job, Context<TrainingJob> context) {
        // Validate: what cannot be read or breaks the schema is reported, never acted on.
        var read = hub.trainingJobs().current(job);
        if (!read.isValid()) {
            placed.invalid(read);
            return UpdateControl.noUpdate();
        }
        // Observe: only placed, unfinished work is followed here.
        if (!Workloads.holdsReservation(job)) {
            // Preempted or withdrawn: what it left in member clusters goes.
            return placed.removeLeftovers(job)
                    .map(
                            retry ->
                                    UpdateControl.<TrainingJob>noUpdate()
                                            .rescheduleAfter(retry.toMillis()))
                    .orElseGet(UpdateControl::noUpdate);
        }
        Assignment assignment = job.getStatus().getPlacement().getAssignments().get(0);
        // Act: create or adopt the remote Job and Service, and read the Job's progress.
        DispatchReport report =
                hub.pool(assignment.getPool())
                        .map(pool -> dispatch(job, assignment, pool))
                        .orElseGet(() -> placed.poolMissing(job, assignment.getPool()));
        // Status: through the one writer of workload status.
        placed.write(job, report);
        return PlacedWorkloads.after(report);
    }

    @Override
    public ErrorStatusUpdateControl<TrainingJob> updateErrorStatus(
            TrainingJob job, Context<TrainingJob> context, Exception e) {
        placed.failed(job, e);
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    @Override
    public DeleteControl cleanup(TrainingJob job, Context<TrainingJob> context) {
        var placement = job.getStatus() == null ? null : job.getStatus().getPlacement();
        if (placement == null || placement.getAssignments().isEmpty()) {
            return DeleteControl.defaultDelete();
        }
        return placed.cleanup(
                job,
                List.of(
                        TrainingJobRenderer.skeleton(
                                job, placement.getAssignments().get(0).getCluster())));
    }

    private DispatchReport dispatch(TrainingJob job, Assignment assignment, GPUPool pool) {
        var desired = TrainingJobRenderer.desired(job, assignment, pool.getSpec());
        DispatchReport report = placed.apply(job, List.of(desired));
        if (!report.dispatched()) {
            return report;
        }
        Job remote =
                placed.dispatcher()
                        .job(
                                assignment.getCluster(),
                                desired.namespace(),
                                TrainingJobRenderer.name(job))
                        .orElse(null);
        WorkloadPhase progress = RemoteProgress.ofJob(remote);
        return switch (progress) {
            case SUCCEEDED ->
                    report.withProgress(
                                    progress,
                                    "the Job completed in cluster " + assignment.getCluster())
                            .withRunTime(RemoteProgress.runTime(remote));
            case FAILED ->
                    report.withProgress(progress, RemoteProgress.failureOf(remote))
                            .withRunTime(RemoteProgress.runTime(remote));
            default -> report.withProgress(progress, null);
        };
    }
}
