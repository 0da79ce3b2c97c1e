package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.app.LocusConfig;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Broken member connections are reported on the Cluster and do not stop the others. */
class MemberConnectionIT {

    static Fleet fleet;

    @BeforeAll
    static void startFleet() {
        fleet = new Fleet("ams-1", "par-1");
        var hub = fleet.hub;
        hub.resource(Hub.zone("eu", List.of("NL", "FR", "BE", "LU"))).create();
        hub.resource(Hub.member("ams-1", "NL")).create();
        hub.resource(Hub.member("par-1", "FR")).create();
        // bru-1's Secret holds no kubeconfig; lux-1's Secret does not exist at all.
        hub.secrets()
                .inNamespace(LocusConfig.DEFAULT_NAMESPACE)
                .resource(
                        new SecretBuilder()
                                .withNewMetadata()
                                .withName("bru-1-kubeconfig")
                                .endMetadata()
                                .addToStringData("kubeconfig", "this: [is not: a kubeconfig")
                                .build())
                .create();
        hub.resource(Hub.member("bru-1", "BE")).create();
        hub.resource(Hub.member("lux-1", "LU")).create();
        hub.resource(Hub.pool("bru-h100", "bru-1", "H100", 64, 0.5)).create();
        hub.resource(Hub.pool("par-h100", "par-1", "H100", 16, 2.5)).create();
        fleet.startOperator();
        fleet.awaitReady("ams-1", "par-1");
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    private static Cluster cluster(String name) {
        return fleet.hub.resources(Cluster.class).withName(name).get();
    }

    @Test
    void everyMemberClientSharesOneSerialization() throws Exception {
        // One ObjectMapper per member would keep its own copy of Jackson's reflection data: with
        // 100 members, most of the operator's heap.
        var members =
                new dev.locus.fleet.MemberClients(
                        fleet.hub, dev.locus.app.LocusConfig.DEFAULT_NAMESPACE);
        var ams = members.connect(cluster("ams-1"));
        var par = members.connect(cluster("par-1"));
        assertThat(ams).isNotSameAs(par);
        assertThat(ams.getKubernetesSerialization()).isSameAs(par.getKubernetesSerialization());
        members.close();
    }

    @Test
    void aBrokenKubeconfigIsReportedWithoutItsContents() {
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster("bru-1").getStatus() != null);
        var reachable =
                Conditions.find(
                                cluster("bru-1").getStatus().getConditions(),
                                ClusterStatus.REACHABLE)
                        .orElseThrow();
        assertThat(reachable.getStatus()).isEqualTo("False");
        assertThat(reachable.getReason()).isEqualTo("KubeconfigInvalid");
        assertThat(reachable.getMessage())
                .contains("locus-system/bru-1-kubeconfig")
                .doesNotContain("is not");
        assertThat(
                        Conditions.isTrue(
                                cluster("bru-1").getStatus().getConditions(), ClusterStatus.READY))
                .isFalse();
    }

    @Test
    void aMissingSecretIsReported() {
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster("lux-1").getStatus() != null);
        var reachable =
                Conditions.find(
                                cluster("lux-1").getStatus().getConditions(),
                                ClusterStatus.REACHABLE)
                        .orElseThrow();
        assertThat(reachable.getReason()).isEqualTo("SecretNotFound");
        assertThat(reachable.getMessage())
                .isEqualTo("Secret locus-system/lux-1-kubeconfig does not exist");
    }

    @Test
    void workGoesToTheClustersThatAnswer() {
        // bru-h100 is the cheapest pool, but its cluster cannot be reached.
        fleet.hub
                .resource(
                        Hub.job(Fleet.NAMESPACE, "elsewhere", Classification.PERSONAL, "eu", 1, 8))
                .create();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            TrainingJob j =
                                    fleet.hub
                                            .resources(TrainingJob.class)
                                            .inNamespace(Fleet.NAMESPACE)
                                            .withName("elsewhere")
                                            .get();
                            return j.getStatus() != null
                                    && j.getStatus().getPhase() == WorkloadPhase.RUNNING;
                        });
        TrainingJob j =
                fleet.hub
                        .resources(TrainingJob.class)
                        .inNamespace(Fleet.NAMESPACE)
                        .withName("elsewhere")
                        .get();
        assertThat(j.getStatus().getPlacement().getAssignments().get(0).getCluster())
                .isEqualTo("par-1");
        assertThat(
                        fleet.member("par-1")
                                .batch()
                                .v1()
                                .jobs()
                                .inNamespace(Fleet.NAMESPACE)
                                .withName("elsewhere")
                                .get())
                .isNotNull();
    }

    /** A Secret named {@code <cluster>-kubeconfig} holding {@code kubeconfig}. */
    private static void secret(String cluster, String kubeconfig) {
        fleet.hub
                .secrets()
                .inNamespace(LocusConfig.DEFAULT_NAMESPACE)
                .resource(
                        new SecretBuilder()
                                .withNewMetadata()
                                .withName(cluster + "-kubeconfig")
                                .endMetadata()
                                .addToStringData("kubeconfig", kubeconfig)
                                .build())
                .createOr(c -> c.update());
    }

    private static String reachableReason(String cluster) {
        Cluster c = cluster(cluster);
        return c == null || c.getStatus() == null
                ? null
                : Conditions.find(c.getStatus().getConditions(), ClusterStatus.REACHABLE)
                        .map(r -> r.getReason())
                        .orElse(null);
    }

    @Test
    void fixingTheSecretConnectsTheCluster() {
        // A cluster of its own, so this test changes nothing the others look at.
        secret("gva-1", "not: [a kubeconfig");
        fleet.hub.resource(Hub.member("gva-1", "CH")).create();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "KubeconfigInvalid".equals(reachableReason("gva-1")));

        secret(
                "gva-1",
                dev.locus.cli.demo.MockApiServers.kubeconfig(fleet.servers.members().get("ams-1")));
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                Conditions.isTrue(
                                        cluster("gva-1").getStatus().getConditions(),
                                        ClusterStatus.READY));
    }

    @Test
    void aKubeconfigThatWouldRunACommandIsRefused() {
        String kubeconfig =
                dev.locus.cli.demo.MockApiServers.kubeconfig(fleet.servers.members().get("par-1"))
                        .replace(
                                "token: \"simulated\"",
                                "exec: {apiVersion: client.authentication.k8s.io/v1,"
                                        + " command: /bin/sh, args: [-c, \"touch /tmp/pwned\"]}")
                        .replace(
                                "token: simulated",
                                "exec: {apiVersion: client.authentication.k8s.io/v1,"
                                        + " command: /bin/sh, args: [-c, \"touch /tmp/pwned\"]}");
        assertThat(kubeconfig).contains("exec:");
        secret("exe-1", kubeconfig);
        fleet.hub.resource(Hub.member("exe-1", "NL")).create();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "KubeconfigUnsupported".equals(reachableReason("exe-1")));
        var reachable =
                Conditions.find(
                                cluster("exe-1").getStatus().getConditions(),
                                ClusterStatus.REACHABLE)
                        .orElseThrow();
        assertThat(reachable.getMessage()).contains("exec").doesNotContain("/bin/sh");
        assertThat(
                        Conditions.isTrue(
                                cluster("exe-1").getStatus().getConditions(), ClusterStatus.READY))
                .isFalse();
    }
}
