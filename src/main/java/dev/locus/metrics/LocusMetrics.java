package dev.locus.metrics;

import dev.locus.api.v1alpha1.Capacity;
import dev.locus.api.v1alpha1.QuotaLimit;
import dev.locus.api.v1alpha1.QuotaUsed;
import dev.locus.placement.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Locus' own metrics (Prometheus names in brackets): decisions by result and reason ({@code
 * locus_decisions_total}), decision latency ({@code locus_decision_duration_seconds}, a histogram),
 * pass duration ({@code locus_scheduling_pass_duration_seconds}), pending workloads by reason
 * ({@code locus_pending_workloads}), accelerators per pool by state ({@code
 * locus_pool_accelerators}), cluster reachability ({@code locus_cluster_reachable}) and dispatch
 * errors ({@code locus_dispatch_errors_total}). Updating a pool's or a cluster's series costs the
 * same however large the fleet.
 */
public final class LocusMetrics {

    /** Reasons a workload can wait with; "Pending" is one not decided yet. */
    public static final List<String> PENDING_REASONS =
            List.of(
                    "Pending",
                    "NoFeasiblePool",
                    "UnknownSovereigntyZone",
                    "QuotaExceeded",
                    "Deferred");

    private static final List<String> POOL_STATES = List.of("total", "allocated", "available");

    /** The gauges of one FleetQuota. */
    private record QuotaSeries(List<Meter.Id> ids) {}

    /** The series of one pool: its tags and the values behind its gauges. */
    private record PoolSeries(Tags tags, List<Meter.Id> ids, Map<String, AtomicInteger> values) {}

    private final MeterRegistry registry;
    private final Timer decisionTime;
    private final Timer passTime;
    private final Map<String, PoolSeries> pools = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> reachable = new ConcurrentHashMap<>();
    private final Map<String, QuotaSeries> quotas = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> powerValues = new ConcurrentHashMap<>();
    private final Map<String, Meter.Id> powerIds = new ConcurrentHashMap<>();
    private final Map<Meter.Id, AtomicLong> quotaValues = new ConcurrentHashMap<>();
    private final Map<Tags, Meter.Id> quotaIds = new ConcurrentHashMap<>();
    private final Map<String, Meter.Id> reachableIds = new ConcurrentHashMap<>();

