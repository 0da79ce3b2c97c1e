package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.capacity.ClusterStatusAggregator;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.stream.Collectors;

/** Keeps each Cluster's status current: the zones it belongs to, stamped with its generation. */
@ControllerConfiguration(name = "cluster")
public class ClusterReconciler implements Reconciler<Cluster> {

    static final String ZONES = "zones";

    private InformerEventSource<SovereigntyZone, Cluster> zones;

    @Override
    public List<EventSource<?, Cluster>> prepareEventSources(EventSourceContext<Cluster> context) {
        // A zone's jurisdictions decide every cluster's membership, so any zone change
        // revisits all clusters.
        var config =
                InformerEventSourceConfiguration.from(SovereigntyZone.class, Cluster.class)
                        .withName(ZONES)
                        .withSecondaryToPrimaryMapper(
                                zone ->
                                        context.getPrimaryCache()
                                                .list()
                                                .map(ResourceID::fromResource)
                                                .collect(Collectors.toSet()))
                        .build();
        zones = new InformerEventSource<>(config, context);
        return List.of(zones);
    }

    @Override
    public UpdateControl<Cluster> reconcile(Cluster cluster, Context<Cluster> context) {
        ClusterStatus desired =
                ClusterStatusAggregator.desired(
                        cluster, cluster.getStatus(), zones.list().toList());
        if (StatusDiff.same(cluster.getStatus(), desired)) {
            return UpdateControl.noUpdate();
        }
        cluster.setStatus(desired);
        return UpdateControl.patchStatus(cluster);
    }
}
