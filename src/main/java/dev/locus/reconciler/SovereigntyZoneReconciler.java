package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.capacity.ZoneStatusAggregator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import jakarta.inject.Inject;
import java.util.List;

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
                EventSources.everyPrimaryOn(
                        Cluster.class, SovereigntyZone.class, "clusters", context),
                EventSources.everyPrimaryOn(
                        GPUPool.class, SovereigntyZone.class, "pools", context));
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