    /**
     * @param pending workloads waiting for a decision, by reason (read when scraped)
     */
    public LocusMetrics(MeterRegistry registry, Supplier<Map<String, Long>> pending) {
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
            Gauge.builder("locus.pending.workloads", () -> pending.get().getOrDefault(reason, 0L))
                    .description("Workloads waiting for a placement, by reason")
                    .tag("reason", reason)
                    .register(registry);
        }
    }

    /**
     * Removes every Locus meter from the registry. A registry can outlive one operator (tests
     * restart it in one JVM); a gauge left behind would keep reading the old one.
     */
    public void close() {
        List.copyOf(registry.getMeters()).stream()
                .filter(m -> m.getId().getName().startsWith("locus."))
                .forEach(registry::remove);
        pools.clear();
        reachable.clear();
        reachableIds.clear();
        quotas.clear();
        powerValues.clear();
        powerIds.clear();
        quotaValues.clear();
    }

    /** Records one scheduling pass and its decisions. */
    public void pass(Duration elapsed, List<Decision> decisions, List<Duration> decisionTimes) {
        passTime.record(elapsed);
        for (int i = 0; i < decisions.size(); i++) {
            Decision d = decisions.get(i);
            Counter.builder("locus.decisions")
                    .description("Placement decisions by result and reason")
                    .tag("result", d.placed() ? "placed" : "unschedulable")
                    .tag("reason", d.placed() ? "none" : d.reason().code())
                    .register(registry)
                    .increment();
            decisionTime.record(decisionTimes.get(i));
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

    /** A pool's capacity as its status now says (null: not known yet). */
    public void pool(String pool, String cluster, String zones, String model, Capacity capacity) {
        if (capacity == null) {
            forgetPool(pool);
            return;
        }
        Tags tags =
                Tags.of(
                        "pool", pool,
                        "cluster", cluster == null ? "" : cluster,
                        "zone", zones == null || zones.isEmpty() ? "none" : zones,
                        "model", model == null ? "" : model);
        PoolSeries series = pools.get(pool);
        if (series == null || !series.tags().equals(tags)) {
            forgetPool(pool);
            series = register(tags);
            pools.put(pool, series);
        }
        series.values().get("total").set(n(capacity.getTotal()));
        series.values().get("allocated").set(n(capacity.getAllocated()));
        series.values().get("available").set(n(capacity.getAvailable()));
    }

    /** A pool that no longer exists. */
    public void forgetPool(String pool) {
        PoolSeries old = pools.remove(pool);
        if (old != null) {
            old.ids().forEach(registry::remove);
        }
    }

    /** Whether a member cluster's API server answered its last probe. */
    public void clusterReachable(String cluster, boolean up) {
        reachable
                .computeIfAbsent(
                        cluster,
                        c -> {
                            AtomicInteger value = new AtomicInteger();
                            Gauge gauge =
                                    Gauge.builder(
                                                    "locus.cluster.reachable",
                                                    value,
                                                    AtomicInteger::get)
                                            .description(
                                                    "1 when the member cluster's API server answered the last probe")
                                            .tag("cluster", c)
                                            .register(registry);
                            reachableIds.put(c, gauge.getId());
                            return value;
                        })
                .set(up ? 1 : 0);
    }

    /** Accelerator power Locus placed on a cluster, and its budget (null: none). */
    public void clusterPower(String cluster, double usedKilowatts, Double budgetKilowatts) {
        powerGauge(cluster, "used").set(Double.doubleToLongBits(usedKilowatts));
        if (budgetKilowatts != null) {
            powerGauge(cluster, "budget").set(Double.doubleToLongBits(budgetKilowatts));
        } else {
            Meter.Id id = powerIds.remove(cluster + "/budget");
            if (id != null) {
                registry.remove(id);
                powerValues.remove(cluster + "/budget");
            }
        }
    }

    private AtomicLong powerGauge(String cluster, String state) {
        return powerValues.computeIfAbsent(
                cluster + "/" + state,
                key -> {
                    AtomicLong bits = new AtomicLong();
                    Gauge gauge =
                            Gauge.builder(
                                            "locus.cluster.power.kilowatts",
                                            bits,
                                            b -> Double.longBitsToDouble(b.get()))
                                    .description(
                                            "Accelerator power Locus placed on a member cluster,"
                                                    + " and its budget, in kW")
                                    .tag("cluster", cluster)
                                    .tag("state", state)
                                    .register(registry);
                    powerIds.put(key, gauge.getId());
                    return bits;
                });
    }

    /** A cluster that no longer exists. */
    public void forgetCluster(String cluster) {
        for (String state : List.of("used", "budget")) {
            Meter.Id power = powerIds.remove(cluster + "/" + state);
            powerValues.remove(cluster + "/" + state);
            if (power != null) {
                registry.remove(power);
            }
        }
        reachable.remove(cluster);
        Meter.Id id = reachableIds.remove(cluster);
        if (id != null) {
            registry.remove(id);
        }
    }

    private PoolSeries register(Tags tags) {
        List<Meter.Id> ids = new ArrayList<>();
        Map<String, AtomicInteger> values = new ConcurrentHashMap<>();
        for (String state : POOL_STATES) {
            AtomicInteger value = new AtomicInteger();
            values.put(state, value);
            ids.add(
                    Gauge.builder("locus.pool.accelerators", value, AtomicInteger::get)
                            .description(
                                    "Accelerators per pool by state: total, allocated, available")
                            .tags(tags.and("state", state))
                            .register(registry)
                            .getId());
        }
        return new PoolSeries(tags, ids, values);
    }

    /**
     * One FleetQuota's limits: accelerators used, its limit and borrowed, per limit (tagged with
     * the limit's zone and models, "any" when it names none).
     */
    public synchronized void quota(String quota, List<QuotaUsed> used, List<QuotaLimit> limits) {
        List<Meter.Id> ids = new ArrayList<>();
        Map<Meter.Id, Long> values = new HashMap<>();
        for (int i = 0; i < limits.size(); i++) {
            QuotaLimit limit = limits.get(i);
            QuotaUsed u = i < used.size() ? used.get(i) : null;
            Tags tags =
                    Tags.of(
                            "quota", quota,
                            "zone", limit.getZone() == null ? "any" : limit.getZone(),
                            "models",
                                    limit.getModels() == null || limit.getModels().isEmpty()
                                            ? "any"
                                            : String.join(",", limit.getModels()));
            values.put(
                    gauge(ids, tags.and("state", "used")), u == null ? 0L : n(u.getAccelerators()));
            values.put(gauge(ids, tags.and("state", "limit")), (long) n(limit.getAccelerators()));
            values.put(
                    gauge(ids, tags.and("state", "borrowed")), u == null ? 0L : n(u.getBorrowed()));
        }
        QuotaSeries previous = quotas.put(quota, new QuotaSeries(ids));
        if (previous != null) {
            previous.ids().stream().filter(id -> !ids.contains(id)).forEach(this::forgetGauge);
        }
        values.forEach((id, v) -> quotaValues.get(id).set(v));
    }

    /** A FleetQuota that no longer exists. */
    public synchronized void forgetQuota(String quota) {
        QuotaSeries old = quotas.remove(quota);
        if (old != null) {
            old.ids().forEach(this::forgetGauge);
        }
    }

    /**
     * Counts a workload preempted (sent back to Pending) to make room for one of higher priority.
     */
    public void preempted(String kind) {
        Counter.builder("locus.preemptions")
                .description("Workloads preempted to make room for work of higher priority")
                .tag("kind", kind)
                .register(registry)
                .increment();
    }

    private Meter.Id gauge(List<Meter.Id> ids, Tags tags) {
        Meter.Id known = quotaIds.get(tags);
        if (known != null && quotaValues.containsKey(known)) {
            // Registered before: registering again would only log a warning.
            ids.add(known);
            return known;
        }
        AtomicLong fresh = new AtomicLong();
        Gauge gauge =
                Gauge.builder("locus.quota.accelerators", fresh, AtomicLong::get)
                        .description(
                                "Accelerators of a FleetQuota's limit by state: used, limit,"
                                        + " borrowed")
                        .tags(tags)
                        .register(registry);
        // A gauge registered before keeps its first value holder: use that one.
        quotaValues.putIfAbsent(gauge.getId(), fresh);
        quotaIds.put(tags, gauge.getId());
        ids.add(gauge.getId());
        return gauge.getId();
    }

    private void forgetGauge(Meter.Id id) {
        registry.remove(id);
        quotaValues.remove(id);
        quotaIds.values().remove(id);
    }

    private static int n(Integer v) {
        return v == null ? 0 : v;
    }
}
