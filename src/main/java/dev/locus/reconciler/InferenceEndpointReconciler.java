package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.Workloads;
import dev.locus.dispatch.Dispatcher;
import dev.locus.dispatch.InferenceEndpointRenderer;
import dev.locus.dispatch.RemoteProgress;
import dev.locus.fleet.MemberWatches;
import dev.locus.hub.EventRecorder;
import dev.locus.hub.HubCache;
import dev.locus.metrics.LocusMetrics;
import dev.locus.scheduling.DecisionWriter;
import dev.locus.scheduling.DispatchReport;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Follows an InferenceEndpoint once the scheduler placed it: a Deployment per pool and a Service
 * per cluster used, ready replicas reported into status, remote objects deleted when the endpoint
 * goes.
 */
@ControllerConfiguration(
        name = "inferenceendpoint",
        finalizerName = PlacedWorkloads.FINALIZER,
        generationAwareEventProcessing = false,
        maxReconciliationInterval =
                @MaxReconciliationInterval(interval = 2, timeUnit = TimeUnit.MINUTES))
public class InferenceEndpointReconciler
        implements Reconciler<InferenceEndpoint>,
                ConfigurableReconciler<InferenceEndpoint>,
                Cleaner<InferenceEndpoint> {

    private final HubCache hub;
    private final PlacedWorkloads placed;
    private final SimpleInboundEventSource<InferenceEndpoint> remoteChanges =
            new SimpleInboundEventSource<>("remote-deployments");

    @Inject
    public InferenceEndpointReconciler(
            HubCache hub,
            Dispatcher dispatcher,
            DecisionWriter writer,
            MemberWatches watches,
            EventRecorder events,
            LocusMetrics metrics,
            Clock clock) {
        this.hub = hub;
        this.placed = new PlacedWorkloads(dispatcher, writer, events, metrics, clock);
        PlacedWorkloads.wakeOnRemoteChanges(watches, "InferenceEndpoint", remoteChanges);
        placed.followLeaving(hub.inferenceEndpoints(), InferenceEndpointRenderer::skeletons);
    }

    @Override
    public void updateConfigurationFrom(
            ControllerConfigurationOverrider<InferenceEndpoint> override) {
        HubControllers.keepItemsIn(override, hub.inferenceEndpoints());
    }

    @Override
    public List<EventSource<?, InferenceEndpoint>> prepareEventSources(
            EventSourceContext<InferenceEndpoint> context) {
        HubControllers.reportSync(context, hub.inferenceEndpoints());
        return List.of(remoteChanges);
    }

    @Override
    public UpdateControl<InferenceEndpoint> reconcile(
            InferenceEndpoint endpoint, Context<InferenceEndpoint> context) {
        // Validate: what cannot be read or breaks the schema is reported, never acted on.
        var read = hub.inferenceEndpoints().current(endpoint);
        if (!read.isValid()) {
            placed.invalid(read);
            return UpdateControl.noUpdate();
        }
        // Observe: only placed, unfinished work is followed here.
        if (!Workloads.holdsReservation(endpoint)) {
            // Preempted or withdrawn: what it left in member clusters goes.
            return placed.removeLeftovers(endpoint)
                    .map(
                            retry ->
                                    UpdateControl.<InferenceEndpoint>noUpdate()
                                            .rescheduleAfter(retry.toMillis()))
                    .orElseGet(UpdateControl::noUpdate);
        }
        List<Assignment> assignments = endpoint.getStatus().getPlacement().getAssignments();
        Optional<String> missing =
                assignments.stream()
                        .map(Assignment::getPool)
                        .filter(p -> hub.pool(p).isEmpty())
                        .findFirst();
        // Act: a Deployment per pool and a Service per cluster; count ready replicas.
        DispatchReport report =
                missing.isPresent()
                        ? placed.poolMissing(endpoint, missing.get())
                        : dispatch(endpoint, assignments);
        // Status: through the one writer of workload status.
        placed.write(endpoint, report);
        return PlacedWorkloads.after(report);
    }

    @Override
    public ErrorStatusUpdateControl<InferenceEndpoint> updateErrorStatus(
            InferenceEndpoint endpoint, Context<InferenceEndpoint> context, Exception e) {
        placed.failed(endpoint, e);
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    @Override
    public DeleteControl cleanup(InferenceEndpoint endpoint, Context<InferenceEndpoint> context) {
        var placement = endpoint.getStatus() == null ? null : endpoint.getStatus().getPlacement();
        if (placement == null || placement.getAssignments().isEmpty()) {
            return DeleteControl.defaultDelete();
        }
        return placed.cleanup(
                endpoint,
                InferenceEndpointRenderer.skeletons(endpoint, placement.getAssignments()));
    }

    private DispatchReport dispatch(InferenceEndpoint endpoint, List<Assignment> assignments) {
        var desired =
                InferenceEndpointRenderer.desired(
                        endpoint,
                        assignments,
                        pool -> hub.pool(pool).map(GPUPool::getSpec).orElseThrow());
        DispatchReport report = placed.apply(endpoint, desired);
        int ready = 0;
        for (Assignment a : assignments) {
            String name = InferenceEndpointRenderer.deploymentName(endpoint, a.getPool());
            ready +=
                    placed.dispatcher()
                            .deployment(a.getCluster(), endpoint.getMetadata().getNamespace(), name)
                            .map(RemoteProgress::readyReplicas)
                            .orElse(0);
        }
        return report.withReadyReplicas(ready);
    }
}
