package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.capacity.ClusterStatusAggregator;
import dev.locus.fleet.ClusterProbe;
import dev.locus.fleet.MemberConnectionException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Keeps each Cluster's status current: observe the Cluster, connect to its member API server, probe
 * it, and write Reachable, Ready, version, zones and capacity. Runs again every probe interval, and
 * whenever the Cluster or a zone changes.
 */
@ControllerConfiguration(name = "cluster")
public class ClusterReconciler implements Reconciler<Cluster> {

    private final LocusRuntime runtime;

    @Inject
    public ClusterReconciler(LocusRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public List<EventSource<?, Cluster>> prepareEventSources(EventSourceContext<Cluster> context) {
        // A zone's jurisdictions decide every cluster's membership, so any zone change
        // revisits all clusters.
        var zones =
                EventSources.everyPrimaryOn(SovereigntyZone.class, Cluster.class, "zones", context);
        // A pool's capacity changes its cluster's capacity.
        var pools =
                InformerEventSourceConfiguration.from(GPUPool.class, Cluster.class)
                        .withName("pools")
                        .withSecondaryToPrimaryMapper(
                                pool ->
                                        pool.getSpec() == null
                                                        || pool.getSpec().getCluster() == null
                                                ? Set.of()
                                                : Set.of(
                                                        new ResourceID(
                                                                pool.getSpec().getCluster())))
                        .build();
        return List.of(zones, new InformerEventSource<>(pools, context));
    }

    @Override
    public UpdateControl<Cluster> reconcile(Cluster cluster, Context<Cluster> context) {
        Instant now = runtime.clock().instant();
        ClusterStatusAggregator.Probe probe;
        try {
            KubernetesClient client = runtime.members().connect(cluster);
            var result = ClusterProbe.probe(client);
            probe =
                    new ClusterStatusAggregator.Probe(
                            result.reachable(),
                            result.kubernetesVersion(),
                            result.reason(),
                            result.message());
            if (result.reachable()) {
                String name = cluster.getMetadata().getName();
                runtime.watches().ensure(name, client);
                if (runtime.cache().isSynced()) {
                    List<io.fabric8.kubernetes.api.model.HasMetadata> remote =
                            new java.util.ArrayList<>();
                    remote.addAll(runtime.watches().jobs(name));
                    remote.addAll(runtime.watches().deployments(name));
                    var removed = StaleCopies.collect(name, client, remote, runtime.cache(), now);
                    if (!removed.isEmpty()) {
                        runtime.events()
                                .normal(
                                        cluster,
                                        "StaleCopiesRemoved",
                                        "removed " + String.join(", ", removed));
                    }
                }
            }
        } catch (MemberConnectionException e) {
            probe = new ClusterStatusAggregator.Probe(false, null, e.reason(), e.getMessage());
        }
        boolean wasReady =
                cluster.getStatus() != null
                        && Conditions.isTrue(
                                cluster.getStatus().getConditions(), ClusterStatus.READY);
        ClusterStatus desired =
                ClusterStatusAggregator.desired(
                        cluster,
                        cluster.getStatus(),
                        runtime.cache().zones(),
                        runtime.cache().pools(),
                        probe,
                        now);
        if (wasReady && !probe.reachable()) {
            runtime.events().warning(cluster, "ClusterNotReady", probe.message());
        } else if (!wasReady && probe.reachable()) {
            runtime.events().normal(cluster, "ClusterReady", probe.message());
        } else if (!probe.reachable() && cluster.getStatus() == null) {
            runtime.events().warning(cluster, probe.reason(), probe.message());
        }
        UpdateControl<Cluster> control;
        if (StatusDiff.same(cluster.getStatus(), desired)) {
            control = UpdateControl.noUpdate();
        } else {
            cluster.setStatus(desired);
            control = UpdateControl.patchStatus(cluster);
        }
        return control.rescheduleAfter(runtime.config().probeInterval());
    }
}
