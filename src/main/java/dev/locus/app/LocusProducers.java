package dev.locus.app;

import dev.locus.capacity.PoolCapacity;
import dev.locus.dispatch.Dispatcher;
import dev.locus.fleet.MemberClients;
import dev.locus.fleet.MemberWatches;
import dev.locus.hub.EventRecorder;
import dev.locus.hub.HubCache;
import dev.locus.metrics.LocusMetrics;
import dev.locus.reconciler.ReconcilerSettings;
import dev.locus.scheduling.DecisionWriter;
import dev.locus.scheduling.ReservationLedger;
import dev.locus.scheduling.Scheduler;
import dev.locus.scheduling.Sharing;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the operator's parts for the Quarkus application, from {@code locus.*} settings, and
 * offers each as a bean so the reconcilers get theirs through their constructors.
 */
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
                    Duration deletion,
            @ConfigProperty(
                            name = "locus.dispatch.pod-security.enforce",
                            defaultValue = LocusConfig.DEFAULT_POD_SECURITY_ENFORCE)
                    String enforce,
            @ConfigProperty(
                            name = "locus.dispatch.pod-security.warn",
                            defaultValue = LocusConfig.DEFAULT_POD_SECURITY_WARN)
                    String warn) {
        return new LocusConfig(namespace, probeInterval, resync, deletion, enforce, warn);
    }

    /**
     * JOSDK's meters per controller, not per resource: per-resource meters (a histogram for every
     * workload ever reconciled) made the operator's memory grow with the workloads it had seen.
     */
    @Produces
    @Singleton
    Metrics operatorMetrics(MeterRegistry registry) {
        return MicrometerMetrics.withoutPerResourceMetrics(registry);
    }

    @Produces
    @Singleton
    Locus locus(KubernetesClient hub, LocusConfig config, Clock clock, MeterRegistry registry) {
        return new Locus(hub, config, clock, registry);
    }

    void close(@Disposes Locus locus) {
        locus.close();
    }

    @Produces
    @Singleton
    HubCache hub(Locus locus) {
        return locus.hub;
    }

    @Produces
    @Singleton
    MemberClients members(Locus locus) {
        return locus.members;
    }

    @Produces
    @Singleton
    MemberWatches watches(Locus locus) {
        return locus.watches;
    }

    @Produces
    @Singleton
    EventRecorder events(Locus locus) {
        return locus.events;
    }

    @Produces
    @Singleton
    ReservationLedger ledger(Locus locus) {
        return locus.ledger;
    }

    @Produces
    @Singleton
    DecisionWriter writer(Locus locus) {
        return locus.writer;
    }

    @Produces
    @Singleton
    Scheduler scheduler(Locus locus) {
        return locus.scheduler;
    }

    @Produces
    @Singleton
    Sharing sharing(Locus locus) {
        return locus.scheduler.sharing();
    }

    @Produces
    @Singleton
    Dispatcher dispatcher(Locus locus) {
        return locus.dispatcher;
    }

    @Produces
    @Singleton
    PoolCapacity capacity(Locus locus) {
        return locus.capacity;
    }

    @Produces
    @Singleton
    LocusMetrics metrics(Locus locus) {
        return locus.metrics;
    }

    @Produces
    @Singleton
    ReconcilerSettings settings(Locus locus) {
        return locus.settings;
    }

    /**
     * Leader election, so two replicas never schedule at once: the lease lives in the operator's
     * namespace; the scheduler starts on the replica that holds it. quarkus-operator-sdk uses it in
     * the prod profile only.
     */
    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElection(Locus locus, LocusConfig config) {
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration("locus-operator")
                .withLeaseNamespace(config.namespace())
                .withLeaderCallbacks(
                        new LeaderCallbacks(locus::startLeading, () -> {}, leader -> {}))
                .build();
    }
}
