package dev.locus.app;

import dev.locus.reconciler.LocusConfig;
import dev.locus.reconciler.LocusRuntime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the operator's runtime for the Quarkus application, from {@code locus.*} settings. */
public class LocusProducers {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    LocusConfig config(
            @ConfigProperty(name = "locus.namespace", defaultValue = LocusConfig.DEFAULT_NAMESPACE)
                    String namespace,
            @ConfigProperty(name = "locus.cluster.probe-interval", defaultValue = "30s")
                    Duration probeInterval,
            @ConfigProperty(name = "locus.scheduler.resync-interval", defaultValue = "30s")
                    Duration resync,
            @ConfigProperty(name = "locus.deletion.unreachable-timeout", defaultValue = "10m")
                    Duration deletion) {
        return new LocusConfig(namespace, probeInterval, resync, deletion);
    }

    @Produces
    @Singleton
    LocusRuntime runtime(
            KubernetesClient hub, LocusConfig config, Clock clock, MeterRegistry registry) {
        return new LocusRuntime(hub, config, clock, registry);
    }

    void close(@Disposes LocusRuntime runtime) {
        runtime.close();
    }
}
