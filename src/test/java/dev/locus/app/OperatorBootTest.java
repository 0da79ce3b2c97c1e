package dev.locus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.testing.ApplyLocusCrds;
import dev.locus.testing.TestFiles;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The operator boots against a CRUD-mode mock hub, reconciles an example Cluster, writes status.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = ApplyLocusCrds.class)
class OperatorBootTest {

    @Inject KubernetesClient client;
    @Inject OperatorLifecycle lifecycle;

    @Test
    void reconcilesAnExampleClusterAndWritesItsStatus() {
        assertThat(lifecycle.isStarted()).isTrue();
        Path fleet = Path.of("examples/fleet");
        SovereigntyZone eu =
                TestFiles.ofKind(fleet, "SovereigntyZone", SovereigntyZone.class).stream()
                        .filter(z -> z.getMetadata().getName().equals("eu"))
                        .findFirst()
                        .orElseThrow();
        Cluster fra =
                TestFiles.ofKind(fleet, "Cluster", Cluster.class).stream()
                        .filter(c -> c.getMetadata().getName().equals("fra-1"))
                        .findFirst()
                        .orElseThrow();
        client.resource(eu).create();
        client.resource(fra).create();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> {
                            Cluster read = client.resources(Cluster.class).withName("fra-1").get();
                            assertThat(read.getStatus()).isNotNull();
                            assertThat(read.getStatus().getZones()).containsExactly("eu");
                            assertThat(read.getStatus().getObservedGeneration())
                                    .isEqualTo(read.getMetadata().getGeneration());
                        });

        // The spec round-trips intact next to the status written through the subresource.
        Cluster read = client.resources(Cluster.class).withName("fra-1").get();
        assertThat(read.getSpec().getLocation().getCountry()).isEqualTo("DE");
        assertThat(read.getSpec().getConnection().targetsHub()).isTrue();
        assertThat(read.getSpec().getInterconnects()).hasSize(4);
    }
}
