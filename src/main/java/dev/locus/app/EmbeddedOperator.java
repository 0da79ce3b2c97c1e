package dev.locus.app;

import dev.locus.reconciler.ClusterReconciler;
import dev.locus.reconciler.InferenceEndpointReconciler;
import dev.locus.reconciler.LocusConfig;
import dev.locus.reconciler.LocusRuntime;
import dev.locus.reconciler.SovereigntyZoneReconciler;
import dev.locus.reconciler.TrainingJobReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * The Locus operator, run in-process with plain JOSDK: the same reconcilers and runtime the Quarkus
 * application registers, against any hub client. The demo and the integration tests use it,
 * including to stop one operator and start another on the same clusters.
 */
public final class EmbeddedOperator implements AutoCloseable {

    private final LocusRuntime runtime;
    private final Operator operator;

    public EmbeddedOperator(KubernetesClient hub, LocusConfig config, Clock clock) {
        this(hub, config, clock, new SimpleMeterRegistry());
    }

    public EmbeddedOperator(
            KubernetesClient hub, LocusConfig config, Clock clock, MeterRegistry registry) {
        this.runtime = new LocusRuntime(hub, config, clock, registry);
        this.operator =
                new Operator(
                        o ->
                                o.withKubernetesClient(hub)
                                        .withUseSSAToPatchPrimaryResource(false)
                                        .withSSABasedCreateUpdateMatchForDependentResources(false)
                                        .withCloseClientOnStop(false)
                                        .withStopOnInformerErrorDuringStartup(true)
                                        .withCacheSyncTimeout(Duration.ofSeconds(30)));
        operator.register(new ClusterReconciler(runtime));
        operator.register(new SovereigntyZoneReconciler(runtime));
        operator.register(new TrainingJobReconciler(runtime));
        operator.register(new InferenceEndpointReconciler(runtime));
    }

    public EmbeddedOperator start() {
        runtime.start();
        operator.start();
        return this;
    }

    public LocusRuntime runtime() {
        return runtime;
    }

    @Override
    public void close() {
        operator.stop();
        runtime.close();
    }
}
