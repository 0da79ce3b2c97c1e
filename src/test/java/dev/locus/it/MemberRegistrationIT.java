package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.app.LocusConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/member/make-kubeconfig-secret.sh turns a member's ServiceAccount token into the hub Secret
 * a Cluster references, and the operator connects with it. kubectl is replaced by a stub that
 * answers as a member cluster would, so no real cluster is needed.
 */
class MemberRegistrationIT {

    static Fleet fleet;

    @BeforeAll
    static void startFleet() {
        fleet = new Fleet();
        fleet.servers.addMember("edge-1");
        fleet.startOperator();
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @Test
    void theScriptsSecretConnectsTheMemberCluster(@TempDir Path stub) throws Exception {
        String server = fleet.servers.members().get("edge-1").url();
        String token = "token-of-locus-dispatcher";
        Path kubectl = stub.resolve("kubectl");
        Files.writeString(
                kubectl,
                "#!/usr/bin/env bash\n"
                        + "case \"$*\" in\n"
                        + "  *'config view'*) printf '%s' '"
                        + server
                        + "' ;;\n"
                        + "  *'{.data.token}'*) printf '%s' '"
                        + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8))
                        + "' ;;\n"
                        + "  *) printf '' ;;\n"
                        + "esac\n");
        Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb =
                new ProcessBuilder(
                        "deploy/member/make-kubeconfig-secret.sh", "edge-context", "edge-1");
        pb.environment().put("PATH", stub + ":" + System.getenv("PATH"));
        Path out = stub.resolve("secret.yaml");
        pb.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = pb.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();

        Secret secret = Serialization.unmarshal(Files.readString(out), Secret.class);
        assertThat(secret.getMetadata().getName()).isEqualTo("edge-1-kubeconfig");
        assertThat(secret.getMetadata().getNamespace()).isEqualTo(LocusConfig.DEFAULT_NAMESPACE);
        String kubeconfig =
                new String(
                        Base64.getDecoder().decode(secret.getData().get("kubeconfig")),
                        StandardCharsets.UTF_8);
        assertThat(kubeconfig).contains("server: " + server).contains("token: " + token);

        fleet.hub.resource(secret).create();
        fleet.hub.resource(Hub.member("edge-1", "DE")).create();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            Cluster c = fleet.hub.resources(Cluster.class).withName("edge-1").get();
                            return c.getStatus() != null
                                    && Conditions.isTrue(
                                            c.getStatus().getConditions(), ClusterStatus.READY);
                        });
        assertThat(
                        fleet.hub
                                .resources(Cluster.class)
                                .withName("edge-1")
                                .get()
                                .getStatus()
                                .getKubernetesVersion())
                .isEqualTo("v1.31.0-locus-sim");
    }

    @Test
    void withoutArgumentsTheScriptExplainsItselfAndExitsTwo() throws Exception {
        Process process =
                new ProcessBuilder("deploy/member/make-kubeconfig-secret.sh")
                        .redirectErrorStream(true)
                        .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("MEMBER_CONTEXT").contains("CLUSTER_NAME");
    }
}
