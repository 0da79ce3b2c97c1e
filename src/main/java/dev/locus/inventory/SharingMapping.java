package dev.locus.inventory;

import dev.locus.api.v1alpha1.FleetQuota;
import dev.locus.api.v1alpha1.FleetQuotaSpec;
import dev.locus.api.v1alpha1.PlacementStatus;
import dev.locus.api.v1alpha1.QuotaLimit;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.placement.PlacedWorkload;
import dev.locus.placement.Quota;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The mapping of what sharing the fleet reads: FleetQuotas, the labels of namespaces they select
 * on, and workloads that already hold accelerators.
 */
public final class SharingMapping {

    private SharingMapping() {}

    /** The label Kubernetes puts on every namespace: its name. */
    public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    /** A FleetQuota as the engine sees it. */
    public static Quota quota(FleetQuota quota) {
        var spec = quota.getSpec() == null ? new FleetQuotaSpec() : quota.getSpec();
        List<Quota.Limit> limits = new ArrayList<>();
        for (QuotaLimit limit : InventoryMapper.present(spec.getLimits()).toList()) {
            limits.add(
                    new Quota.Limit(
                            limit.getZone(),
                            InventoryMapper.present(limit.getModels()).collect(Collectors.toSet()),
                            limit.getAccelerators() == null
                                    ? 0
                                    : Math.max(0, limit.getAccelerators()),
                            limit.getBorrowingLimit(),
                            limit.getLendingLimit()));
        }
        Double weight = spec.getFairSharing() == null ? null : spec.getFairSharing().getWeight();
        return new Quota(
                quota.getMetadata().getName(),
                // No selector selects nothing: a quota must say whom it governs.
                spec.getNamespaceSelector() == null
                        ? null
                        : InventoryMapper.selector(spec.getNamespaceSelector()),
                spec.getCohort(),
                limits,
                weight == null ? 1 : weight);
    }

    /**
     * The labels of namespaces by name, which quotas select on: each carries {@value
     * #NAMESPACE_NAME_LABEL} as on the API server, which sets it on every namespace.
     */
    public static Map<String, Map<String, String>> namespaceLabels(
            Collection<Namespace> namespaces) {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (Namespace ns : namespaces) {
            String name = ns.getMetadata().getName();
            out.put(name, labelsOf(name, ns.getMetadata().getLabels()));
        }
        return out;
    }

    /** A namespace's labels as the API server keeps them: null values empty, its name label. */
    public static Map<String, String> labelsOf(String namespace, Map<String, String> labels) {
        Map<String, String> out = new HashMap<>();
        if (labels != null) {
            labels.forEach((key, value) -> out.put(key, value == null ? "" : value));
        }
        out.put(NAMESPACE_NAME_LABEL, namespace);
        return out;
    }

    /**
     * Whether a workload holds accelerators as its status says: it has a placement with assignments
     * and has not finished.
     */
    public static boolean holdsPlacement(WorkloadResource w) {
        var status = w.getStatus();
        return status != null
                && status.getPlacement() != null
                && InventoryMapper.present(status.getPlacement().getAssignments())
                        .findAny()
                        .isPresent()
                && (status.getPhase() == null || !status.getPhase().isFinished());
    }

    /**
     * A workload that holds accelerators ({@link #holdsPlacement}), for the engine to count and
     * perhaps preempt.
     *
     * @param takenFromFree whether a pool's free count (by pool name) already leaves out what
     *     placed workloads hold: always in the operator (free is offered less the reservations); in
     *     a plan, for pools whose free count is their status.capacity.available
     */
    public static PlacedWorkload placed(
            WorkloadResource w, long sequence, Predicate<String> takenFromFree) {
        PlacementStatus placement = w.getStatus().getPlacement();
        List<PlacedWorkload.Holding> holdings = new ArrayList<>();
        InventoryMapper.present(placement.getAssignments())
                .filter(a -> a.getAccelerators() != null && a.getAccelerators() > 0)
                .forEach(
                        a ->
                                holdings.add(
                                        new PlacedWorkload.Holding(
                                                a.getCluster(),
                                                a.getPool(),
                                                a.getAccelerators(),
                                                a.getPool() != null
                                                        && takenFromFree.test(a.getPool()))));
        return new PlacedWorkload(
                InventoryMapper.workload(w, sequence),
                holdings,
                InventoryMapper.instant(placement.getDecidedAt()));
    }
}
