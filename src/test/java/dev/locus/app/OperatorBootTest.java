package dev.locus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.cli.demo.MockApiServers;
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
        // Both tests share one hub: the other may have created them, and the operator keeps
        // writing their status, so an update could conflict. The spec is the same either way.
        if (client.resource(eu).get() == null) {
            client.resource(eu).create();
        }
        if (client.resource(fra).get() == null) {
            client.resource(fra).create();
        }

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

    @Test
    void theQuarkusWiredOperatorPlacesAndDispatchesOnTheHubItself() {
        Path fleet = Path.of("examples/fleet");
        client.resource(TestFiles.ofKind(fleet, "SovereigntyZone", SovereigntyZone.class).get(0))
                .createOr(c -> c.update());
        Cluster fra =
                TestFiles.ofKind(fleet, "Cluster", Cluster.class).stream()
                        .filter(c -> c.getMetadata().getName().equals("fra-1"))
                        .findFirst()
                        .orElseThrow();
        client.resource(fra).createOr(c -> c.update());
        GPUPool pool =
                TestFiles.ofKind(fleet, "GPUPool", GPUPool.class).stream()
                        .filter(p -> p.getMetadata().getName().equals("fra-1-h100"))
                        .findFirst()
                        .orElseThrow();
        client.resource(pool).create();
        MockApiServers.ensureNamespace(client, "ml-research");
        TrainingJob job =
                TestFiles.ofKind(Path.of("examples/workloads"), "TrainingJob", TrainingJob.class)
                        .stream()
                        .filter(j -> j.getMetadata().getName().equals("llm-pretrain-de"))
                        .findFirst()
                        .orElseThrow();
        client.resource(job).create();

        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            TrainingJob read = client.resource(job).get();
                            return read.getStatus() != null
                                    && read.getStatus().getPhase() == WorkloadPhase.RUNNING;
                        });
        TrainingJob read = client.resource(job).get();
        assertThat(read.getStatus().getPlacement().getAssignments().get(0).getPool())
                .isEqualTo("fra-1-h100");
        assertThat(
                        client.batch()
                                .v1()
                                .jobs()
                                .inNamespace("ml-research")
                                .withName("llm-pretrain-de")
                                .get())
                .isNotNull();
    }
}
