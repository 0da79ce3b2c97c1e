package dev.locus.capacity;

import dev.locus.api.v1alpha1.Capacity;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.GPUPoolStatus;
import dev.locus.api.v1alpha1.NodeCounts;
import dev.locus.api.v1alpha1.Statuses;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A GPUPool's capacity from its member cluster: pure, so every rule is unit-tested alone.
 *
 * <ul>
 *   <li>total: accelerators on the nodes matching the pool's nodeSelector;
 *   <li>allocatable: those on Ready, schedulable (not cordoned) nodes;
 *   <li>allocated: reserved by placed Locus workloads, plus requested by running pods on the pool's
 *       nodes that Locus did not create;
 *   <li>available: allocatable - allocated, never negative.
 * </ul>
 *
 * A pool whose nodes Locus cannot see uses spec.capacity and says so in a condition.
 */
public final class PoolCapacity {

    /** Condition type: the pool's capacity comes from its nodes (True) or spec.capacity. */
    public static final String NODES_VISIBLE = "NodesVisible";

    /** Label on every pod Locus creates; their accelerators are counted as reservations. */
    private final String locusPodLabel;

    public PoolCapacity(String locusPodLabel) {
        this.locusPodLabel = locusPodLabel;
    }

    /**
     * The pool's next status.
     *
     * @param watched whether the pool's cluster is being watched (its nodes can be seen)
     * @param reserved accelerators reserved on the pool by placed Locus workloads
     * @param holders uids of the workloads holding those reservations: their pods are covered;
     *     other pods, Locus' leftovers included, count as used by others
     */
    public GPUPoolStatus compute(
            GPUPool pool,
            boolean watched,
            List<Node> nodes,
            List<Pod> pods,
            int reserved,
            Set<String> holders,
            Instant now) {
        GPUPoolStatus previous = pool.getStatus();
        GPUPoolStatus next = new GPUPoolStatus();
        next.setConditions(
                previous == null ? new ArrayList<>() : new ArrayList<>(previous.getConditions()));
        Long generation = pool.getMetadata().getGeneration();
        next.setObservedGeneration(generation);
        String resource = pool.getSpec().resourceNameOrDefault();
        Map<String, String> selector = pool.getSpec().getNodeSelector();
        List<Node> matching = new ArrayList<>();
        if (watched && selector != null && !selector.isEmpty()) {
            for (Node node : nodes) {
                Map<String, String> labels = node.getMetadata().getLabels();
                if (labels != null && labels.entrySet().containsAll(selector.entrySet())) {
                    matching.add(node);
                }
            }
        }
        Capacity capacity;
        if (matching.isEmpty()) {
            int declared = pool.getSpec().getCapacity() == null ? 0 : pool.getSpec().getCapacity();
            String why =
                    !watched
                            ? "cluster "
                                    + pool.getSpec().getCluster()
                                    + " is not being watched (not reachable yet)"
                            : selector == null || selector.isEmpty()
                                    ? "the pool has no nodeSelector"
                                    : "no node matches the nodeSelector";
            capacity = new Capacity(declared, declared, reserved, Math.max(0, declared - reserved));
            capacity.setReservedByLocus(reserved);
            capacity.setUsedByOthers(0);
            next.setNodes(new NodeCounts(0, 0));
            Conditions.set(
                    next.getConditions(),
                    NODES_VISIBLE,
                    false,
                    watched ? "NoMatchingNodes" : "ClusterNotWatched",
                    why + "; capacity is spec.capacity (" + declared + ")",
                    generation,
                    now);
        } else {
            int total = 0;
            int allocatable = 0;
            int ready = 0;
            Set<String> names = new HashSet<>();
            for (Node node : matching) {
                names.add(node.getMetadata().getName());
                total +=
                        amount(
                                node.getStatus() == null ? null : node.getStatus().getCapacity(),
                                resource);
                if (isReady(node)
                        && !Boolean.TRUE.equals(
                                node.getSpec() == null
                                        ? null
                                        : node.getSpec().getUnschedulable())) {
                    ready++;
                    allocatable += amount(node.getStatus().getAllocatable(), resource);
                }
            }
            int others = 0;
            for (Pod pod : pods) {
                if (pod.getSpec() == null
                        || !names.contains(pod.getSpec().getNodeName())
                        || terminated(pod)
                        || coveredByReservation(pod, holders)) {
                    continue;
                }
                others += request(pod, resource);
            }
            int allocated = reserved + others;
            capacity =
                    new Capacity(
                            total, allocatable, allocated, Math.max(0, allocatable - allocated));
            capacity.setReservedByLocus(reserved);
            capacity.setUsedByOthers(others);
            next.setNodes(new NodeCounts(matching.size(), ready));
            Conditions.set(
                    next.getConditions(),
                    NODES_VISIBLE,
                    true,
                    "NodesFound",
                    matching.size()
                            + " node(s) match the nodeSelector, "
                            + ready
                            + " Ready and schedulable",
                    generation,
                    now);
        }
        next.setCapacity(capacity);
        // The time moves only when something else did, so an unchanged pool is not rewritten.
        boolean same = Statuses.sameIgnoring(previous, next, "lastUpdateTime");
        next.setLastUpdateTime(
                same && previous.getLastUpdateTime() != null
                        ? previous.getLastUpdateTime()
                        : now.truncatedTo(ChronoUnit.SECONDS).toString());
        return next;
    }

    /** A pod of a workload that holds a reservation on this pool is counted there already. */
    private boolean coveredByReservation(Pod pod, Set<String> holders) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels != null
                && labels.get(locusPodLabel) != null
                && holders.contains(labels.get(locusPodLabel));
    }

    private static boolean terminated(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static boolean isReady(Node node) {
        return node.getStatus() != null
                && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** What a pod holds of a resource: the larger of its containers' sum and any init container. */
    static int request(Pod pod, String resource) {
        int containers = 0;
        for (Container c :
                pod.getSpec().getContainers() == null
                        ? List.<Container>of()
                        : pod.getSpec().getContainers()) {
            containers += containerRequest(c, resource);
        }
        int init = 0;
        for (Container c :
                pod.getSpec().getInitContainers() == null
                        ? List.<Container>of()
                        : pod.getSpec().getInitContainers()) {
            init = Math.max(init, containerRequest(c, resource));
        }
        return Math.max(containers, init);
    }

    private static int containerRequest(Container c, String resource) {
        if (c.getResources() == null) {
            return 0;
        }
        // Extended resources: a limit alone is also the request.
        int requested = amount(c.getResources().getRequests(), resource);
        return requested > 0 ? requested : amount(c.getResources().getLimits(), resource);
    }

    private static int amount(Map<String, Quantity> resources, String resource) {
        if (resources == null || resources.get(resource) == null) {
            return 0;
        }
        return Quantity.getAmountInBytes(resources.get(resource)).intValue();
    }
}
