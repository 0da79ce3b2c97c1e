package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Capacity;
import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.capacity.PoolCapacity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Pool, Cluster and zone capacity from the member clusters' nodes and pods, and its effects. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CapacityIT {

    static Fleet fleet;

    @BeforeAll
    static void startFleet() {
        fleet = new Fleet("ams-1", "par-1");
        var hub = fleet.hub;
        hub.resource(Hub.zone("eu", List.of("NL", "FR"))).create();
        hub.resource(Hub.member("ams-1", "NL")).create();
        hub.resource(Hub.member("par-1", "FR")).create();
        hub.resource(Hub.pool("ams-h100", "ams-1", "H100", 64, 1.0)).create();
        hub.resource(Hub.pool("par-h100", "par-1", "H100", 64, 2.0)).create();
        fleet.startOperator();
        fleet.awaitReady("ams-1", "par-1");
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    static Node gpuNode(String name, int gpus) {
        Map<String, Quantity> resources =
                Map.of("nvidia.com/gpu", new Quantity(Integer.toString(gpus)));
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of("nvidia.com/gpu.product", "H100"))
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .withNewStatus()
                .withCapacity(resources)
                .withAllocatable(resources)
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build();
    }

    static Capacity capacity(String pool) {
        GPUPool p = fleet.hub.resources(GPUPool.class).withName(pool).get();
        return p.getStatus() == null ? null : p.getStatus().getCapacity();
    }

    static void awaitCapacity(String pool, Predicate<Capacity> condition) {
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> {
                            Capacity c = capacity(pool);
                            return c != null && condition.test(c);
                        });
    }

    static void addNode(KubernetesClient member, Node node) {
        Node created = member.nodes().resource(node).create();
        created.setStatus(node.getStatus());
        member.nodes().resource(created).updateStatus();
    }

    @Test
    @Order(1)
    void aPoolWithoutVisibleNodesReportsItsDeclaredCapacity() {
        awaitCapacity("ams-h100", c -> c.getAllocatable() == 64);
        // Once the member's nodes are listed (ClusterNotWatched until then), none matches.
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                Conditions.find(
                                                fleet.hub
                                                        .resources(GPUPool.class)
                                                        .withName("ams-h100")
                                                        .get()
                                                        .getStatus()
                                                        .getConditions(),
                                                PoolCapacity.NODES_VISIBLE)
                                        .map(c -> "NoMatchingNodes".equals(c.getReason()))
                                        .orElse(false));
        GPUPool pool = fleet.hub.resources(GPUPool.class).withName("ams-h100").get();
        assertThat(pool.getStatus().getCapacity().getAllocatable()).isEqualTo(64);
    }

    @Test
    @Order(2)
    void addingNodesRaisesCapacity() {
        addNode(fleet.member("ams-1"), gpuNode("gpu-a", 8));
        awaitCapacity(
                "ams-h100",
                c -> c.getTotal() == 8 && c.getAllocatable() == 8 && c.getAvailable() == 8);
        addNode(fleet.member("ams-1"), gpuNode("gpu-b", 8));
        awaitCapacity("ams-h100", c -> c.getTotal() == 16 && c.getAllocatable() == 16);
        GPUPool pool = fleet.hub.resources(GPUPool.class).withName("ams-h100").get();
        assertThat(pool.getStatus().getNodes().getTotal()).isEqualTo(2);
        assertThat(Conditions.isTrue(pool.getStatus().getConditions(), PoolCapacity.NODES_VISIBLE))
                .isTrue();
        // The cluster and the zone add their pools up.
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> {
                            Cluster ams =
                                    fleet.hub.resources(Cluster.class).withName("ams-1").get();
                            return ams.getStatus().getCapacity() != null
                                    && ams.getStatus().getCapacity().getAllocatable() == 16;
                        });
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> {
                            SovereigntyZone eu =
                                    fleet.hub.resources(SovereigntyZone.class).withName("eu").get();
                            return eu.getStatus() != null
                                    && eu.getStatus().getClusters() == 2
                                    && eu.getStatus().getPools() == 2
                                    && eu.getStatus().getCapacity().getAllocatable() == 16 + 64;
                        });
    }

    @Test
    @Order(3)
    void aNotReadyOrCordonedNodeLowersCapacity() {
        var member = fleet.member("ams-1");
        Node b = member.nodes().withName("gpu-b").get();
        b.getStatus().getConditions().get(0).setStatus("False");
        member.nodes().resource(b).updateStatus();
        awaitCapacity("ams-h100", c -> c.getTotal() == 16 && c.getAllocatable() == 8);

        member.nodes()
                .withName("gpu-b")
                .edit(
                        n -> {
                            n.getStatus().getConditions().get(0).setStatus("True");
                            n.getSpec().setUnschedulable(true);
                            return n;
                        });
        awaitCapacity("ams-h100", c -> c.getTotal() == 16 && c.getAllocatable() == 8);
        member.nodes()
                .withName("gpu-b")
                .edit(
                        n -> {
                            n.getSpec().setUnschedulable(false);
                            return n;
                        });
        awaitCapacity("ams-h100", c -> c.getAllocatable() == 16);
    }

    @Test
    @Order(4)
    void anotherTenantsGpuPodLowersAvailableAndPlacementGoesElsewhere() {
        fleet.member("ams-1")
                .pods()
                .inNamespace("default")
                .resource(
                        new PodBuilder()
                                .withNewMetadata()
                                .withName("someone-elses")
                                .withNamespace("default")
                                .endMetadata()
                                .withNewSpec()
                                .withNodeName("gpu-a")
                                .addNewContainer()
                                .withName("c")
                                .withImage("x")
                                .withNewResources()
                                .withLimits(Map.of("nvidia.com/gpu", new Quantity("8")))
                                .endResources()
                                .endContainer()
                                .endSpec()
                                .withNewStatus()
                                .withPhase("Running")
                                .endStatus()
                                .build())
                .create();
        awaitCapacity("ams-h100", c -> c.getUsedByOthers() == 8 && c.getAvailable() == 8);

        // 16 accelerators: ams-h100 is cheaper but only 8 are free there now.
        fleet.hub
                .resource(Hub.job(Fleet.NAMESPACE, "needs-16", Classification.PERSONAL, "eu", 2, 8))
                .create();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> phase("needs-16") == WorkloadPhase.RUNNING);
        assertThat(cluster("needs-16")).isEqualTo("par-1");
        awaitCapacity("par-h100", c -> c.getReservedByLocus() == 16 && c.getAvailable() == 64 - 16);

        // An 8-accelerator job still fits on the cheaper pool.
        fleet.hub
                .resource(Hub.job(Fleet.NAMESPACE, "needs-8", Classification.PERSONAL, "eu", 1, 8))
                .create();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> phase("needs-8") == WorkloadPhase.RUNNING);
        assertThat(cluster("needs-8")).isEqualTo("ams-1");
        awaitCapacity("ams-h100", c -> c.getAvailable() == 0 && c.getAllocated() == 16);
    }

    @Test
    @Order(5)
    void aStoppedMemberGoesNotReadyWithinTwoProbesAndNewWorkGoesElsewhere() {
        Instant stopped = Instant.now();
        fleet.servers.stopMember("par-1");
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                !Conditions.isTrue(
                                        clusterObject("par-1").getStatus().getConditions(),
                                        ClusterStatus.READY));
        // Probe interval is 1 s here; allow for the request timeout of the probe itself.
        assertThat(Duration.between(stopped, Instant.now())).isLessThan(Duration.ofSeconds(12));
        assertThat(
                        Conditions.find(
                                        clusterObject("par-1").getStatus().getConditions(),
                                        ClusterStatus.REACHABLE)
                                .orElseThrow()
                                .getReason())
                .isEqualTo("Unreachable");

        // Make room on ams-1 and send new work: it must not go to the dark cluster.
        fleet.member("ams-1").pods().inNamespace("default").withName("someone-elses").delete();
        fleet.hub
                .resource(
                        Hub.job(
                                Fleet.NAMESPACE,
                                "after-outage",
                                Classification.PERSONAL,
                                "eu",
                                1,
                                8))
                .create();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> phase("after-outage") == WorkloadPhase.RUNNING);
        assertThat(cluster("after-outage")).isEqualTo("ams-1");
    }

    @Test
    @Order(6)
    void aMemberThatComesBackGoesReadyAgain() {
        fleet.servers.restartMember("par-1");
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                Conditions.isTrue(
                                        clusterObject("par-1").getStatus().getConditions(),
                                        ClusterStatus.READY));
    }

    private static Cluster clusterObject(String name) {
        return fleet.hub.resources(Cluster.class).withName(name).get();
    }

    private static WorkloadPhase phase(String name) {
        TrainingJob j =
                fleet.hub
                        .resources(TrainingJob.class)
                        .inNamespace(Fleet.NAMESPACE)
                        .withName(name)
                        .get();
        return j == null || j.getStatus() == null ? null : j.getStatus().getPhase();
    }

    private static String cluster(String name) {
        return fleet.hub
                .resources(TrainingJob.class)
                .inNamespace(Fleet.NAMESPACE)
                .withName(name)
                .get()
                .getStatus()
                .getPlacement()
                .getAssignments()
                .get(0)
                .getCluster();
    }
}
