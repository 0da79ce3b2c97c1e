package dev.locus.app;

import dev.locus.reconciler.LocusConfig;
import dev.locus.reconciler.LocusRuntime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
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

    /**
     * Leader election, so two replicas never schedule at once: the lease lives in the operator's
     * namespace; the scheduler and capacity controller start on the replica that holds it.
     * quarkus-operator-sdk uses it in the prod profile only.
     */
    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElection(LocusRuntime runtime, LocusConfig config) {
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration("locus-operator")
                .withLeaseNamespace(config.namespace())
                .withLeaderCallbacks(
                        new LeaderCallbacks(runtime::startLeading, () -> {}, leader -> {}))
                .build();
    }

    void close(@Disposes LocusRuntime runtime) {
        runtime.close();
    }
}
