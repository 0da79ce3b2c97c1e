package dev.locus.app;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurableReconciler;
import java.time.Clock;
import java.time.Duration;

/**
 * The Locus operator, run in-process with plain JOSDK: the same parts and reconcilers the Quarkus
 * application registers, against any hub client. The demo and the integration tests use it,
 * including to stop one operator and start another on the same clusters.
 */
public final class EmbeddedOperator implements AutoCloseable {

    private final Locus locus;
    private final Operator operator;

    public EmbeddedOperator(KubernetesClient hub, LocusConfig config, Clock clock) {
        this(hub, config, clock, new SimpleMeterRegistry());
    }

    public EmbeddedOperator(
            KubernetesClient hub, LocusConfig config, Clock clock, MeterRegistry registry) {
        this.locus = new Locus(hub, config, clock, registry);
        this.operator =
                new Operator(
                        o ->
                                o.withKubernetesClient(hub)
                                        .withUseSSAToPatchPrimaryResource(false)
                                        .withSSABasedCreateUpdateMatchForDependentResources(false)
                                        .withCloseClientOnStop(false)
                                        .withStopOnInformerErrorDuringStartup(true)
                                        .withCacheSyncTimeout(Duration.ofSeconds(30)));
        locus.reconcilers().forEach(this::register);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void register(Reconciler<?> reconciler) {
        Reconciler r = reconciler;
        if (r instanceof ConfigurableReconciler configurable) {
            operator.register(
                    r,
                    o ->
                            configurable.updateConfigurationFrom(
                                    (io.javaoperatorsdk.operator.api.config
                                                            .ControllerConfigurationOverrider<
                                                    HasMetadata>)
                                            o));
        } else {
            operator.register(r);
        }
    }

    public EmbeddedOperator start() {
        operator.start();
        locus.startLeading();
        return this;
    }

    /** The operator's parts, for tests that look inside (reservations, say). */
    public Locus locus() {
        return locus;
    }

    @Override
    public void close() {
        operator.stop();
        locus.close();
    }
}
