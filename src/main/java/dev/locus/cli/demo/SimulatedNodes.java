package dev.locus.cli.demo;

import dev.locus.api.v1alpha1.GPUPool;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;

/** GPU nodes for a simulated member cluster: what a pool's nodeSelector finds there. */
public final class SimulatedNodes {

    private SimulatedNodes() {}

    /** Enough Ready nodes of {@code perNode} accelerators for the pool's declared capacity. */
    static void create(KubernetesClient member, GPUPool pool, int perNode) {
        int capacity =
                pool.getSpec().getCapacity() == null ? perNode : pool.getSpec().getCapacity();
        int nodes = (capacity + perNode - 1) / perNode;
        for (int i = 0; i < nodes; i++) {
            int here = Math.min(perNode, capacity - i * perNode);
            Map<String, String> labels = new LinkedHashMap<>(pool.getSpec().getNodeSelector());
            labels.put("kubernetes.io/hostname", pool.getMetadata().getName() + "-" + i);
            Map<String, Quantity> resources =
                    Map.of(
                            pool.getSpec().resourceNameOrDefault(),
                            new Quantity(Integer.toString(here)),
                            "cpu",
                            new Quantity("96"),
                            "memory",
                            new Quantity("1024Gi"));
            createReady(member, pool.getMetadata().getName() + "-" + i, labels, resources);
        }
    }

    /**
     * Creates a Ready node with these labels and resources in a member (its status written too, as
     * the mock server keeps no status on create).
     */
    public static void createReady(
            KubernetesClient member,
            String name,
            Map<String, String> labels,
            Map<String, Quantity> resources) {
        Node node =
                new NodeBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(labels)
                        .endMetadata()
                        .withNewStatus()
                        .withCapacity(resources)
                        .withAllocatable(resources)
                        .addNewCondition()
                        .withType("Ready")
                        .withStatus("True")
                        .endCondition()
                        .endStatus()
                        .build();
        Node created = member.nodes().resource(node).create();
        if (created.getStatus() == null || created.getStatus().getAllocatable() == null) {
            created.setStatus(node.getStatus());
            member.nodes().resource(created).updateStatus();
        }
    }
}
