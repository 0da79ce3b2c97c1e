package dev.locus.cli.demo;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.FleetQuota;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.QuotaLimit;
import dev.locus.api.v1alpha1.QuotaUsed;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.cli.PlanReport;
import dev.locus.cli.TextTable;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The demo's tables, read from the hub like {@code kubectl get} would. */
final class DemoReport {

    private DemoReport() {}

    static String workloads(KubernetesClient hub) {
        return workloads(hub, null);
    }

    /** The workloads of the given names (all if null). */
    static String workloads(KubernetesClient hub, Set<String> names) {
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(hub.resources(TrainingJob.class).inAnyNamespace().list().getItems());
        all.addAll(hub.resources(InferenceEndpoint.class).inAnyNamespace().list().getItems());
        if (names != null) {
            all.removeIf(w -> !names.contains(w.getMetadata().getName()));
        }
        all.sort(
                Comparator.comparing((HasMetadata w) -> w.getMetadata().getNamespace())
                        .thenComparing(w -> w.getMetadata().getName()));
        TextTable table =
                new TextTable(
                        "KIND",
                        "WORKLOAD",
                        "PHASE",
                        "ZONE",
                        "CLUSTER",
                        "POOL",
                        "REPLICAS",
                        "LATENCY",
                        "READY",
                        "REASON");
        for (HasMetadata w : all) {
            WorkloadStatus status =
                    w instanceof TrainingJob t
                            ? t.getStatus()
                            : ((InferenceEndpoint) w).getStatus();
            String name = w.getMetadata().getNamespace() + "/" + w.getMetadata().getName();
            String phase =
                    status == null || status.getPhase() == null
                            ? "Pending"
                            : status.getPhase().wireName();
            String zone =
                    status == null
                                    || status.getPlacement() == null
                                    || status.getPlacement().getZone() == null
                            ? "-"
                            : status.getPlacement().getZone();
            String ready =
                    w instanceof InferenceEndpoint e
                                    && e.getStatus() != null
                                    && e.getStatus().getReadyReplicas() != null
                            ? e.getStatus().getReadyReplicas() + "/" + e.getSpec().getReplicas()
                            : "";
            List<Assignment> assignments =
                    status == null || status.getPlacement() == null
                            ? List.of()
                            : status.getPlacement().getAssignments();
            if (assignments.isEmpty()) {
                String reason =
                        status == null || status.getMessage() == null ? "" : status.getMessage();
                String zoneOf =
                        w instanceof TrainingJob t
                                ? t.getSpec().getData().getZone()
                                : ((InferenceEndpoint) w).getSpec().getData().getZone();
                table.row(
                        w.getKind(),
                        name,
                        phase,
                        zoneOf == null ? "-" : zoneOf,
                        "-",
                        "-",
                        "-",
                        "-",
                        ready,
                        reason);
                continue;
            }
            boolean first = true;
            for (Assignment a : assignments) {
                table.row(
                        first ? w.getKind() : "",
                        first ? name : "",
                        first ? phase : "",
                        first ? zone : "",
                        a.getCluster(),
                        a.getPool(),
                        String.valueOf(a.getReplicas()),
                        PlanReport.latency(a.getLatencyMs()),
                        first ? ready : "",
                        "");
                first = false;
            }
        }
        return table.render();
    }

    /** GPU pools, as {@code kubectl get gp -o wide} shows them. */
    static String pools(KubernetesClient hub) {
        List<GPUPool> pools = new ArrayList<>(hub.resources(GPUPool.class).list().getItems());
        pools.sort(Comparator.comparing(p -> p.getMetadata().getName()));
        TextTable table =
                new TextTable(
                        "GPUPOOL",
                        "CLUSTER",
                        "MODEL",
                        "TOTAL",
                        "ALLOCATABLE",
                        "RESERVED",
                        "OTHERS",
                        "AVAILABLE",
                        "NODES");
        for (GPUPool p : pools) {
            var capacity = p.getStatus() == null ? null : p.getStatus().getCapacity();
            var nodes = p.getStatus() == null ? null : p.getStatus().getNodes();
            table.row(
                    p.getMetadata().getName(),
                    p.getSpec().getCluster(),
                    p.getSpec().getAccelerator().getModel(),
                    value(capacity == null ? null : capacity.getTotal()),
                    value(capacity == null ? null : capacity.getAllocatable()),
                    value(capacity == null ? null : capacity.getReservedByLocus()),
                    value(capacity == null ? null : capacity.getUsedByOthers()),
                    value(capacity == null ? null : capacity.getAvailable()),
                    nodes == null ? "-" : nodes.getReady() + "/" + nodes.getTotal());
        }
        return table.render();
    }

    /**
     * FleetQuotas, one row per limit, as {@code kubectl get fq} shows them (whose USED and LIMIT
     * are those of the first limit) with every limit's zone, models and what it borrowed.
     */
    static String quotas(KubernetesClient hub) {
        List<FleetQuota> quotas =
                new ArrayList<>(hub.resources(FleetQuota.class).list().getItems());
        quotas.sort(Comparator.comparing(q -> q.getMetadata().getName()));
        TextTable table =
                new TextTable(
                        "FLEETQUOTA",
                        "COHORT",
                        "ZONE",
                        "MODELS",
                        "USED",
                        "LIMIT",
                        "BORROWED",
                        "ADMITTED",
                        "PENDING");
        for (FleetQuota q : quotas) {
            var status = q.getStatus();
            List<QuotaLimit> limits = q.getSpec().getLimits();
            // status.used lists the limits in order, as the printer columns assume.
            List<QuotaUsed> usage = status == null ? List.of() : status.getUsed();
            for (int i = 0; i < limits.size(); i++) {
                QuotaLimit limit = limits.get(i);
                QuotaUsed used = usage.size() == limits.size() ? usage.get(i) : null;
                boolean first = i == 0;
                table.row(
                        first ? q.getMetadata().getName() : "",
                        first ? Objects.toString(q.getSpec().getCohort(), "-") : "",
                        Objects.toString(limit.getZone(), "*"),
                        limit.getModels().isEmpty() ? "*" : String.join(",", limit.getModels()),
                        used == null ? "0" : value(used.getAccelerators()),
                        value(limit.getAccelerators()),
                        used == null || used.getBorrowed() == null
                                ? "0"
                                : value(used.getBorrowed()),
                        first ? value(status == null ? null : status.getAdmitted()) : "",
                        first ? value(status == null ? null : status.getPending()) : "");
            }
        }
        return table.render();
    }

    /** Each Cluster's power in use by what Locus placed, and its budget (status.power). */
    static String power(KubernetesClient hub) {
        List<Cluster> clusters = new ArrayList<>(hub.resources(Cluster.class).list().getItems());
        clusters.sort(Comparator.comparing(c -> c.getMetadata().getName()));
        TextTable table = new TextTable("CLUSTER", "POWER USED KW", "BUDGET KW");
        for (Cluster c : clusters) {
            var power = c.getStatus() == null ? null : c.getStatus().getPower();
            table.row(
                    c.getMetadata().getName(),
                    kilowatts(power == null ? null : power.getUsedKilowatts()),
                    kilowatts(power == null ? null : power.getBudgetKilowatts()));
        }
        return table.render();
    }

    private static String kilowatts(Double kw) {
        return kw == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f", kw);
    }

    private static String value(Integer v) {
        return v == null ? "-" : v.toString();
    }
}
