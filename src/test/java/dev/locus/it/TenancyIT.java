package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.app.LocusConfig;
import dev.locus.cli.demo.MockApiServers;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What Locus does in member clusters on behalf of tenants: never dispatch into the namespaces of
 * Kubernetes or of the operator, label the namespaces it creates for Pod Security Admission, and
 * check the member API server's certificate unless the Cluster accepts otherwise.
 */
class TenancyIT {

    static Fleet fleet;

    @BeforeAll
    static void startFleet() {
        fleet = Fleet.ams(16, 3.0);
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    private static TrainingJob job(String namespace, String name) {
        return fleet.hub.resources(TrainingJob.class).inNamespace(namespace).withName(name).get();
    }

    @Test
    void nothingIsDispatchedIntoAReservedNamespace() {
        for (String reserved : List.of("kube-system", LocusConfig.DEFAULT_NAMESPACE)) {
            MockApiServers.ensureNamespace(fleet.hub, reserved);
            fleet.hub
                    .resource(Hub.job(reserved, "sneaky", Classification.PERSONAL, "eu", 1, 1))
                    .create();
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> {
                                TrainingJob j = job(reserved, "sneaky");
                                return j.getStatus() != null
                                        && Conditions.find(
                                                        j.getStatus().getConditions(),
                                                        WorkloadStatus.DISPATCHED)
                                                .map(c -> "ReservedNamespace".equals(c.getReason()))
                                                .orElse(false);
                            });
            assertThat(
                            fleet.member("ams-1")
                                    .batch()
                                    .v1()
                                    .jobs()
                                    .inNamespace(reserved)
                                    .withName("sneaky")
                                    .get())
                    .isNull();
        }
    }

    @Test
    void aNamespaceLocusCreatesCarriesPodSecurityLabels() {
        MockApiServers.ensureNamespace(fleet.hub, "team-a");
        fleet.hub
                .resource(Hub.job("team-a", "trainer", Classification.PERSONAL, "eu", 1, 1))
                .create();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> fleet.member("ams-1").namespaces().withName("team-a").get() != null);
        assertThat(
                        fleet.member("ams-1")
                                .namespaces()
                                .withName("team-a")
                                .get()
                                .getMetadata()
                                .getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "baseline")
                .containsEntry("pod-security.kubernetes.io/warn", "restricted")
                .containsEntry("app.kubernetes.io/managed-by", "locus");
    }

    private static void memberWithKubeconfig(
            String name, String kubeconfig, boolean acceptInsecure) {
        fleet.hub
                .secrets()
                .inNamespace(LocusConfig.DEFAULT_NAMESPACE)
                .resource(
                        new SecretBuilder()
                                .withNewMetadata()
                                .withName(name + "-kubeconfig")
                                .endMetadata()
                                .addToStringData("kubeconfig", kubeconfig)
                                .build())
                .create();
        Cluster cluster = Hub.member(name, "NL");
        cluster.getSpec().getConnection().setInsecureSkipTLSVerify(acceptInsecure ? true : null);
        fleet.hub.resource(cluster).create();
    }

    private static String insecureKubeconfig() {
        String kubeconfig = MockApiServers.kubeconfig(fleet.servers.members().get("ams-1"));
        return kubeconfig.replaceFirst(
                "(\\n(\\s+)server: )", "\n$2insecure-skip-tls-verify: true$1");
    }

    private static Cluster cluster(String name) {
        return fleet.hub.resources(Cluster.class).withName(name).get();
    }

    @Test
    void aKubeconfigThatSkipsCertificateChecksIsRefusedUnlessTheClusterAcceptsIt() {
        assertThat(insecureKubeconfig()).contains("insecure-skip-tls-verify: true");
        memberWithKubeconfig("trusting-1", insecureKubeconfig(), false);
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                cluster("trusting-1").getStatus() != null
                                        && Conditions.find(
                                                        cluster("trusting-1")
                                                                .getStatus()
                                                                .getConditions(),
                                                        ClusterStatus.REACHABLE)
                                                .map(
                                                        c ->
                                                                "InsecureKubeconfig"
                                                                        .equals(c.getReason()))
                                                .orElse(false));
        assertThat(
                        Conditions.isTrue(
                                cluster("trusting-1").getStatus().getConditions(),
                                ClusterStatus.READY))
                .isFalse();

        memberWithKubeconfig("accepted-1", insecureKubeconfig(), true);
        fleet.awaitReady("accepted-1");
        var tls =
                Conditions.find(
                                cluster("accepted-1").getStatus().getConditions(),
                                ClusterStatus.TLS_VERIFIED)
                        .orElseThrow();
        assertThat(tls.getStatus()).isEqualTo("False");
        // The embedded servers speak plain HTTP; a real one would say InsecureSkipTLSVerify.
        assertThat(tls.getReason()).isIn("InsecureSkipTLSVerify", "PlainHTTP");
    }
}
