package dev.locus.placement;

import static dev.locus.placement.Fleet.endpoint;
import static dev.locus.placement.Fleet.job;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every decision explains itself: a summary, and a reason for every pool not chosen. */
class ExplanationTest {

    private static Fleet fleet() {
        return Fleet.europe()
                .pool("fra-h100", p -> p.cluster("fra-1").free(16))
                .pool("par-h100", p -> p.cluster("par-1").free(64))
                .pool("par-l40s", p -> p.cluster("par-1").model("L40S").memory(48))
                .pool("iad-h100", p -> p.cluster("iad-1"))
                .pool("iad-gb200", p -> p.cluster("iad-1").model("GB200"))
                .pool("lon-h100", p -> p.cluster("lon-1").free(8));
    }

    private static Workload personal() {
        return job("llm")
                .data(DataClass.PERSONAL, "eu")
                .origin(Origin.ofCluster("fra-1"))
                .accelerator(Fleet.models("H100"))
                .shape(4, 8)
                .build();
    }

    @Test
    void anUnschedulableWorkloadSaysWhyForEveryPool() {
        Decision d = fleet().pool("par-h100", p -> p.free(8)).engine().decide(personal());

        assertThat(d.placed()).isFalse();
        assertThat(d.message())
                .isEqualTo(
                        "0/6 pools fit: 3 InsufficientCapacity, 2 OutsideSovereigntyZone, 1 AcceleratorMismatch");
        // Closest to fitting first.
        assertThat(d.candidates())
                .extracting(Candidate::reason)
                .containsExactly(
                        Reason.INSUFFICIENT_CAPACITY,
                        Reason.INSUFFICIENT_CAPACITY,
                        Reason.INSUFFICIENT_CAPACITY,
                        Reason.ACCELERATOR_MISMATCH,
                        Reason.OUTSIDE_SOVEREIGNTY_ZONE,
                        Reason.OUTSIDE_SOVEREIGNTY_ZONE);
        assertThat(d.candidates())
                .filteredOn(c -> c.pool().equals("iad-h100"))
                .singleElement()
                .satisfies(
                        c ->
                                assertThat(c.message())
                                        .isEqualTo(
                                                "cluster iad-1 (US, zones [us]) is outside [eu, uk] where personal data of zone eu may run"));
    }

    @Test
    void aPlacedWorkloadListsTheOthersAsFeasibleOrWithTheirReason() {
        Decision d = fleet().engine().decide(personal());

        assertThat(d.placed()).isTrue();
        assertThat(d.assignments()).extracting(Assignment::pool).containsExactly("par-h100");
        assertThat(d.message())
                .isEqualTo(
                        "Placed 32 accelerators on par-1/par-h100, 9.80 ms from cluster fra-1; 1/6 pools fit: 2 OutsideSovereigntyZone, 2 InsufficientCapacity, 1 AcceleratorMismatch");
        assertThat(d.candidates())
                .extracting(Candidate::pool)
                .doesNotContain("par-h100")
                .hasSize(5);
        assertThat(d.policy())
                .isEqualTo(
                        "personal data governed by SovereigntyZone eu may run only in zones [eu, uk]; placed on par-1 (FR, zones [eu]), ranked by latency");
    }

    @Test
    void theOperatorsModeSkipsTheExplanationOfSuccesses() {
        PlacementEngine engine =
                new PlacementEngine(
                        fleet().pool("par-h100", p -> p.free(32)).snapshot(),
                        PlacementEngine.Explain.FAILURES);
        Decision placed = engine.decide(personal());
        assertThat(placed.placed()).isTrue();
        assertThat(placed.candidates()).isEmpty();
        Decision failed = engine.decide(personal());
        assertThat(failed.placed()).isFalse();
        assertThat(failed.candidates()).hasSize(6);
    }

