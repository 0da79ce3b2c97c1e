package dev.locus.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl kustomize} renders deploy/ and deploy/member/. Needs kubectl on the PATH (client
 * only); skipped with a message otherwise.
 */
class KustomizeTest {

    static boolean kubectl;

    @BeforeAll
    static void findKubectl() throws Exception {
        kubectl = run("kubectl", "version", "--client").exitCode == 0;
    }

    record Output(int exitCode, String out) {}

    static Output run(String... command) throws Exception {
        Path out = Files.createTempFile("kustomize", ".yaml");
        try {
            Process p =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(out.toFile())
                            .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Output(-1, "timed out");
            }
            return new Output(p.exitValue(), Files.readString(out));
        } catch (java.io.IOException e) {
            return new Output(-1, e.getMessage());
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @SuppressWarnings("unchecked")
    static List<HasMetadata> kustomize(String dir) throws Exception {
        assumeTrue(kubectl, "kubectl is not on the PATH: kustomize rendering not checked");
        Output output = run("kubectl", "kustomize", dir);
        assertThat(output.exitCode()).as(output.out()).isZero();
        Object parsed =
                new KubernetesSerialization()
                        .unmarshal(
                                new ByteArrayInputStream(
                                        output.out().getBytes(StandardCharsets.UTF_8)));
        return (List<HasMetadata>) parsed;
    }

    @Test
    void theBaseHasTheNamespaceTheCrdsTheRbacAndTheOperator() throws Exception {
        List<HasMetadata> objects = kustomize("deploy");
        assertThat(objects.stream().map(HasMetadata::getKind).collect(Collectors.toSet()))
                .contains(
                        "Namespace",
                        "CustomResourceDefinition",
                        "ServiceAccount",
                        "ClusterRole",
                        "Role",
                        "Deployment");
        assertThat(
                        objects.stream()
                                .filter(o -> o.getKind().equals("CustomResourceDefinition"))
                                .map(o -> o.getMetadata().getName()))
                .containsExactlyInAnyOrder(
                        "sovereigntyzones.locus.dev",
                        "clusters.locus.dev",
                        "gpupools.locus.dev",
                        "trainingjobs.locus.dev",
                        "inferenceendpoints.locus.dev",
                        "fleetquotas.locus.dev");
        assertThat(
                        objects.stream()
                                .filter(o -> o.getMetadata().getNamespace() != null)
                                .map(o -> o.getMetadata().getNamespace()))
                .allMatch("locus-system"::equals);
    }

    @Test
    void theMemberIdentityCanDispatchAndSeeCapacityAndNothingMore() throws Exception {
        List<HasMetadata> objects = kustomize("deploy/member");
        ClusterRole role =
                (ClusterRole)
                        objects.stream()
                                .filter(o -> o instanceof ClusterRole)
                                .findFirst()
                                .orElseThrow();
        assertThat(ChartTest.rules(role.getRules()))
                .containsOnlyKeys(
                        "/namespaces",
                        "batch/jobs",
                        "apps/deployments",
                        "/services",
                        "/nodes",
                        "/pods");
        assertThat(objects)
                .anySatisfy(
                        o -> {
                            assertThat(o.getKind()).isEqualTo("Secret");
                            assertThat(o.getMetadata().getAnnotations())
                                    .containsEntry(
                                            "kubernetes.io/service-account.name",
                                            "locus-dispatcher");
                        });
    }
}
