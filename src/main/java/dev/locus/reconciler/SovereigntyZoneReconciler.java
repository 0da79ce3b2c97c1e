package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.SovereigntyZoneStatus;
import dev.locus.api.v1alpha1.Statuses;
import dev.locus.capacity.ZoneStatusAggregator;
import dev.locus.hub.EventRecorder;
import dev.locus.hub.HubCache;
import dev.locus.inventory.Memberships;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurableReconciler;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Keeps each SovereigntyZone's status current: member clusters and pools counted, capacity summed,
 * and a Ready condition that turns False when no capacity in the zone can be reached. Runs when the
 * zone, any Cluster or any pool changes.
 */
@ControllerConfiguration(name = "sovereigntyzone")
public class SovereigntyZoneReconciler
        implements Reconciler<SovereigntyZone>, ConfigurableReconciler<SovereigntyZone> {

    private final HubCache hub;
    private final EventRecorder events;
    private final Clock clock;
    private final SimpleInboundEventSource<SovereigntyZone> fleetChanges =
            new SimpleInboundEventSource<>("fleet-changes");
    private final DelayedWakes wakes = new DelayedWakes(fleetChanges);

    @Inject
    public SovereigntyZoneReconciler(HubCache hub, EventRecorder events, Clock clock) {
        this.hub = hub;
        this.events = events;
        this.clock = clock;
        // Any Cluster or pool may change any zone's members or capacity.
        hub.clusters().onChange((before, after) -> wakeAllZones());
        hub.pools().onChange((before, after) -> wakeAllZones());
    }

    private void wakeAllZones() {
        wakes.wake(hub.zones().list().stream().map(z -> z.getMetadata().getName()).toList());
    }

    @Override
    public void updateConfigurationFrom(
            ControllerConfigurationOverrider<SovereigntyZone> override) {
        HubControllers.keepItemsIn(override, hub.zones());
    }

    @Override
    public List<EventSource<?, SovereigntyZone>> prepareEventSources(
            EventSourceContext<SovereigntyZone> context) {
        HubControllers.reportSync(context, hub.zones());
        return List.of(fleetChanges);
    }

    @Override
    public UpdateControl<SovereigntyZone> reconcile(
            SovereigntyZone zone, Context<SovereigntyZone> context) {
        // Validate: a zone that cannot be read is reported, and restricted data governed by it
        // is placed nowhere (the scheduler leaves it out: fail closed).
        SovereigntyZone read = hub.zones().current(zone);
        if (!read.isValid()) {
            SovereigntyZoneStatus next =
                    zone.getStatus() == null ? new SovereigntyZoneStatus() : zone.getStatus();
            InvalidObjects.report(read, next.getConditions(), events, clock.instant());
            zone.setStatus(next);
            return UpdateControl.patchStatus(zone);
        }
        List<Cluster> clusters = hub.clusters().list();
        Set<String> names =
                Set.copyOf(
                        Memberships.of(List.of(zone), clusters)
                                .clustersOf(zone.getMetadata().getName()));
        List<Cluster> members =
                clusters.stream().filter(c -> names.contains(c.getMetadata().getName())).toList();
        SovereigntyZoneStatus desired =
                ZoneStatusAggregator.desired(zone, members, hub.pools().list(), clock.instant());
        ReconcileErrors.clear(desired.getConditions());
        Conditions.remove(desired.getConditions(), Conditions.VALID);
        if (Statuses.same(zone.getStatus(), desired)) {
            return UpdateControl.noUpdate();
        }
        zone.setStatus(desired);
        return UpdateControl.patchStatus(zone);
    }

    @Override
    public ErrorStatusUpdateControl<SovereigntyZone> updateErrorStatus(
            SovereigntyZone zone, Context<SovereigntyZone> context, Exception e) {
        SovereigntyZoneStatus next =
                zone.getStatus() == null ? new SovereigntyZoneStatus() : zone.getStatus();
        ReconcileErrors.record(next.getConditions(), zone, e, clock.instant());
        zone.setStatus(next);
        return ErrorStatusUpdateControl.patchStatus(zone);
    }
}
