package dev.locus.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.stream.Collectors;

/** Informer event sources shared by the reconcilers. */
final class EventSources {

    private EventSources() {}

    /**
     * Watches {@code type} and wakes every primary on any change: for secondaries (zones, pools)
     * whose change may alter any primary's status.
     */
    static <R extends HasMetadata, P extends HasMetadata> InformerEventSource<R, P> everyPrimaryOn(
            Class<R> type, Class<P> primary, String name, EventSourceContext<P> context) {
        var config =
                InformerEventSourceConfiguration.from(type, primary)
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
}
