package dev.locus.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.api.v1alpha1.Accelerator;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.GPUPool;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A pool's capacity from nodes and pods, rule by rule. */
class PoolCapacityTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final PoolCapacity CAPACITY = new PoolCapacity("locus.dev/workload-uid");
    private static final Map<String, String> H100 = Map.of("gpu", "h100");

    static GPUPool pool(Integer declared) {
        GPUPool pool = new GPUPool();
        pool.setMetadata(new ObjectMetaBuilder().withName("p").withGeneration(3L).build());
        pool.getSpec().setCluster("c");
        Accelerator a = new Accelerator();
        a.setModel("H100");
        pool.getSpec().setAccelerator(a);
        pool.getSpec().setNodeSelector(H100);
        pool.getSpec().setCapacity(declared);
        return pool;
    }

    /** A node with the pool's label and 8 GPUs, Ready and schedulable unless changed. */
    static NodeBuilder node(String name) {
        Map<String, Quantity> gpus = Map.of("nvidia.com/gpu", new Quantity("8"));
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(H100)
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .withNewStatus()
                .withCapacity(gpus)
                .withAllocatable(gpus)
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus();
    }

    static Pod pod(String node, int gpus, String phase, boolean locus) {
        var builder =
                new PodBuilder()
                        .withNewMetadata()
                        .withName("pod-" + node + gpus + phase + locus)
                        .withNamespace("x")
                        .withLabels(locus ? Map.of("locus.dev/workload-uid", "u") : Map.of())
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName(node)
                        .addNewContainer()
                        .withName("c")
                        .withNewResources()
                        .withLimits(Map.of("nvidia.com/gpu", new Quantity(Integer.toString(gpus))))
                        .endResources()
                        .endContainer()
                        .endSpec()
                        .withNewStatus()
                        .withPhase(phase)
                        .endStatus();
        return builder.build();
    }

    record Case(
            List<Node> nodes,
            List<Pod> pods,
            int reserved,
            int total,
            int allocatable,
            int allocated,
            int available,
            int ready) {}

    static Stream<Arguments> cases() {
        Node a = node("a").build();
        Node b = node("b").build();
        Node notReady =
                node("n")
                        .editStatus()
                        .editFirstCondition()
                        .withStatus("False")
                        .endCondition()
                        .endStatus()
                        .build();
        Node cordoned = node("k").editSpec().withUnschedulable(true).endSpec().build();
        Node otherPool =
                node("o").editMetadata().withLabels(Map.of("gpu", "l40s")).endMetadata().build();
        return Stream.of(
                row("one node", new Case(List.of(a), List.of(), 0, 8, 8, 0, 8, 1)),
                row(
                        "adding a node raises capacity",
                        new Case(List.of(a, b), List.of(), 0, 16, 16, 0, 16, 2)),
                row(
                        "a NotReady node counts in total, not in allocatable",
                        new Case(List.of(a, notReady), List.of(), 0, 16, 8, 0, 8, 1)),
                row(
                        "a cordoned node counts in total, not in allocatable",
                        new Case(List.of(a, cordoned), List.of(), 0, 16, 8, 0, 8, 1)),
                row(
                        "nodes of another pool do not count",
                        new Case(List.of(a, otherPool), List.of(), 0, 8, 8, 0, 8, 1)),
                row(
                        "another tenant's GPU pod lowers available",
                        new Case(
                                List.of(a, b),
                                List.of(pod("a", 3, "Running", false)),
                                0,
                                16,
                                16,
                                3,
                                13,
                                2)),
                row(
                        "Locus' own pods are counted as reservations, not twice",
                        new Case(
                                List.of(a, b),
                                List.of(pod("a", 4, "Running", true)),
                                4,
                                16,
                                16,
                                4,
                                12,
                                2)),
                row(
                        "a Locus pod no reservation covers (a leftover) counts as used",
                        new Case(
                                List.of(a, b),
                                List.of(pod("a", 4, "Running", true)),
                                0,
                                16,
                                16,
                                4,
                                12,
                                2)),
                row(
                        "finished pods hold nothing",
                        new Case(
                                List.of(a),
                                List.of(
                                        pod("a", 8, "Succeeded", false),
                                        pod("a", 8, "Failed", false)),
                                0,
                                8,
                                8,
                                0,
                                8,
                                1)),
                row(
                        "pods on other nodes do not count",
                        new Case(
                                List.of(a),
                                List.of(pod("o", 8, "Running", false)),
                                0,
                                8,
                                8,
                                0,
                                8,
                                1)),
                row(
                        "available is never negative",
                        new Case(
                                List.of(a),
                                List.of(pod("a", 6, "Running", false)),
                                8,
                                8,
                                8,
                                14,
                                0,
                                1)));
    }

    static Arguments row(String name, Case c) {
        return Arguments.of(name, c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void capacityFromNodesAndPods(String name, Case c) {
        var status =
                CAPACITY.compute(
                        pool(64),
                        true,
                        c.nodes(),
                        c.pods(),
                        c.reserved(),
                        c.reserved() > 0 ? Set.of("u") : Set.of(),
                        NOW);
        var capacity = status.getCapacity();
        assertThat(
                        List.of(
                                capacity.getTotal(),
                                capacity.getAllocatable(),
                                capacity.getAllocated(),
                                capacity.getAvailable()))
                .containsExactly(c.total(), c.allocatable(), c.allocated(), c.available());
        assertThat(capacity.getReservedByLocus()).isEqualTo(c.reserved());
        assertThat(status.getNodes().getReady()).isEqualTo(c.ready());
        assertThat(Conditions.isTrue(status.getConditions(), PoolCapacity.NODES_VISIBLE)).isTrue();
        assertThat(status.getObservedGeneration()).isEqualTo(3L);
    }

    @Test
    void aPoolWhoseNodesCannotBeSeenUsesItsDeclaredCapacityAndSaysSo() {
        var unwatched = CAPACITY.compute(pool(64), false, List.of(), List.of(), 16, Set.of(), NOW);
        assertThat(unwatched.getCapacity().getAllocatable()).isEqualTo(64);
        assertThat(unwatched.getCapacity().getAvailable()).isEqualTo(48);
        var condition =
                Conditions.find(unwatched.getConditions(), PoolCapacity.NODES_VISIBLE)
                        .orElseThrow();
        assertThat(condition.getStatus()).isEqualTo("False");
        assertThat(condition.getReason()).isEqualTo("ClusterNotWatched");
        assertThat(condition.getMessage()).contains("spec.capacity (64)");

        var noMatch =
                CAPACITY.compute(
                        pool(null),
                        true,
                        List.of(
                                node("o")
                                        .editMetadata()
                                        .withLabels(Map.of())
                                        .endMetadata()
                                        .build()),
                        List.of(),
                        0,
                        Set.of(),
                        NOW);
        assertThat(noMatch.getCapacity().getAllocatable()).isZero();
        assertThat(
                        Conditions.find(noMatch.getConditions(), PoolCapacity.NODES_VISIBLE)
                                .orElseThrow()
                                .getReason())
                .isEqualTo("NoMatchingNodes");
    }

    @Test
    void anUnchangedPoolKeepsItsUpdateTimeSoItIsNotRewritten() {
        GPUPool pool = pool(64);
        var first =
                CAPACITY.compute(
                        pool, true, List.of(node("a").build()), List.of(), 0, Set.of(), NOW);
        pool.setStatus(first);
        var second =
                CAPACITY.compute(
                        pool,
                        true,
                        List.of(node("a").build()),
                        List.of(),
                        0,
                        Set.of(),
                        NOW.plusSeconds(60));
        assertThat(second.getLastUpdateTime()).isEqualTo(first.getLastUpdateTime());
        var changed =
                CAPACITY.compute(
                        pool,
                        true,
                        List.of(node("a").build(), node("b").build()),
                        List.of(),
                        0,
                        Set.of(),
                        NOW.plusSeconds(60));
        assertThat(changed.getLastUpdateTime()).isEqualTo("2026-11-23T10:01:00Z");
    }

    @Test
    void initContainersCountAsTheLargerOfTheirMaxAndTheContainersSum() {
        Pod pod =
                new PodBuilder(pod("a", 2, "Running", false))
                        .editSpec()
                        .addNewInitContainer()
                        .withName("i")
                        .withNewResources()
                        .withRequests(Map.of("nvidia.com/gpu", new Quantity("5")))
                        .endResources()
                        .endInitContainer()
                        .endSpec()
                        .build();
        assertThat(PoolCapacity.request(pod, "nvidia.com/gpu")).isEqualTo(5);
    }
}
