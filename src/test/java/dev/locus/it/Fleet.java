package dev.locus.it;

import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.app.EmbeddedOperator;
import dev.locus.app.LocusConfig;
import dev.locus.cli.demo.MockApiServers;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A hub and member API servers (fabric8 mock, CRUD mode, real HTTP) with the Locus operator running
 * against them through real informers. One per test class.
 */
final class Fleet implements AutoCloseable {

    static final String NAMESPACE = "ml";

    final MockApiServers servers = new MockApiServers();
    final KubernetesClient hub = servers.hub().client();
    private final List<EmbeddedOperator> operators = new ArrayList<>();
    private EmbeddedOperator operator;

    Fleet(String... members) {
        MockApiServers.ensureNamespace(hub, LocusConfig.DEFAULT_NAMESPACE);
        MockApiServers.ensureNamespace(hub, NAMESPACE);
        for (String member : members) {
            var server = servers.addMember(member);
            hub.secrets()
                    .inNamespace(LocusConfig.DEFAULT_NAMESPACE)
                    .resource(
                            new SecretBuilder()
                                    .withNewMetadata()
                                    .withName(member + "-kubeconfig")
                                    .endMetadata()
                                    .addToStringData(
                                            "kubeconfig", MockApiServers.kubeconfig(server))
                                    .build())
                    .create();
        }
    }

    /**
     * The fleet several tests share, started and Ready: zone eu over NL and FR; ams-1 (NL), par-1
     * (FR) and iad-1 (US), each with one H100 pool of the given size and hourly cost.
     */
    static Fleet amsParIad(
            int amsGpus, double amsCost, int parGpus, double parCost, int iadGpus, double iadCost) {
        Fleet fleet = new Fleet("ams-1", "par-1", "iad-1");
        var hub = fleet.hub;
        hub.resource(Hub.zone("eu", List.of("NL", "FR"))).create();
        hub.resource(Hub.member("ams-1", "NL")).create();
        hub.resource(Hub.member("par-1", "FR")).create();
        hub.resource(Hub.member("iad-1", "US")).create();
        hub.resource(Hub.pool("ams-h100", "ams-1", "H100", amsGpus, amsCost)).create();
        hub.resource(Hub.pool("par-h100", "par-1", "H100", parGpus, parCost)).create();
        hub.resource(Hub.pool("iad-h100", "iad-1", "H100", iadGpus, iadCost)).create();
        fleet.startOperator();
        fleet.awaitReady("ams-1", "par-1", "iad-1");
        return fleet;
    }

    /**
     * The smallest fleet, started and Ready: zone eu over NL, and ams-1 (NL) with one H100 pool
     * ams-h100 of the given size and hourly cost; the operator resyncs every {@code resync}.
     */
    static Fleet ams(int gpus, double cost, Duration resync) {
        Fleet fleet = new Fleet("ams-1");
        fleet.hub.resource(Hub.zone("eu", List.of("NL"))).create();
        fleet.hub.resource(Hub.member("ams-1", "NL")).create();
        fleet.hub.resource(Hub.pool("ams-h100", "ams-1", "H100", gpus, cost)).create();
        fleet.startOperator(resync);
        fleet.awaitReady("ams-1");
        return fleet;
    }

    /** {@link #ams(int, double, Duration)} with the usual two-second resync. */
    static Fleet ams(int gpus, double cost) {
        return ams(gpus, cost, Duration.ofSeconds(2));
    }

    /** Starts an operator (stopping the one running, as a restart does). */
    Fleet startOperator() {
        return startOperator(Duration.ofSeconds(2));
    }

    /** Starts an operator whose scheduler and pools resync every {@code resync}. */
    Fleet startOperator(Duration resync) {
        return startOperator(resync, hub);
    }

    /** Starts an operator that reaches the hub through its own client (to tell its requests). */
    Fleet startOperator(Duration resync, KubernetesClient operatorClient) {
        return startOperator(resync, operatorClient, Clock.systemUTC());
    }

    /** Starts an operator whose time is {@code clock} (a test's, to move time without waiting). */
    Fleet startOperator(Duration resync, KubernetesClient operatorClient, Clock clock) {
        if (operator != null) {
            operator.close();
        }
        LocusConfig config =
                LocusConfig.defaults()
                        .withProbeInterval(Duration.ofSeconds(1))
                        .withUnreachableDeletionTimeout(Duration.ofSeconds(6));
        operator =
                new EmbeddedOperator(
                        operatorClient,
                        new LocusConfig(
                                config.namespace(),
                                config.probeInterval(),
                                resync,
                                config.unreachableDeletionTimeout()),
                        clock);
        operators.add(operator);
        operator.start();
        return this;
    }

    EmbeddedOperator operator() {
        return operator;
    }

    /**
     * A JSON merge patch of a hub object: no resourceVersion, so it does not conflict with the
     * status the operator keeps writing.
     */
    <T extends io.fabric8.kubernetes.api.model.HasMetadata> void mergePatch(
            Class<T> type, String name, String json) {
        hub.resources(type)
                .withName(name)
                .patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        json);
    }

    KubernetesClient member(String name) {
        return servers.members().get(name).client();
    }

    /** Waits until every listed Cluster reports Ready. */
    void awaitReady(String... clusters) {
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            for (String name : clusters) {
                                Cluster c = hub.resources(Cluster.class).withName(name).get();
                                if (c == null
                                        || c.getStatus() == null
                                        || !Conditions.isTrue(
                                                c.getStatus().getConditions(),
                                                ClusterStatus.READY)) {
                                    return false;
                                }
                            }
                            return true;
                        });
    }

    @Override
    public void close() {
        if (operator != null) {
            operator.close();
        }
        servers.close();
    }
}
