package dev.locus.reconciler;

import dev.locus.hub.HubStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.Collection;

/**
 * JOSDK glue for the hub cache: a controller keeps its informer's items in the kind's {@link
 * HubStore} (so there is one watch per kind, shared with the scheduler), tells the store when it
 * has synced, and is woken by changes of other kinds through an inbound event source.
 */
final class HubControllers {

    private HubControllers() {}

    /** Makes the controller's one informer fill the hub store of its kind. */
    static <P extends HasMetadata> void keepItemsIn(
            ControllerConfigurationOverrider<P> override, HubStore<P> store) {
        override.withItemStore(store);
    }

    /** Lets the store know when the controller's informer has listed its kind, and watches. */
    static <P extends HasMetadata> void reportSync(
            EventSourceContext<P> context, HubStore<P> store) {
        if (context.getPrimaryCache() instanceof InformerWrappingEventSourceHealthIndicator<?> c) {
            reportSync(c, store);
        }
    }

    /** Lets the store know when the informer that fills it has listed its kind, and watches. */
    static void reportSync(InformerWrappingEventSourceHealthIndicator<?> c, HubStore<?> store) {
        store.syncedWhen(
                () -> {
                    var informers = c.informerHealthIndicators().values();
                    return !informers.isEmpty()
                            && informers.stream().allMatch(InformerHealthIndicator::hasSynced);
                });
        store.watchingWhen(
                () ->
                        c.informerHealthIndicators().values().stream()
                                .allMatch(i -> i.isRunning() && i.isWatching()));
    }

    /** Wakes the named primaries (cluster-scoped: namespace null). */
    static void wake(SimpleInboundEventSource<?> source, Collection<String> names) {
        for (String name : names) {
            source.propagateEvent(new ResourceID(name));
        }
    }
}
