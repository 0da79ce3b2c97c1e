package dev.locus.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.api.v1alpha1.Accelerator;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.capacity.PoolCapacity;
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
import org.junit.jupiter.api.Test;

/** The member caches keep only what capacity reads, and capacity reads the same from them. */
class SlimStoreTest {

    private static final String UID = "locus.dev/workload-uid";

    static Node node(String name, boolean ready, Boolean unschedulable, int gpus) {
        Map<String, Quantity> resources =
                Map.of(
                        "cpu", new Quantity("96"),
                        "memory", new Quantity("1Ti"),
                        "nvidia.com/gpu", new Quantity(Integer.toString(gpus)));
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of("gpu", "h100", "zone", "a"))
                .withAnnotations(Map.of("big", "x".repeat(10_000)))
                .endMetadata()
                .withNewSpec()
                .withUnschedulable(unschedulable)
                .endSpec()
                .withNewStatus()
                .withCapacity(resources)
                .withAllocatable(resources)
                .addNewCondition()
                .withType("MemoryPressure")
                .withStatus("False")
                .endCondition()
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .endStatus()
                .build();
    }

    static Pod pod(String name, String node, String phase, int gpus, int initGpus, String uid) {
        var builder =
                new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace("x")
                        .withLabels(uid == null ? Map.of("app", "a") : Map.of("app", "a", UID, uid))
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName(node)
                        .addNewContainer()
                        .withName("main")
                        .withImage("x")
                        .withNewResources()
                        .withRequests(Map.of("cpu", new Quantity("4")))
                        .withLimits(
                                gpus == 0
                                        ? Map.of("cpu", new Quantity("4"))
                                        : Map.of(
                                                "cpu",
                                                new Quantity("4"),
                                                "nvidia.com/gpu",
                                                new Quantity(Integer.toString(gpus))))
                        .endResources()
                        .endContainer();
        if (initGpus > 0) {
            builder.addNewInitContainer()
                    .withName("init")
                    .withNewResources()
                    .withRequests(
                            Map.of("nvidia.com/gpu", new Quantity(Integer.toString(initGpus))))
                    .endResources()
                    .endInitContainer();
        }
        return builder.endSpec().withNewStatus().withPhase(phase).endStatus().build();
    }

    static GPUPool pool() {
        GPUPool pool = new GPUPool();
        pool.setMetadata(new ObjectMetaBuilder().withName("p").withGeneration(1L).build());
        pool.getSpec().setCluster("c");
        Accelerator a = new Accelerator();
        a.setModel("H100");
        pool.getSpec().setAccelerator(a);
        pool.getSpec().setNodeSelector(Map.of("gpu", "h100"));
        return pool;
    }

    @Test
    void aPodThatRequestsNoAcceleratorOrHasEndedIsNotKept() {
        SlimStore<Pod> store = SlimStore.pods(UID);
        for (Pod p :
                List.of(
                        pod("cpu-only", "a", "Running", 0, 0, null),
                        pod("done", "a", "Succeeded", 8, 0, null),
                        pod("failed", "a", "Failed", 8, 0, "u1"),
                        pod("gpu", "a", "Running", 8, 0, "u1"))) {
            store.put(store.getKey(p), p);
        }
        assertThat(store.keySet()).containsExactly("x/gpu");
        Pod kept = store.get("x/gpu");
        assertThat(kept.getMetadata().getLabels()).isEqualTo(Map.of(UID, "u1"));
        assertThat(kept.getSpec().getContainers().get(0).getResources().getLimits())
                .containsOnlyKeys("nvidia.com/gpu");
        assertThat(kept.getSpec().getContainers().get(0).getImage()).isNull();

        // A pod that stops requesting accelerators (replaced under the same name) leaves.
        Pod replaced = pod("gpu", "a", "Running", 0, 0, "u1");
        store.put(store.getKey(replaced), replaced);
        assertThat(store.size()).isZero();
    }

    @Test
    void aNodeKeepsItsLabelsReadinessAndAcceleratorsOnly() {
        Node slim = SlimStore.slimNode(node("a", true, true, 8));
        assertThat(slim.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(slim.getMetadata().getLabels()).containsEntry("gpu", "h100");
        assertThat(slim.getSpec().getUnschedulable()).isTrue();
        assertThat(slim.getStatus().getCapacity()).containsOnlyKeys("nvidia.com/gpu");
        assertThat(slim.getStatus().getConditions())
                .singleElement()
                .satisfies(c -> assertThat(c.getType()).isEqualTo("Ready"));
    }

    @Test
    void capacityFromTheSlimCacheIsCapacityFromTheFullObjects() {
        List<Node> nodes =
                List.of(
                        node("a", true, null, 8),
                        node("b", false, null, 8),
                        node("c", true, true, 4),
                        node("d", true, false, 2));
        List<Pod> pods =
                List.of(
                        pod("p1", "a", "Running", 2, 0, null),
                        pod("p2", "a", "Pending", 1, 3, null),
                        pod("p3", "a", "Succeeded", 8, 0, null),
                        pod("p4", "d", "Running", 1, 0, "held"),
                        pod("p5", "d", "Running", 1, 0, "leftover"),
                        pod("p6", "a", "Running", 0, 0, null),
                        pod("p7", "zz", "Running", 4, 0, null));
        SlimStore<Node> slimNodes = SlimStore.nodes();
        nodes.forEach(n -> slimNodes.put(slimNodes.getKey(n), n));
        SlimStore<Pod> slimPods = SlimStore.pods(UID);
        pods.forEach(p -> slimPods.put(slimPods.getKey(p), p));

        PoolCapacity capacity = new PoolCapacity(UID);
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        var full = capacity.compute(pool(), true, nodes, pods, 1, Set.of("held"), now);
        var slim =
                capacity.compute(
                        pool(),
                        true,
                        slimNodes.values().toList(),
                        slimPods.values().toList(),
                        1,
                        Set.of("held"),
                        now);
        assertThat(slim.getCapacity()).usingRecursiveComparison().isEqualTo(full.getCapacity());
        assertThat(slim.getCapacity().getUsedByOthers()).isEqualTo(2 + 3 + 1);
        assertThat(slim.getNodes().getTotal()).isEqualTo(full.getNodes().getTotal());
        assertThat(slim.getNodes().getReady()).isEqualTo(full.getNodes().getReady());
    }

    static io.fabric8.kubernetes.api.model.batch.v1.Job job(boolean complete) {
        return new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
                .withNewMetadata()
                .withName("train-a")
                .withNamespace("ml")
                .withUid("u-1")
                .withResourceVersion("42")
                .withCreationTimestamp("2026-12-01T10:00:00Z")
                .withLabels(Map.of(UID, "w-1"))
                .withAnnotations(
                        Map.of(
                                "locus.dev/spec-hash",
                                "abc",
                                "kubectl.kubernetes.io/last-applied-configuration",
                                "x".repeat(10_000)))
                .endMetadata()
                .withNewSpec()
                .withCompletions(4)
                .withParallelism(4)
                .withNewTemplate()
                .withNewSpec()
                .addNewContainer()
                .withName("main")
                .withImage("trainer:1")
                .addNewEnv()
                .withName("A")
                .withValue("b")
                .endEnv()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .withNewStatus()
                .withStartTime("2026-12-01T10:00:05Z")
                .withSucceeded(complete ? 4 : 1)
                .withCompletionTime(complete ? "2026-12-01T11:00:05Z" : null)
                .endStatus()
                .build();
    }

    @Test
    void anObjectLocusMadeKeepsWhatDispatchAndProgressReadButNotItsPodTemplate() {
        var store = SlimStore.jobs("locus.dev/");
        for (boolean complete : new boolean[] {false, true}) {
            var full = job(complete);
            store.put(store.getKey(full), full);
            var slim = store.get("ml/train-a");
            assertThat(slim.getKind()).isEqualTo("Job");
            assertThat(slim.getMetadata().getUid()).isEqualTo("u-1");
            assertThat(slim.getMetadata().getResourceVersion()).isEqualTo("42");
            assertThat(slim.getMetadata().getCreationTimestamp()).isEqualTo("2026-12-01T10:00:00Z");
            assertThat(slim.getMetadata().getLabels()).containsEntry(UID, "w-1");
            assertThat(slim.getMetadata().getAnnotations()).containsOnlyKeys("locus.dev/spec-hash");
            assertThat(slim.getSpec().getTemplate()).isNull();
            assertThat(dev.locus.dispatch.RemoteProgress.ofJob(slim))
                    .isEqualTo(dev.locus.dispatch.RemoteProgress.ofJob(full));
            assertThat(dev.locus.dispatch.RemoteProgress.runTime(slim))
                    .isEqualTo(dev.locus.dispatch.RemoteProgress.runTime(full));
        }

        var deployments = SlimStore.deployments("locus.dev/");
        var deployment =
                new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                        .withMetadata(job(false).getMetadata())
                        .withNewSpec()
                        .withReplicas(3)
                        .withNewTemplate()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("serve")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .withNewStatus()
                        .withReadyReplicas(2)
                        .endStatus()
                        .build();
        deployments.put(deployments.getKey(deployment), deployment);
        var kept = deployments.get("ml/train-a");
        assertThat(kept.getSpec().getReplicas()).isEqualTo(3);
        assertThat(kept.getSpec().getTemplate()).isNull();
        assertThat(kept.getStatus().getReadyReplicas()).isEqualTo(2);

        var services = SlimStore.services("locus.dev/");
        var service =
                new io.fabric8.kubernetes.api.model.ServiceBuilder()
                        .withMetadata(job(false).getMetadata())
                        .withNewSpec()
                        .withClusterIP("None")
                        .endSpec()
                        .build();
        services.put(services.getKey(service), service);
        assertThat(services.get("ml/train-a").getSpec()).isNull();
        assertThat(services.get("ml/train-a").getMetadata().getLabels()).containsEntry(UID, "w-1");
    }
}
