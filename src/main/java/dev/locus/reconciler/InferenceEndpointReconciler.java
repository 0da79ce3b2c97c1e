package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.InferenceEndpointStatus;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.dispatch.InferenceEndpointRenderer;
import dev.locus.dispatch.RemoteObjects;
import dev.locus.dispatch.RemoteProgress;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Follows an InferenceEndpoint after the scheduler decided it: a Deployment per pool and a Service
 * per cluster used, ready replicas mirrored into status, remote objects deleted when the endpoint
 * goes.
 */
@ControllerConfiguration(
        name = "inferenceendpoint",
        finalizerName = WorkloadReconcilers.FINALIZER,
        generationAwareEventProcessing = false,
        maxReconciliationInterval =
                @MaxReconciliationInterval(interval = 2, timeUnit = TimeUnit.MINUTES))
public class InferenceEndpointReconciler
        implements Reconciler<InferenceEndpoint>, Cleaner<InferenceEndpoint> {

    private final LocusRuntime runtime;
    private final WorkloadDispatch dispatch;
    private final SimpleInboundEventSource<InferenceEndpoint> remoteChanges =
            new SimpleInboundEventSource<>("remote-deployments");

    @Inject
    public InferenceEndpointReconciler(LocusRuntime runtime) {
        this.runtime = runtime;
        this.dispatch = new WorkloadDispatch(runtime);
        runtime.registerTrigger("InferenceEndpoint", remoteChanges::propagateEvent);
    }

    @Override
    public List<EventSource<?, InferenceEndpoint>> prepareEventSources(
            EventSourceContext<InferenceEndpoint> context) {
        return List.of(remoteChanges);
    }

    @Override
    public UpdateControl<InferenceEndpoint> reconcile(
            InferenceEndpoint endpoint, Context<InferenceEndpoint> context) {
        if (Workloads.awaitsDecision(endpoint)) {
            runtime.scheduler().requestPass();
            return UpdateControl.noUpdate();
        }
        var placement = endpoint.getStatus().getPlacement();
        if (Workloads.phase(endpoint).isFinished()
                || placement == null
                || placement.getAssignments().isEmpty()) {
            return UpdateControl.noUpdate();
        }
        Instant now = runtime.clock().instant();
        long generation =
                endpoint.getMetadata().getGeneration() == null
                        ? 0
                        : endpoint.getMetadata().getGeneration();
        InferenceEndpointStatus next = (InferenceEndpointStatus) Workloads.copyOfStatus(endpoint);
        List<Assignment> assignments = placement.getAssignments();
        Optional<String> missing =
                assignments.stream()
                        .map(Assignment::getPool)
                        .filter(p -> runtime.cache().pool(p).isEmpty())
                        .findFirst();
        if (missing.isPresent()) {
            Conditions.set(
                    next.getConditions(),
                    WorkloadStatus.DISPATCHED,
                    false,
                    "PoolNotFound",
                    "GPUPool " + missing.get() + " no longer exists",
                    generation,
                    now);
            return WorkloadReconcilers.write(endpoint, next);
        }
        List<RemoteObjects> desired =
                InferenceEndpointRenderer.desired(
                        endpoint,
                        assignments,
                        pool -> runtime.cache().pool(pool).map(GPUPool::getSpec).orElseThrow());
        var applied = dispatch.apply(endpoint, desired);
        WorkloadReconcilers.dispatched(runtime, endpoint, next, applied, generation, now);
        int ready = 0;
        for (Assignment a : assignments) {
            var client = applied.clients().get(a.getCluster());
            if (client == null) {
                continue;
            }
            try {
                ready +=
                        RemoteProgress.readyReplicas(
                                client.apps()
                                        .deployments()
                                        .inNamespace(endpoint.getMetadata().getNamespace())
                                        .withName(
                                                InferenceEndpointRenderer.deploymentName(
                                                        endpoint, a.getPool()))
                                        .get());
            } catch (KubernetesClientException e) {
                // Counted again on the next event or resync.
            }
        }
        next.setReadyReplicas(ready);
        next.setObservedGeneration(generation);
        return WorkloadReconcilers.write(endpoint, next);
    }

    @Override
    public DeleteControl cleanup(InferenceEndpoint endpoint, Context<InferenceEndpoint> context) {
        var placement = endpoint.getStatus() == null ? null : endpoint.getStatus().getPlacement();
        if (placement == null || placement.getAssignments().isEmpty()) {
            return DeleteControl.defaultDelete();
        }
        return dispatch.cleanup(
                endpoint,
                InferenceEndpointRenderer.skeletons(endpoint, placement.getAssignments()));
    }
}
