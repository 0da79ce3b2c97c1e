package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.FailoverSpec;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.app.LocusConfig;
import dev.locus.cli.demo.MockApiServers;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cluster that stays not Ready past a workload's toleration loses the workload to the next
 * compliant pool, never a non-compliant one; when it answers again, the stale copy goes.
 */
class FailoverIT {

    static Fleet fleet;

    @BeforeAll
    static void startFleet() {
        fleet = Fleet.amsParIad(24, 1.0, 16, 2.0, 64, 0.5);
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    static TrainingJob tolerating(String name, int workers, int seconds) {
        TrainingJob job = Hub.job(Fleet.NAMESPACE, name, Classification.PERSONAL, "eu", workers, 8);
        FailoverSpec failover = new FailoverSpec();
        failover.setTolerationSeconds(seconds);
        job.getSpec().setFailover(failover);
        return job;
    }

    static TrainingJob job(String name) {
        return fleet.hub
                .resources(TrainingJob.class)
                .inNamespace(Fleet.NAMESPACE)
                .withName(name)
                .get();
    }

    static String cluster(String name) {
        return job(name).getStatus().getPlacement().getAssignments().get(0).getCluster();
    }

    static void kubeconfig(String cluster, String contents) {
        fleet.hub
                .secrets()
                .inNamespace(LocusConfig.DEFAULT_NAMESPACE)
                .withName(cluster + "-kubeconfig")
                .edit(
                        s ->
                                new SecretBuilder(s)
                                        .withData(null)
                                        .withStringData(Map.of("kubeconfig", contents))
                                        .build());
    }

    @Test
    void workMovesToTheNextCompliantPoolAndTheStaleCopyGoesWhenTheClusterReturns() {
        fleet.hub.resource(tolerating("mover", 1, 2)).create();
        fleet.hub.resource(tolerating("stuck", 2, 2)).create();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                job("mover").getStatus() != null
                                        && job("mover").getStatus().getPhase()
                                                == WorkloadPhase.RUNNING
                                        && job("stuck").getStatus() != null
                                        && job("stuck").getStatus().getPhase()
                                                == WorkloadPhase.RUNNING);
        assertThat(cluster("mover")).isEqualTo("ams-1");
        assertThat(cluster("stuck")).isEqualTo("ams-1");

        // ams-1 stops answering (its API endpoint points nowhere now).
        String working = MockApiServers.kubeconfig(fleet.servers.members().get("ams-1"));
        kubeconfig("ams-1", working.replaceAll("http://[^\\s\"]+", "http://127.0.0.1:1/"));
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            Cluster ams =
                                    fleet.hub.resources(Cluster.class).withName("ams-1").get();
                            return !Conditions.isTrue(
                                    ams.getStatus().getConditions(), ClusterStatus.READY);
                        });

        // 8 accelerators fit on par-1 (EU); 16 only fit on iad-1 (US), which is not allowed.
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                cluster("mover").equals("par-1")
                                        && job("mover").getStatus().getPhase()
                                                == WorkloadPhase.RUNNING);
        TrainingJob moved = job("mover");
        assertThat(moved.getStatus().getRestarts()).isEqualTo(1);
        assertThat(
                        Conditions.find(moved.getStatus().getConditions(), WorkloadStatus.PLACED)
                                .orElseThrow()
                                .getReason())
                .isEqualTo("FailedOver");
        assertThat(
                        fleet.member("par-1")
                                .batch()
                                .v1()
                                .jobs()
                                .inNamespace(Fleet.NAMESPACE)
                                .withName("mover")
                                .get())
                .isNotNull();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> job("stuck").getStatus().getMessage().startsWith("failover pending"));
        assertThat(cluster("stuck")).isEqualTo("ams-1");
        assertThat(fleet.member("iad-1").batch().v1().jobs().inAnyNamespace().list().getItems())
                .isEmpty();

        // ams-1 answers again: the copy of "mover" left there goes, "stuck" stays.
        assertThat(
                        fleet.member("ams-1")
                                .batch()
                                .v1()
                                .jobs()
                                .inNamespace(Fleet.NAMESPACE)
                                .withName("mover")
                                .get())
                .isNotNull();
        kubeconfig("ams-1", working);
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                fleet.member("ams-1")
                                                .batch()
                                                .v1()
                                                .jobs()
                                                .inNamespace(Fleet.NAMESPACE)
                                                .withName("mover")
                                                .get()
                                        == null);
        assertThat(
                        fleet.member("ams-1")
                                .batch()
                                .v1()
                                .jobs()
                                .inNamespace(Fleet.NAMESPACE)
                                .withName("stuck")
                                .get())
                .isNotNull();
        assertThat(cluster("stuck")).isEqualTo("ams-1");
    }
}
