package dev.locus.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.api.schema.CrdSchemas;
import dev.locus.testing.TestFiles;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The committed CRDs on a real kube-apiserver (opt-in: {@code ./mvnw verify -Papiserver}, needs the
 * etcd and kube-apiserver binaries kube-api-test downloads): the examples are accepted and the CEL
 * rules reject what the offline validator's Java twins reject.
 */
@Tag("apiserver")
@EnableKubeAPIServer
class CrdSchemaOnApiServerIT {

    static KubernetesClient client;

    @BeforeAll
    static void installCrds() {
        for (var crd : CrdSchemas.definitions()) {
            client.resource(crd).create();
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(crd.getMetadata().getName())
                    .waitUntilCondition(
                            c ->
                                    c.getStatus() != null
                                            && c.getStatus().getConditions().stream()
                                                    .anyMatch(
                                                            cond ->
                                                                    "Established"
                                                                                    .equals(
                                                                                            cond
                                                                                                    .getType())
                                                                            && "True"
                                                                                    .equals(
                                                                                            cond
                                                                                                    .getStatus())),
                            30,
                            TimeUnit.SECONDS);
        }
    }

    @Test
    void theExamplesAreAccepted() {
        for (ObjectNode doc : TestFiles.documents(Path.of("examples"))) {
            var resource =
                    Serialization.jsonMapper().convertValue(doc, GenericKubernetesResource.class);
            client.resource(resource).createOr(existing -> existing.update());
        }
    }

    @Test
    void aConnectionWithBothModesIsRejectedByCel() {
        var cluster =
                resource(
                        """
                        {"apiVersion": "locus.dev/v1alpha1", "kind": "Cluster",
                         "metadata": {"name": "both"},
                         "spec": {"connection": {"local": true, "kubeconfigSecretRef": {"name": "s"}}}}
                        """);
        assertThatThrownBy(() -> client.resource(cluster).create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("exactly one of local: true or kubeconfigSecretRef");
    }

    @Test
    void restrictedDataWithoutAZoneIsRejectedByCel() {
        var job =
                resource(
                        """
                        {"apiVersion": "locus.dev/v1alpha1", "kind": "TrainingJob",
                         "metadata": {"name": "nozone", "namespace": "default"},
                         "spec": {"data": {"classification": "personal"}, "template": {}}}
                        """);
        assertThatThrownBy(() -> client.resource(job).create())
                .hasMessageContaining("data.zone is required unless data.classification is public");
    }

    @Test
    void zeroWorkersAreRejected() {
        var job =
                resource(
                        """
                        {"apiVersion": "locus.dev/v1alpha1", "kind": "TrainingJob",
                         "metadata": {"name": "zero", "namespace": "default"},
                         "spec": {"data": {"classification": "public"}, "workers": 0, "template": {}}}
                        """);
        assertThatThrownBy(() -> client.resource(job).create())
                .hasMessageContaining("spec.workers");
        assertThat(
                        client.genericKubernetesResources("locus.dev/v1alpha1", "TrainingJob")
                                .inNamespace("default")
                                .withName("zero")
                                .get())
                .isNull();
    }

    private static GenericKubernetesResource resource(String json) {
        return Serialization.unmarshal(json, GenericKubernetesResource.class);
    }
}
