package dev.locus.placement;

import static dev.locus.placement.Fleet.job;
import static dev.locus.placement.Fleet.models;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each per-pool check, in DESIGN.md's order: a pool that fails several checks reports the first.
 * Every case sets up pool "p" to fail the check under test and a later one too.
 */
class PoolChecksTest {

    /** Personal EU data from fra-1, one worker with 8 H100s of at least 80 GiB. */
    private static Workload.Builder euJob() {
        return job("llm")
                .data(DataClass.PERSONAL, "eu")
                .origin(Origin.ofCluster("fra-1"))
                .accelerator(new AcceleratorRequest("gpu", Set.of("H100", "H200"), 80))
                .shape(1, 8);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row(
                        "pool on a cluster that does not exist",
                        f -> f.pool("p", p -> p.cluster("ghost").model("L40S")),
                        w -> w,
                        Reason.CLUSTER_NOT_FOUND),
                row(
                        "cordoned before not ready",
                        f -> f.site("fra-1", s -> s.cordoned().notReady()).h100("p", "fra-1"),
                        w -> w,
                        Reason.CLUSTER_CORDONED),
                row(
                        "not ready before outside the zone",
                        f -> f.site("iad-1", s -> s.notReady()).h100("p", "iad-1"),
                        w -> w,
                        Reason.CLUSTER_NOT_READY),
                row(
                        "outside the zone before an accelerator mismatch",
                        f -> f.pool("p", p -> p.cluster("iad-1").model("L40S")),
                        w -> w,
                        Reason.OUTSIDE_SOVEREIGNTY_ZONE),
                row(
                        "a cluster without a country is in no zone",
                        f -> f.site("x-1", s -> s.at(50, 8)).h100("p", "x-1"),
                        w -> w,
                        Reason.OUTSIDE_SOVEREIGNTY_ZONE),
                row(
                        "outside the zone before a selector mismatch",
                        f -> f.h100("p", "iad-1"),
                        w ->
                                w.clusterSelector(
                                        new LabelSelector(Map.of("tier", "core"), List.of())),
                        Reason.OUTSIDE_SOVEREIGNTY_ZONE),
                row(
                        "selector mismatch before an accelerator mismatch",
                        f -> f.pool("p", p -> p.cluster("fra-1").model("L40S")),
                        w ->
                                w.clusterSelector(
                                        new LabelSelector(Map.of("tier", "core"), List.of())),
                        Reason.CLUSTER_SELECTOR_MISMATCH),
                row(
                        "model not accepted, before missing features",
                        f -> f.pool("p", p -> p.cluster("fra-1").model("L40S")),
                        w -> w.requiredFeatures(Set.of("infiniband")),
                        Reason.ACCELERATOR_MISMATCH),
                row(
                        "too little memory",
                        f -> f.pool("p", p -> p.cluster("fra-1").memory(40)),
                        w -> w,
                        Reason.ACCELERATOR_MISMATCH),
                row(
                        "memory not declared while a minimum is asked",
                        f -> f.pool("p", p -> p.cluster("fra-1").memory(null)),
                        w -> w,
                        Reason.ACCELERATOR_MISMATCH),
                row(
                        "wrong accelerator type",
                        f -> f.pool("p", p -> p.cluster("fra-1").type("tpu")),
                        w -> w,
                        Reason.ACCELERATOR_MISMATCH),
                row(
                        "missing feature before latency above the limit",
                        f -> f.h100("p", "lon-1"),
                        w -> w.requiredFeatures(Set.of("InfiniBand")).maxLatencyMs(5.0),
                        Reason.FEATURE_MISSING),
                row(
                        "latency above the limit before insufficient capacity",
                        f -> f.pool("p", p -> p.cluster("lon-1").free(4)),
                        w -> w.maxLatencyMs(14.0),
                        Reason.LATENCY_ABOVE_LIMIT),
                row(
                        "latency above the limit before the quota",
                        f ->
                                f.quota("q", q -> q.selectsEveryNamespace().limit(0))
                                        .pool("p", p -> p.cluster("lon-1").free(4)),
                        w -> w.maxLatencyMs(14.0),
                        Reason.LATENCY_ABOVE_LIMIT),
                row(
                        "quota exceeded before insufficient capacity",
                        f ->
                                f.quota("q", q -> q.selectsEveryNamespace().limit(4))
                                        .pool("p", p -> p.cluster("fra-1").free(7)),
                        w -> w,
                        Reason.QUOTA_EXCEEDED),
                row(
                        "not enough free accelerators",
                        f -> f.pool("p", p -> p.cluster("fra-1").free(7)),
                        w -> w,
                        Reason.INSUFFICIENT_CAPACITY),
                row(
                        "insufficient capacity before the power budget",
                        f ->
                                f.site("fra-1", s -> s.budget(1))
                                        .pool("p", p -> p.cluster("fra-1").free(7)),
                        w -> w,
                        Reason.INSUFFICIENT_CAPACITY),
                row(
                        "8 x 700 W exceed a 5 kW budget",
                        f -> f.site("fra-1", s -> s.budget(5)).h100("p", "fra-1"),
                        w -> w,
                        Reason.POWER_BUDGET_EXCEEDED),
                row(
                        "8 accelerators of undeclared watts count 700 W each",
                        f ->
                                f.site("fra-1", s -> s.budget(5.59))
                                        .pool("p", p -> p.cluster("fra-1").watts(null)),
                        w -> w,
                        Reason.POWER_BUDGET_EXCEEDED));
    }

    private static Arguments row(
            String name,
            UnaryOperator<Fleet> fleet,
            UnaryOperator<Workload.Builder> workload,
            Reason expected) {
        return Arguments.of(name, fleet, workload, expected);
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("cases")
    void theFirstFailingCheckIsThePoolsReason(
            String name,
            UnaryOperator<Fleet> fleet,
            UnaryOperator<Workload.Builder> workload,
            Reason expected) {
        Decision d = fleet.apply(Fleet.europe()).engine().decide(workload.apply(euJob()).build());

        assertThat(d.placed()).isFalse();
        assertThat(d.reason())
                .isEqualTo(
                        expected == Reason.QUOTA_EXCEEDED
                                ? Reason.QUOTA_EXCEEDED
                                : Reason.NO_FEASIBLE_POOL);
        assertThat(d.candidates())
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.pool()).isEqualTo("p");
                            assertThat(c.reason()).isEqualTo(expected);
                            assertThat(c.message()).isNotBlank();
                        });
        // A quota that stops the workload is named first ("q: 0/4 accelerators used, ...").
        assertThat(d.message()).endsWith("0/1 pools fit: 1 " + expected.code());
    }

    @org.junit.jupiter.api.Test
    void modelsMatchCaseInsensitively() {
        Decision d =
                Fleet.europe()
                        .pool("p", p -> p.cluster("fra-1").model("h100"))
                        .engine()
                        .decide(euJob().accelerator(models("H100")).build());
        assertThat(d.placed()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void theStepsRunInTheOrderOfTheirReasonsAndCoverEveryPoolReason() {
        List<Reason> reasons =
                java.util.Arrays.stream(PoolChecks.STEPS).map(step -> step.reason).toList();
        List<Reason> perPool =
                java.util.Arrays.stream(Reason.values())
                        .filter(r -> r.ordinal() < Reason.FEASIBLE.ordinal())
                        .toList();
        assertThat(reasons).isEqualTo(perPool);
        // Placements run the pool-only steps once per pool, the others per region and try.
        assertThat(java.util.Arrays.stream(PoolChecks.STEPS).map(step -> step.scope)).isSorted();
    }
}
