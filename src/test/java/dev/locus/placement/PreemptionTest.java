package dev.locus.placement;

import static dev.locus.placement.Fleet.endpoint;
import static dev.locus.placement.Fleet.job;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Preemption: which pool, which victims, and where never. */
class PreemptionTest {

    private static final Instant NINE = Instant.parse("2026-12-01T09:00:00Z");
    private static final Instant TEN = Instant.parse("2026-12-01T10:00:00Z");

    /** fra (64 H100) and par (64 H100) in the EU, iad (256 H100) in the US. */
    static Fleet fleet() {
        return Fleet.europe()
                .h100("fra", "fra-1")
                .h100("par", "par-1")
                .pool("iad", p -> p.cluster("iad-1").free(256));
    }

    /** Personal EU data from fra-1: only fra and par may hold it. */
    static Workload.Builder urgent(int accelerators) {
        return job("ml", "urgent")
                .priority(10)
                .data(DataClass.PERSONAL, "eu")
                .origin(Origin.ofCluster("fra-1"))
                .shape(1, accelerators)
                .preemption(PreemptionPolicy.PREEMPT_LOWER_PRIORITY);
    }

    static Workload low(String name, int priority) {
        return job("ml", name).priority(priority).build();
    }

    @Test
    void aJobThatFitsNowhereTakesThePlaceOfLowerPriorityWork() {
        Fleet fleet =
                fleet().placed(low("batch", 0), NINE, "fra", 48)
                        .placed(low("sweep", 0), NINE, "par", 64);
        PlacementEngine engine = fleet.engine();
        Decision d = engine.decide(urgent(32).build());

        assertThat(d.placed()).isTrue();
        // One victim either way: fra ranks first (0 ms from the data).
        assertThat(d.assignments().get(0).pool()).isEqualTo("fra");
        assertThat(d.preempts())
                .containsExactly(new WorkloadRef(WorkloadRef.Kind.TRAINING_JOB, "ml", "batch"));
        assertThat(d.message())
                .startsWith(
                        "Placed 32 accelerators on fra-1/fra, 0.00 ms from cluster fra-1,"
                                + " preempting TrainingJob ml/batch (priority 0); 1/3 pools fit");
        assertThat(d.policy()).endsWith("; preempted lower-priority TrainingJob ml/batch");
        // The victim's 48 came back and the preemptor took 32 of them.
        assertThat(engine.free("fra")).isEqualTo(16 + 48 - 32);
        assertThat(engine.free("par")).isZero();
    }

    @Test
    void workOfEqualOrHigherPriorityIsNeverPreempted() {
        Fleet fleet =
                fleet().placed(low("peer", 10), NINE, "fra", 64)
                        .placed(low("boss", 20), NINE, "par", 64);
        Decision d = fleet.engine().decide(urgent(8).build());

        assertThat(d.placed()).isFalse();
        assertThat(d.preempts()).isEmpty();
        assertThat(d.reason()).isEqualTo(Reason.NO_FEASIBLE_POOL);
        assertThat(d.message())
                .startsWith(
                        "no preemption: no workload of priority below 10 holds accelerators on"
                                + " the 2 pool(s) the workload may use");
    }

    @Test
    void withoutThePolicyNothingIsPreempted() {
        Fleet fleet =
                fleet().placed(low("batch", 0), NINE, "fra", 64)
                        .placed(low("b2", 0), NINE, "par", 64);
        Decision d = fleet.engine().decide(urgent(8).preemption(PreemptionPolicy.NEVER).build());
        assertThat(d.placed()).isFalse();
        assertThat(d.preempts()).isEmpty();
        assertThat(d.message()).startsWith("0/3 pools fit");
    }

    @Test
    void noVictimIsChosenWhenAPoolFitsWithoutOne() {
        // fra would rank first but is full; par fits as it is.
        Fleet fleet = fleet().placed(low("batch", 0), NINE, "fra", 64).pool("par", p -> p.free(8));
        Decision d = fleet.engine().decide(urgent(8).build());
        assertThat(d.assignments().get(0).pool()).isEqualTo("par");
        assertThat(d.preempts()).isEmpty();
    }

    @Test
    void thePoolNeedingTheFewestVictimsWinsOverABetterRankedOne() {
        Fleet fleet =
                fleet().placed(low("a", 0), NINE, "fra", 24)
                        .placed(low("b", 0), NINE, "fra", 24)
                        .placed(low("c", 0), NINE, "par", 64);
        Decision d = fleet.engine().decide(urgent(48).build());
        // fra has 16 free and needs a and b; par needs c alone.
        assertThat(d.assignments().get(0).pool()).isEqualTo("par");
        assertThat(d.preempts()).extracting(WorkloadRef::name).containsExactly("c");
    }

