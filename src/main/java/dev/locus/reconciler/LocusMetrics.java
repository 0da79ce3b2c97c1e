package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.placement.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Locus' own metrics (Prometheus names in brackets): decisions by result and reason ({@code
 * locus_decisions_total}), decision latency ({@code locus_decision_duration_seconds}, a histogram),
 * pending workloads by reason ({@code locus_pending_workloads}), accelerators per pool by state
 * ({@code locus_pool_accelerators}), cluster reachability ({@code locus_cluster_reachable}) and
 * dispatch errors ({@code locus_dispatch_errors_total}).
 */
public final class LocusMetrics {

    /** Reasons a workload can wait with; "Pending" is one not decided yet. */
    static final List<String> PENDING_REASONS =
            List.of("Pending", "NoFeasiblePool", "UnknownSovereigntyZone");

    private final MeterRegistry registry;
    private final Timer decisionTime;
    private final Timer passTime;
    private final MultiGauge poolAccelerators;
    private final MultiGauge clusterReachable;

    public LocusMetrics(MeterRegistry registry, HubView hub) {
        this.registry = registry;
        this.decisionTime =
                Timer.builder("locus.decision.duration")
                        .description("Time the engine took to decide one workload")
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(1_000))
                        .maximumExpectedValue(Duration.ofSeconds(1))
                        .register(registry);
        this.passTime =
                Timer.builder("locus.scheduling.pass.duration")
                        .description(
                                "Time of one scheduling pass: snapshot, decisions, status writes")
                        .register(registry);
        for (String reason : PENDING_REASONS) {
            Gauge.builder("locus.pending.workloads", () -> pending(hub, reason))
                    .description("Workloads waiting for a placement, by reason")
                    .tag("reason", reason)
                    .register(registry);
        }
        this.poolAccelerators =
                MultiGauge.builder("locus.pool.accelerators")
                        .description("Accelerators per pool by state: total, allocated, available")
                        .register(registry);
        this.clusterReachable =
                MultiGauge.builder("locus.cluster.reachable")
                        .description(
                                "1 when the member cluster's API server answered the last probe")
                        .register(registry);
    }

    /**
     * Removes every Locus meter from the registry. A registry can outlive one runtime (tests
     * restart the application in one JVM); a gauge left behind would keep reading the old one.
     */
    public void close() {
        poolAccelerators.register(List.of(), true);
        clusterReachable.register(List.of(), true);
        List.copyOf(registry.getMeters()).stream()
                .filter(m -> m.getId().getName().startsWith("locus."))
                .forEach(registry::remove);
    }

    /** Records a scheduling pass. */
    public void pass(Scheduler.Pass pass) {
        passTime.record(pass.elapsed());
        for (int i = 0; i < pass.decisions().size(); i++) {
            Decision d = pass.decisions().get(i);
            Counter.builder("locus.decisions")
                    .description("Placement decisions by result and reason")
                    .tag("result", d.placed() ? "placed" : "unschedulable")
                    .tag("reason", d.placed() ? "none" : d.reason().code())
                    .register(registry)
                    .increment();
            decisionTime.record(pass.decisionTimes().get(i));
        }
    }

    /** Counts a failure to create or reach remote objects. */
    public void dispatchError(String cluster, String reason) {
        Counter.builder("locus.dispatch.errors")
                .description("Failures to dispatch remote objects, by cluster and reason")
                .tag("cluster", cluster)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** Refreshes the per-pool and per-cluster gauges from the current statuses. */
    public void fleet(List<GPUPool> pools, List<Cluster> clusters) {
        Map<String, String> zonesByCluster = new java.util.HashMap<>();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        List<MultiGauge.Row<?>> reachable = new ArrayList<>();
        for (Cluster c : clusters) {
            List<String> zones = c.getStatus() == null ? List.of() : c.getStatus().getZones();
            zonesByCluster.put(
                    c.getMetadata().getName(), zones.isEmpty() ? "none" : String.join(",", zones));
            boolean up =
                    c.getStatus() != null
                            && Conditions.isTrue(
                                    c.getStatus().getConditions(), ClusterStatus.REACHABLE);
            reachable.add(
                    MultiGauge.Row.of(Tags.of("cluster", c.getMetadata().getName()), up ? 1 : 0));
        }
        for (GPUPool p : pools) {
            var capacity = p.getStatus() == null ? null : p.getStatus().getCapacity();
            if (capacity == null) {
                continue;
            }
            Tags tags =
                    Tags.of(
                            "pool", p.getMetadata().getName(),
                            "cluster", Objects.toString(p.getSpec().getCluster(), ""),
                            "zone", zonesByCluster.getOrDefault(p.getSpec().getCluster(), "none"),
                            "model",
                                    p.getSpec().getAccelerator() == null
                                            ? ""
                                            : Objects.toString(
                                                    p.getSpec().getAccelerator().getModel(), ""));
            rows.add(MultiGauge.Row.of(tags.and("state", "total"), n(capacity.getTotal())));
            rows.add(MultiGauge.Row.of(tags.and("state", "allocated"), n(capacity.getAllocated())));
            rows.add(MultiGauge.Row.of(tags.and("state", "available"), n(capacity.getAvailable())));
        }
        poolAccelerators.register(rows, true);
        clusterReachable.register(reachable, true);
    }

    private static double pending(HubView hub, String reason) {
        if (!hub.isSynced()) {
            return 0;
        }
        int count = 0;
        for (var w : Workloads.all(hub)) {
            if (!Workloads.awaitsDecision(w)) {
                continue;
            }
            WorkloadStatus status = w.getStatus();
            String why =
                    Workloads.phase(w) == WorkloadPhase.PENDING
                            ? "Pending"
                            : Conditions.find(status.getConditions(), WorkloadStatus.PLACED)
                                    .map(c -> c.getReason())
                                    .orElse("NoFeasiblePool");
            if (reason.equals(why)) {
                count++;
            }
        }
        return count;
    }

    private static int n(Integer v) {
        return v == null ? 0 : v;
    }
}
