package dev.locus.placement;

import static dev.locus.placement.Fleet.job;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