    /**
     * Placements that take a pool's last accelerators. The explanation describes the fleet the
     * decision was taken against: the pools chosen fit, are counted as fitting, and are not listed
     * among the candidates, even though nothing is left on them afterwards.
     */
    static Stream<Arguments> placementsThatFillTheirPools() {
        return Stream.of(
                Arguments.of(
                        "a gang takes all 32 left on its pool",
                        (Supplier<Fleet>)
                                () ->
                                        Fleet.create()
                                                .zone("eu", z -> z.jurisdictions("DE", "FR"))
                                                .site(
                                                        "fra-1",
                                                        s -> s.country("DE").link("par-1", 9.8))
                                                .site("par-1", s -> s.country("FR"))
                                                .pool("fra-h100", p -> p.cluster("fra-1").free(16))
                                                .pool("par-h100", p -> p.cluster("par-1").free(32))
                                                .pool(
                                                        "par-l40s",
                                                        p -> p.cluster("par-1").model("L40S")),
                        personal(),
                        List.of("par-h100"),
                        "Placed 32 accelerators on par-1/par-h100, 9.80 ms from cluster fra-1;"
                                + " 1/3 pools fit: 1 AcceleratorMismatch, 1 InsufficientCapacity",
                        List.of(
                                "fra-h100 InsufficientCapacity needs 32 accelerator(s), 16 free",
                                "par-l40s AcceleratorMismatch")),
                Arguments.of(
                        "an endpoint fills the one pool it uses",
                        (Supplier<Fleet>)
                                () ->
                                        Fleet.europe()
                                                .pool("fra", p -> p.cluster("fra-1").free(8))
                                                .pool("lon", p -> p.cluster("lon-1").free(1)),
                        endpoint("chat").shape(4, 2).origin(Origin.ofCluster("fra-1")).build(),
                        List.of("fra"),
                        "Placed 4 replica(s): 4 on fra-1/fra; 1/2 pools fit: 1 InsufficientCapacity",
                        List.of(
                                "lon InsufficientCapacity needs 2 accelerator(s) per replica, 1 free")),
                Arguments.of(
                        "an endpoint spills over two pools and fills both",
                        (Supplier<Fleet>)
                                () ->
                                        Fleet.europe()
                                                .pool("fra", p -> p.cluster("fra-1").free(2))
                                                .pool("par", p -> p.cluster("par-1").free(2))
                                                .pool("lon", p -> p.cluster("lon-1").free(0)),
                        endpoint("chat").shape(4, 1).origin(Origin.ofCluster("fra-1")).build(),
                        List.of("fra", "par"),
                        "Placed 4 replica(s): 2 on fra-1/fra, 2 on par-1/par;"
                                + " 2/3 pools fit: 1 InsufficientCapacity",
                        List.of(
                                "lon InsufficientCapacity needs 1 accelerator(s) per replica, 0 free")),
                Arguments.of(
                        "two user regions fill the pool they share",
                        (Supplier<Fleet>)
                                () ->
                                        Fleet.europe()
                                                .pool("fra", p -> p.cluster("fra-1").free(2))
                                                .pool("lon", p -> p.cluster("lon-1").free(2)),
                        endpoint("chat")
                                .shape(4, 1)
                                .user(
                                        new UserRegion(
                                                "de",
                                                Origin.ofPlace("DE", new GeoPoint(50.1, 8.7)),
                                                3))
                                .user(
                                        new UserRegion(
                                                "gb",
                                                Origin.ofPlace("GB", new GeoPoint(51.5, -0.1)),
                                                1))
                                .build(),
                        List.of("fra", "lon"),
                        "Placed 4 replica(s): 2 on fra-1/fra, 2 on lon-1/lon; 2/2 pools fit",
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placementsThatFillTheirPools")
    void aPlacedDecisionIsExplainedAgainstTheCapacityItWasTakenAgainst(
            String name,
            Supplier<Fleet> fleet,
            Workload workload,
            List<String> chosen,
            String message,
            List<String> candidates) {
        PlacementEngine engine = fleet.get().engine();
        Decision d = engine.decide(workload);

        assertThat(d.placed()).isTrue();
        assertThat(d.assignments()).extracting(Assignment::pool).containsExactlyElementsOf(chosen);
        // The scenario is the one the bug needs: the placement leaves nothing on its pools.
        assertThat(chosen).allSatisfy(pool -> assertThat(engine.free(pool)).isZero());
        assertThat(d.message()).isEqualTo(message);
        assertThat(d.candidates()).extracting(Candidate::pool).doesNotContainAnyElementsOf(chosen);
        assertThat(d.candidates())
                .extracting(c -> c.pool() + " " + c.reason().code() + " " + c.message())
                .zipSatisfy(
                        candidates, (actual, expected) -> assertThat(actual).startsWith(expected))
                .hasSameSizeAs(candidates);
    }
}
