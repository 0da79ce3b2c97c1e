package dev.locus.placement;

import static dev.locus.placement.Fleet.endpoint;
import static dev.locus.placement.Fleet.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The PowerBudgetExceeded check: accelerators placed on a cluster x watts <= budgetKilowatts. */
class PowerBudgetTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    @ParameterizedTest(name = "{0} kW, {1} W per accelerator, {2} already placed: {3}")
    @CsvSource({
        "5.6,  ,     0, true", // 8 x 700 W default reaches the budget exactly: fits
        "5.59, ,     0, false",
        "8.0,  1000, 0, true",
        "7.99, 1000, 0, false",
        "7.0,  ,     2, true", // (2 + 8) x 700 W = 7 kW
        "6.99, ,     2, false",
    })
    void aPoolFitsWhileItsClusterStaysWithinBudget(
            double budget, Double watts, int placed, boolean fits) {
        Fleet fleet =
                Fleet.create()
                        .site("a", s -> s.country("DE").budget(budget))
                        .pool("p", p -> p.cluster("a").watts(watts))
                        .pool("q", p -> p.cluster("a").watts(watts));
        if (placed > 0) {
            fleet.placed(job("old").build(), T0, "q", placed);
        }
        Decision d = fleet.engine().decide(job("j").shape(2, 4).build());
        assertThat(d.placed()).as(d.message()).isEqualTo(fits);
        if (!fits) {
            assertThat(d.reason()).isEqualTo(Reason.NO_FEASIBLE_POOL);
            assertThat(d.candidates())
                    .extracting(Candidate::reason)
                    .containsOnly(Reason.POWER_BUDGET_EXCEEDED);
            assertThat(d.message()).isEqualTo("0/2 pools fit: 2 PowerBudgetExceeded");
        }
    }

    @Test
    void theMessageNamesTheNeedAndWhatIsLeft() {
        Decision d =
                Fleet.create()
                        .site("a", s -> s.country("DE").budget(5))
                        .h100("p", "a")
                        .placed(job("old").build(), T0, "p", 2)
                        .engine()
                        .decide(job("j").shape(1, 8).build());
        assertThat(d.candidates().get(0).message())
                .isEqualTo(
                        "needs 8 x 700 W = 5.6 kW; cluster a has 3.6 of its 5 kW power budget"
                                + " left");
    }

    @Test
    void decisionsOfOnePassConsumePowerLikeCapacity() {
        Fleet fleet =
                Fleet.create()
                        .site("a", s -> s.country("DE").budget(4.2))
                        .site("b", s -> s.country("DE"))
                        .h100("pa1", "a")
                        .h100("pa2", "a")
                        .h100("pb", "b")
                        .site("o", s -> s.country("DE").link("a", 1).link("b", 50));
        List<Decision> ds =
                fleet.engine()
                        .decideAll(
                                List.of(
                                        job("first")
                                                .origin(Origin.ofCluster("o"))
                                                .shape(1, 4)
                                                .sequence(1)
                                                .build(),
                                        job("second")
                                                .origin(Origin.ofCluster("o"))
                                                .shape(1, 4)
                                                .sequence(2)
                                                .build()));
        assertThat(ds)
                .extracting(d -> d.workload().ref().name(), d -> d.assignments().get(0).cluster())
                .containsExactly(tuple("first", "a"), tuple("second", "b"));
        assertThat(ds.get(1).candidates())
                .filteredOn(c -> c.cluster().equals("a"))
                .extracting(Candidate::reason)
                .containsOnly(Reason.POWER_BUDGET_EXCEEDED);
    }

    @Test
    void preemptionVictimsFreeTheirPower() {
        Decision d =
                Fleet.create()
                        .site("a", s -> s.country("DE").budget(5.6))
                        .pool("p", p -> p.cluster("a").free(16))
                        .placed(job("low").priority(0).build(), T0, "p", 8)
                        .engine()
                        .decide(
                                job("high")
                                        .priority(10)
                                        .preemption(PreemptionPolicy.PREEMPT_LOWER_PRIORITY)
                                        .shape(1, 8)
                                        .build());
        assertThat(d.placed()).as(d.message()).isTrue();
        assertThat(d.preempts()).extracting(WorkloadRef::name).containsExactly("low");
    }

    @Test
    void anEndpointSpillsToAnotherClusterWhenTheBudgetFills() {
        Decision d =
                Fleet.create()
                        .site("o", s -> s.country("DE").link("a", 1).link("b", 9))
                        .site("a", s -> s.country("DE").budget(2.1))
                        .site("b", s -> s.country("DE"))
                        .h100("pa", "a")
                        .h100("pb", "b")
                        .engine()
                        .decide(endpoint("e").origin(Origin.ofCluster("o")).shape(5, 1).build());
        assertThat(d.assignments())
                .extracting(Assignment::pool, Assignment::replicas)
                .containsExactly(tuple("pa", 3), tuple("pb", 2));
    }

    /** Cluster a with a 100 kW budget and a pool of 1 kW accelerators; b with none, H100s. */
    private static Fleet budgetedAndNot() {
        return Fleet.create()
                .site("a", s -> s.country("DE").budget(100))
                .site("b", s -> s.country("DE"))
                .pool("pa", p -> p.cluster("a").watts(1000.0))
                .h100("pb", "b");
    }

    @Test
    void powerInUseCountsPlacedWorkAndThePassAgainstTheBudgets() {
        PlacementEngine engine = budgetedAndNot().placed(job("old").build(), T0, "pb", 2).engine();
        engine.decide(job("j").shape(1, 8).accelerator(Fleet.models("H100")).build());
        assertThat(engine.powerInUse())
                .containsExactly(new PowerUse("a", 8.0, 100.0), new PowerUse("b", 1.4, null));
        assertThat(
                        Energy.powerInUse(
                                Fleet.create()
                                        .site("b", s -> s.country("DE"))
                                        .h100("pb", "b")
                                        .placed(job("old").build(), T0, "pb", 2)
                                        .snapshot()))
                .containsExactly(new PowerUse("b", 1.4, null));
    }

    @Test
    void powerHeldPerPoolIsWhatThePlacedWorkloadsDraw() {
        Fleet placed =
                budgetedAndNot()
                        .placed(job("one").build(), T0, "pa", 3)
                        .placed(job("two").build(), T0, "pa", 5)
                        .placed(job("three").build(), T0, "pb", 2);
        Snapshot bare = budgetedAndNot().snapshot();
        Map<String, String> clusters = Map.of("pa", "a", "pb", "b", "gone", "b");

        assertThat(Energy.powerHeld(bare, Map.of("pa", 8, "pb", 2), clusters))
                .isEqualTo(Energy.powerInUse(placed.snapshot()))
                .containsExactly(new PowerUse("a", 8.0, 100.0), new PowerUse("b", 1.4, null));
        // A pool the snapshot lost still draws on its cluster, at the default watts (fail
        // closed: a budget never looks emptier than it is); a pool of no known cluster draws
        // on none.
        assertThat(Energy.powerHeld(bare, Map.of("pb", 2, "gone", 1, "nowhere", 4), clusters))
                .containsExactly(new PowerUse("a", 0.0, 100.0), new PowerUse("b", 2.1, null));
    }
}
