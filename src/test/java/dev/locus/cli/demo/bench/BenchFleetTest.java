package dev.locus.cli.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.api.schema.CrdSchemas;
import dev.locus.api.schema.SchemaValidator;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.Interconnect;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BenchFleetTest {

    static final KubernetesSerialization JSON = new KubernetesSerialization();

    @ParameterizedTest(name = "{0} members")
    @ValueSource(ints = {1, 3, 8, 9, 10, 100})
    void theFleetsObjectsAreValidAndConsistent(int members) {
        BenchFleet.Shape shape = new BenchFleet.Shape(members, 2, 2048, 8);
        List<HasMetadata> objects = FleetObjects.locusObjects(shape);
        for (HasMetadata o : objects) {
            JsonNode doc = JSON.convertValue(o, JsonNode.class);
            assertThat(
                            SchemaValidator.validateDocument(
                                    doc, CrdSchemas.forKind(o.getKind()).orElseThrow()))
                    .as(o.getKind() + " " + o.getMetadata().getName())
                    .isEmpty();
        }
        List<Cluster> clusters =
                objects.stream().filter(o -> o instanceof Cluster).map(o -> (Cluster) o).toList();
        List<GPUPool> pools =
                objects.stream().filter(o -> o instanceof GPUPool).map(o -> (GPUPool) o).toList();
        Set<String> names =
                clusters.stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet());
        assertThat(names).hasSize(members);
        assertThat(pools).hasSize(2 * members);
        assertThat(pools.stream().map(p -> p.getMetadata().getName()).distinct())
                .hasSize(2 * members);
        for (Cluster c : clusters) {
            List<String> links =
                    c.getSpec().getInterconnects().stream().map(Interconnect::getCluster).toList();
            assertThat(links).doesNotHaveDuplicates().doesNotContain(c.getMetadata().getName());
            assertThat(names).containsAll(links);
            assertThat(c.getSpec().getConnection().getKubeconfigSecretRef().getName())
                    .isEqualTo(c.getMetadata().getName() + "-kubeconfig");
        }
        for (GPUPool p : pools) {
            assertThat(names).contains(p.getSpec().getCluster());
            assertThat(p.getSpec().getNodeSelector())
                    .containsEntry(FleetObjects.NODE_POOL_LABEL, p.getMetadata().getName());
            assertThat(p.getSpec().getCapacity()).isEqualTo(2048);
        }
    }

    @ParameterizedTest(name = "{0} members")
    @ValueSource(ints = {8, 100})
    void everyZoneHasMembersAndEveryMemberAnH100Pool(int members) {
        List<BenchFleet.Member> fleet =
                BenchFleet.members(new BenchFleet.Shape(members, 2, 256, 8));
        assertThat(fleet.stream().map(m -> m.site().zone()).collect(Collectors.toSet()))
                .contains("eu", "uk", "us", "jp");
        assertThat(fleet).allSatisfy(m -> assertThat(m.pools().get(0)).endsWith("-h100"));
        assertThat(fleet.get(0).name()).isEqualTo("fra-1");
        assertThat(fleet.get(members - 1).name()).endsWith("-" + ((members - 1) / 8 + 1));
    }

    @ParameterizedTest(name = "{0} GPUs per pool")
    @ValueSource(ints = {8, 9, 2048, 400})
    void poolsGetEnoughNodesForTheirCapacity(int gpus) {
        BenchFleet.Shape shape = new BenchFleet.Shape(8, 2, gpus, 8);
        assertThat(shape.nodesPerPool() * 8).isGreaterThanOrEqualTo(gpus).isLessThan(gpus + 8);
        assertThat(shape.nodes()).isEqualTo(16 * shape.nodesPerPool());
        assertThat(shape.gpus()).isEqualTo(16L * gpus);
    }
}