    static Stream<Arguments> victimOrder() {
        return Stream.of(
                Arguments.of("lower priority first", List.of(v("x", 1, TEN), v("y", 0, NINE)), "y"),
                Arguments.of(
                        "then the more recently placed",
                        List.of(v("x", 0, NINE), v("y", 0, TEN)),
                        "y"),
                Arguments.of(
                        "no decidedAt counts as the oldest",
                        List.of(v("x", 0, null), v("y", 0, NINE)),
                        "y"),
                Arguments.of("then by name", List.of(v("y", 0, TEN), v("x", 0, TEN)), "x"),
                Arguments.of(
                        "the fewest first, whatever their order",
                        List.of(v("a", 0, TEN), v("big", 5, NINE)),
                        "big"));
    }

    /** A placed job on fra: its name, priority and when it was placed. */
    record Victim(String name, int priority, Instant decidedAt) {}

    static Victim v(String name, int priority, Instant decidedAt) {
        return new Victim(name, priority, decidedAt);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("victimOrder")
    void victimsAreChosenInOrder(String name, List<Victim> victims, String expected) {
        Fleet fleet = fleet().pool("par", p -> p.free(0));
        int held = 0;
        for (Victim victim : victims) {
            // "big" alone makes room; any other one does too, except in the last case.
            int n = victim.name().equals("big") ? 32 : victim.name().equals("a") ? 8 : 32;
            fleet.placed(low(victim.name(), victim.priority()), victim.decidedAt(), "fra", n);
            held += n;
        }
        fleet.pool("fra", p -> p.free(64));
        Decision d = fleet.engine().decide(urgent(64 - held + 32).build());

        assertThat(d.preempts()).extracting(WorkloadRef::name).containsExactly(expected);
    }

    @Test
    void amongSetsOfTheFewestTheFirstInVictimOrderWins() {
        Fleet fleet =
                fleet().pool("par", p -> p.free(0))
                        .placed(low("old", 1), NINE, "fra", 16)
                        .placed(low("new", 1), TEN, "fra", 16)
                        .placed(low("lowest", 0), NINE, "fra", 16)
                        .placed(low("other", 2), TEN, "fra", 16);
        Decision d = fleet.engine().decide(urgent(32).build());
        assertThat(d.preempts()).extracting(WorkloadRef::name).containsExactly("lowest", "new");
    }

    @Test
    void borrowersFromThePreemptorsCohortGoFirst() {
        Fleet fleet =
                fleet().pool("par", p -> p.free(0))
                        .pool("iad", p -> p.free(0))
                        .namespace("research", "team=research")
                        .namespace("prod", "team=prod")
                        .quota(
                                "research",
                                q -> q.selects("team", "research").cohort("ml").limit(100))
                        .quota("prod", q -> q.selects("team", "prod").cohort("ml").limit(16))
                        // prod holds 32 of its 16: it borrows. research's job has lower priority.
                        .placed(job("prod", "borrower").priority(5).build(), NINE, "fra", 32)
                        .placed(job("research", "own").priority(0).build(), NINE, "fra", 32);
        Decision d =
                fleet.engine()
                        .decide(
                                job("research", "urgent")
                                        .priority(10)
                                        .shape(1, 32)
                                        .preemption(PreemptionPolicy.PREEMPT_LOWER_PRIORITY)
                                        .build());
        assertThat(d.preempts()).extracting(WorkloadRef::name).containsExactly("borrower");
    }

    @Test
    void preemptionNeverUsesAPoolTheWorkloadCouldNotOtherwiseUse() {
        // Only the US pool holds lower-priority work, and personal EU data may not go there.
        Fleet fleet =
                fleet().pool("fra", p -> p.free(0))
                        .pool("par", p -> p.free(0))
                        .pool("iad", p -> p.free(0))
                        .placed(low("us-batch", 0), NINE, "iad", 256);
        Decision d = fleet.engine().decide(urgent(8).build());

        assertThat(d.placed()).isFalse();
        assertThat(d.preempts()).isEmpty();
        assertThat(d.candidates())
                .filteredOn(c -> c.pool().equals("iad"))
                .extracting(Candidate::reason)
                .containsExactly(Reason.OUTSIDE_SOVEREIGNTY_ZONE);
        assertThat(d.message()).startsWith("no preemption: no workload of priority below 10");
    }

    @Test
    void noPoolPastTheEarlierChecksMeansNoPreemption() {
        Fleet fleet =
                fleet().pool("fra", p -> p.model("L40S"))
                        .pool("par", p -> p.model("L40S"))
                        .placed(low("batch", 0), NINE, "fra", 64);
        Decision d = fleet.engine().decide(urgent(8).accelerator(Fleet.models("H100")).build());
        assertThat(d.placed()).isFalse();
        assertThat(d.message())
                .startsWith(
                        "no preemption: no pool passes the checks before QuotaExceeded, and"
                                + " preemption never uses a pool the workload could not otherwise"
                                + " use");
    }

    @Test
    void freeingEverythingLowerIsNotEnough() {
        Fleet fleet =
                fleet().placed(low("a", 0), NINE, "fra", 32)
                        .placed(low("boss", 20), NINE, "fra", 32)
                        .placed(low("b", 0), NINE, "par", 32)
                        .placed(low("boss2", 20), NINE, "par", 32);
        Decision d = fleet.engine().decide(urgent(40).build());
        assertThat(d.placed()).isFalse();
        assertThat(d.message())
                .startsWith(
                        "no preemption: preempting every workload of priority below 10 on any"
                                + " one of the 2 pool(s) the workload may use would not make"
                                + " room");
    }

    @Test
    void anEndpointVictimGivesUpAllItsReplicas() {
        Fleet fleet =
                fleet().placed(
                                endpoint("ml", "chat").build(),
                                NINE,
                                false,
                                Map.of("fra", 32, "par", 16))
                        .placed(low("batch", 5), NINE, "par", 48);
        PlacementEngine engine = fleet.engine();
        assertThat(engine.free("par")).isZero();
        Decision d = engine.decide(urgent(64).build());

        assertThat(d.assignments().get(0).pool()).isEqualTo("fra");
        assertThat(d.preempts())
                .containsExactly(
                        new WorkloadRef(WorkloadRef.Kind.INFERENCE_ENDPOINT, "ml", "chat"));
        assertThat(engine.free("par")).isEqualTo(16);
    }

    @Test
    void endpointsNeverPreempt() {
        Fleet fleet =
                fleet().placed(low("batch", 0), NINE, "fra", 64)
                        .placed(low("b2", 0), NINE, "par", 64);
        Workload w =
                endpoint("ml", "chat")
                        .priority(10)
                        .data(DataClass.PERSONAL, "eu")
                        .shape(1, 8)
                        .preemption(PreemptionPolicy.PREEMPT_LOWER_PRIORITY)
                        .build();
        Decision d = fleet.engine().decide(w);
        assertThat(d.placed()).isFalse();
        assertThat(d.preempts()).isEmpty();
    }

    @Test
    void preemptingWorkOfTheSameQuotaMakesRoomInTheQuota() {
        Fleet fleet =
                fleet().namespace("ml", "team=ml")
                        .quota("ml", q -> q.selects("team", "ml").limit("eu", 32))
                        .placed(low("batch", 0), NINE, "fra", 32);
        Decision d = fleet.engine().decide(urgent(16).build());
        // Capacity is there (par is empty); the quota is not, until batch goes.
        assertThat(d.placed()).isTrue();
        assertThat(d.preempts()).extracting(WorkloadRef::name).containsExactly("batch");
        assertThat(d.assignments().get(0).pool()).isEqualTo("fra");
    }

    @Test
    void aHoldingTheFreeCountAlreadyLeavesOutIsGivenBack() {
        Fleet fleet =
                fleet().pool("fra", p -> p.free(0))
                        .pool("par", p -> p.free(0))
                        .placed(low("batch", 0), NINE, true, Map.of("fra", 64));
        PlacementEngine engine = fleet.engine();
        assertThat(engine.free("fra")).isZero();
        Decision d = engine.decide(urgent(64).build());
        assertThat(d.preempts()).extracting(WorkloadRef::name).containsExactly("batch");
        assertThat(engine.free("fra")).isZero();
    }

    @Test
    void aVictimIsPreemptedOnceAndNotDecidedAgain() {
        Fleet fleet = fleet().pool("par", p -> p.free(0)).placed(low("batch", 0), NINE, "fra", 64);
        List<Decision> decisions =
                fleet.engine()
                        .decideAll(
                                List.of(
                                        urgent(32).build(),
                                        job("ml", "urgent2")
                                                .priority(9)
                                                .data(DataClass.PERSONAL, "eu")
                                                .shape(1, 32)
                                                .preemption(PreemptionPolicy.PREEMPT_LOWER_PRIORITY)
                                                .build()));
        assertThat(decisions)
                .extracting(d -> d.workload().ref().name())
                .containsExactly("urgent", "urgent2");
        assertThat(decisions.get(0).preempts())
                .extracting(WorkloadRef::name)
                .containsExactly("batch");
        // The second one fits in what batch left: nothing more to preempt.
        assertThat(decisions.get(1).placed()).isTrue();
        assertThat(decisions.get(1).preempts()).isEmpty();
    }
}
