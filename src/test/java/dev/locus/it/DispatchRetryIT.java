package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.app.LocusConfig;
import dev.locus.testing.FaultProxy;
import dev.locus.testing.FaultProxy.Faults;
import dev.locus.testing.OperatorProcess;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A member that refuses the remote objects for a while: the workload says it is retrying, and does,
 * so it runs soon after the member answers again (found by the soak: a failure reported twice
 * changed nothing in status, so nothing woke the reconciler for two minutes).
 */
class DispatchRetryIT {

    static Fleet fleet;
    static FaultProxy proxy;

    @BeforeAll
    static void startFleet() {
        fleet = new Fleet("ams-1");
        proxy = FaultProxy.start(null, "ams-1", fleet.servers.members().get("ams-1").url(), 1);
        fleet.hub
                .secrets()
                .inNamespace(LocusConfig.DEFAULT_NAMESPACE)
                .withName("ams-1-kubeconfig")
                .edit(
                        s ->
                                new SecretBuilder(s)
                                        .withData(null)
                                        .withStringData(
                                                Map.of(
                                                        "kubeconfig",
                                                        OperatorProcess.kubeconfigYaml(
                                                                "ams-1", proxy.url())))
                                        .build());
        fleet.hub.resource(Hub.zone("eu", List.of("NL"))).create();
        fleet.hub.resource(Hub.member("ams-1", "NL")).create();
        fleet.hub.resource(Hub.pool("ams-h100", "ams-1", "H100", 16, 1.0)).create();
        fleet.startOperator();
        fleet.awaitReady("ams-1");
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
        proxy.close();
    }

    static TrainingJob job(String name) {
        return fleet.hub
                .resources(TrainingJob.class)
                .inNamespace(Fleet.NAMESPACE)
                .withName(name)
                .get();
    }

    @Test
    void aDispatchRefusedByTheMemberIsRetriedUntilItSucceeds() {
        // Every write to the member is refused; reads pass, so the cluster stays Ready.
        proxy.faults(new Faults(1, 0, 0, 0, 0, Duration.ZERO, 0, Duration.ZERO, Duration.ZERO));
        fleet.hub
                .resource(Hub.job(Fleet.NAMESPACE, "refused", Classification.PERSONAL, "eu", 1, 4))
                .create();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            TrainingJob j = job("refused");
                            return j.getStatus() != null
                                    && Conditions.find(
                                                    j.getStatus().getConditions(),
                                                    WorkloadStatus.DISPATCHED)
                                            .map(c -> "ClusterUnavailable".equals(c.getReason()))
                                            .orElse(false);
                        });
        // Refused more than once: the status no longer changes, nothing else happens.
        long refusedBefore = proxy.counts().get(FaultProxy.Fault.CONFLICT);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> proxy.counts().get(FaultProxy.Fault.CONFLICT) > refusedBefore);

        proxy.faults(Faults.none());

        await().atMost(Duration.ofSeconds(20))
                .until(() -> job("refused").getStatus().getPhase() == WorkloadPhase.RUNNING);
        assertThat(
                        fleet.member("ams-1")
                                .batch()
                                .v1()
                                .jobs()
                                .inNamespace(Fleet.NAMESPACE)
                                .withName("refused")
                                .get())
                .isNotNull();
    }
}
