package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.GPUPoolStatus;
import dev.locus.api.v1alpha1.Statuses;
import dev.locus.capacity.PoolCapacity;
import dev.locus.fleet.MemberWatches;
import dev.locus.hub.EventRecorder;
import dev.locus.hub.HubCache;
import dev.locus.inventory.Memberships;
import dev.locus.metrics.LocusMetrics;
import dev.locus.scheduling.ReservationLedger;
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
import java.util.Objects;

/**
 * Keeps each GPUPool's status true: capacity from its member cluster's nodes and pods (from the
 * member caches) and Locus' reservations (from the ledger). Runs when the pool changes, when a node
 * or pod of its cluster changes, when what Locus holds on it changes, and every resync interval;
 * JOSDK folds a burst of such events into one run per pool.
 */
@ControllerConfiguration(name = "gpupool")
public class GPUPoolReconciler implements Reconciler<GPUPool>, ConfigurableReconciler<GPUPool> {

    private final HubCache hub;
    private final MemberWatches watches;
    private final ReservationLedger ledger;
    private final EventRecorder events;
    private final PoolCapacity capacity;
    private final LocusMetrics metrics;
    private final Clock clock;
    private final ReconcilerSettings settings;
    private final SimpleInboundEventSource<GPUPool> capacityChanges =
            new SimpleInboundEventSource<>("capacity-changes");

    @Inject
    public GPUPoolReconciler(
            HubCache hub,
            MemberWatches watches,
            ReservationLedger ledger,
            EventRecorder events,
            PoolCapacity capacity,
            LocusMetrics metrics,
            Clock clock,
            ReconcilerSettings settings) {
        this.hub = hub;
        this.watches = watches;
        this.ledger = ledger;
        this.events = events;
        this.capacity = capacity;
        this.metrics = metrics;
        this.clock = clock;
        this.settings = settings;
        // Capacity moves with every placement and every pod: reported a moment later, once.
        DelayedWakes wakes = new DelayedWakes(capacityChanges);
        watches.onInventoryChange(cluster -> wakes.wake(poolsOn(cluster)));
        ledger.onPoolChange(pool -> wakes.wake(List.of(pool)));
        hub.pools()
                .onChange(
                        (before, after) -> {
                            if (after == null) {
                                metrics.forgetPool(before.getMetadata().getName());
                            }
                        });
    }

    @Override
    public void updateConfigurationFrom(ControllerConfigurationOverrider<GPUPool> override) {
        HubControllers.keepItemsIn(override, hub.pools());
    }

    @Override
    public List<EventSource<?, GPUPool>> prepareEventSources(EventSourceContext<GPUPool> context) {
        HubControllers.reportSync(context, hub.pools());
        return List.of(capacityChanges);
    }

    @Override
    public UpdateControl<GPUPool> reconcile(GPUPool pool, Context<GPUPool> context) {
        String name = pool.getMetadata().getName();
        // Validate: a pool that cannot be read is reported and not used.
        GPUPool read = hub.pools().current(pool);
        if (!read.isValid()) {
            GPUPoolStatus next = pool.getStatus() == null ? new GPUPoolStatus() : pool.getStatus();
            InvalidObjects.report(read, next.getConditions(), events, clock.instant());
            pool.setStatus(next);
            return UpdateControl.patchStatus(pool);
        }
        String cluster = pool.getSpec() == null ? null : pool.getSpec().getCluster();
        GPUPoolStatus desired =
                capacity.compute(
                        pool,
                        cluster != null && watches.sees(cluster),
                        cluster == null ? List.of() : watches.nodes(cluster),
                        cluster == null ? List.of() : watches.pods(cluster),
                        ledger.held(name),
                        ledger.holders(name),
                        clock.instant());
        ReconcileErrors.clear(desired.getConditions());
        Conditions.remove(desired.getConditions(), Conditions.VALID);
        metrics.pool(name, cluster, zonesOf(cluster), model(pool), desired.getCapacity());
        UpdateControl<GPUPool> control;
        if (Statuses.same(pool.getStatus(), desired)) {
            control = UpdateControl.noUpdate();
        } else {
            pool.setStatus(desired);
            control = UpdateControl.patchStatus(pool);
        }
        return control.rescheduleAfter(settings.resyncInterval());
    }

    @Override
    public ErrorStatusUpdateControl<GPUPool> updateErrorStatus(
            GPUPool pool, Context<GPUPool> context, Exception e) {
        GPUPoolStatus next = pool.getStatus() == null ? new GPUPoolStatus() : pool.getStatus();
        ReconcileErrors.record(next.getConditions(), pool, e, clock.instant());
        pool.setStatus(next);
        return ErrorStatusUpdateControl.patchStatus(pool);
    }

    private List<String> poolsOn(String cluster) {
        return hub.pools().list().stream()
                .filter(p -> p.getSpec() != null && cluster.equals(p.getSpec().getCluster()))
                .map(p -> p.getMetadata().getName())
                .toList();
    }

    private String zonesOf(String cluster) {
        if (cluster == null) {
            return "none";
        }
        List<Cluster> clusters = hub.cluster(cluster).map(List::of).orElse(List.of());
        List<String> zones = Memberships.of(hub.zones().list(), clusters).zonesOf(cluster);
        return zones.isEmpty() ? "none" : String.join(",", zones);
    }

    private static String model(GPUPool pool) {
        return pool.getSpec() == null || pool.getSpec().getAccelerator() == null
                ? ""
                : Objects.toString(pool.getSpec().getAccelerator().getModel(), "");
    }
}
