package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.capacity.ZoneStatusAggregator;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keeps each SovereigntyZone's status current: member clusters and pools counted, capacity summed,
 * and a Ready condition that turns False when no capacity in the zone can be reached.
 */
@ControllerConfiguration(name = "sovereigntyzone")
public class SovereigntyZoneReconciler implements Reconciler<SovereigntyZone> {

    private final LocusRuntime runtime;

    @Inject
    public SovereigntyZoneReconciler(LocusRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public List<EventSource<?, SovereigntyZone>> prepareEventSources(
            EventSourceContext<SovereigntyZone> context) {
        // Any Cluster or pool may change any zone's members or capacity.
        return List.of(
                everyZoneOn(Cluster.class, "clusters", context),
                everyZoneOn(GPUPool.class, "pools", context));
    }

    private static <R extends HasMetadata> InformerEventSource<R, SovereigntyZone> everyZoneOn(
            Class<R> type, String name, EventSourceContext<SovereigntyZone> context) {
        var config =
                InformerEventSourceConfiguration.from(type, SovereigntyZone.class)
                        .withName(name)
                        .withSecondaryToPrimaryMapper(
                                r ->
                                        context.getPrimaryCache()
                                                .list()
                                                .map(ResourceID::fromResource)
                                                .collect(Collectors.toSet()))
                        .build();
        return new InformerEventSource<>(config, context);
    }

    @Override
    public UpdateControl<SovereigntyZone> reconcile(
            SovereigntyZone zone, Context<SovereigntyZone> context) {
        var desired =
                ZoneStatusAggregator.desired(
                        zone,
                        context.getSecondaryResources(Cluster.class),
                        context.getSecondaryResources(GPUPool.class),
                        runtime.clock().instant());
        if (StatusDiff.same(zone.getStatus(), desired)) {
            return UpdateControl.noUpdate();
        }
        zone.setStatus(desired);
        return UpdateControl.patchStatus(zone);
    }
}
