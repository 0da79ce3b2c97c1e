package dev.locus.placement;

import static dev.locus.placement.Fleet.endpoint;
import static dev.locus.placement.Fleet.job;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Gangs go whole to one pool; endpoints split over regions, spill, and go whole or not at all. */
class WorkloadShapesTest {

    @Test
    void aGangNeverSplitsAcrossPools() {
        Fleet fleet =
                Fleet.europe()
                        .pool("a", p -> p.cluster("fra-1").free(16))
                        .pool("b", p -> p.cluster("par-1").free(16));
        Decision d = fleet.engine().decide(job("j").shape(4, 8).build());

        assertThat(d.placed()).isFalse();
        assertThat(d.message()).isEqualTo("0/2 pools fit: 2 InsufficientCapacity");
        assertThat(d.candidates())
                .allSatisfy(
                        c -> assertThat(c.message()).isEqualTo("needs 32 accelerator(s), 16 free"));
    }

    @Test
    void aGangReservesWorkersTimesAcceleratorsPerWorker() {
        PlacementEngine engine =
                Fleet.europe().pool("a", p -> p.cluster("fra-1").free(40)).engine();
        Decision d = engine.decide(job("j").shape(4, 8).build());

        assertThat(d.assignments()).containsExactly(new Assignment("fra-1", "a", 4, 32, 0.0));
        assertThat(engine.free("a")).isEqualTo(8);
        assertThat(engine.decide(job("k").shape(1, 9).build()).placed()).isFalse();
        assertThat(engine.decide(job("l").shape(1, 8).build()).placed()).isTrue();
        assertThat(engine.free("a")).isZero();
    }

    @ParameterizedTest(name = "{0} replicas over weights {1} -> {2}")
    @CsvSource({
        "6, '3,2,1', '3,2,1'",
        "7, '3,2,1', '4,2,1'", // remainders 0.5, 0.33, 0.17: the largest gets the extra one
        "4, '1,1,1', '2,1,1'", // equal remainders: ties to the earlier region
        "2, '10,1', '1,1'", // at least one per region while replicas allow
        "2, '1,1,1', '1,1,0'", // not enough replicas for every region: earlier regions first
        "2, '10,1,1', '1,1,0'", // ... and as many regions as replicas allow get one
        "1, '1,5', '0,1'", // one replica goes to the heaviest region
        "10, '1,1,8', '1,1,8'",
        "3, '1,100,1', '1,1,1'"
    })
    void replicasSplitByLargestRemainder(int replicas, String weights, String expected) {
        int[] w = java.util.Arrays.stream(weights.split(",")).mapToInt(Integer::parseInt).toArray();
        int[] e =
                java.util.Arrays.stream(expected.split(",")).mapToInt(Integer::parseInt).toArray();
        assertThat(EndpointPlacement.split(replicas, w)).containsExactly(e);
    }

    /** Users in Germany (weight 3) and the UK (weight 1); pools in fra-1 and lon-1. */
    private static Workload.Builder twoRegions() {
        return endpoint("chat")
                .shape(4, 1)
                .user(new UserRegion("de", Origin.ofPlace("DE", new GeoPoint(50.1, 8.7)), 3))
                .user(new UserRegion("gb", Origin.ofPlace("GB", new GeoPoint(51.5, -0.1)), 1));
    }

    @Test
    void eachRegionGoesToItsNearestPool() {
        Fleet fleet = Fleet.europe().h100("fra", "fra-1").h100("lon", "lon-1");
        Decision d = fleet.engine().decide(twoRegions().build());

        assertThat(d.placed()).isTrue();
        assertThat(d.assignments())
                .extracting(Assignment::pool, Assignment::replicas, Assignment::accelerators)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("fra", 3, 3),
                        org.assertj.core.groups.Tuple.tuple("lon", 1, 1));
    }

    @Test
    void aFullPoolSpillsToTheRegionsNextPoolAndSharedPoolsReportTheWorstLatency() {
        Fleet fleet =
                Fleet.europe().pool("fra", p -> p.cluster("fra-1").free(2)).h100("lon", "lon-1");
        Decision d = fleet.engine().decide(twoRegions().build());

        // de: 2 on fra, its third spills to lon; gb: 1 on lon. lon serves both regions.
        assertThat(d.assignments())
                .extracting(Assignment::pool, Assignment::replicas)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("fra", 2),
                        org.assertj.core.groups.Tuple.tuple("lon", 2));
        double deToLon =
                LatencyModel.estimateMs(new GeoPoint(50.1, 8.7), new GeoPoint(51.51, -0.13));
        assertThat(d.assignments().get(1).latencyMs()).isEqualTo(Numbers.round(deToLon));
    }

    @Test
    void anEndpointIsPlacedWholeOrNotAtAll() {
        PlacementEngine engine =
                Fleet.europe()
                        .pool("fra", p -> p.cluster("fra-1").free(2))
                        .pool("lon", p -> p.cluster("lon-1").free(1))
                        .engine();
        Decision d = engine.decide(twoRegions().build());

        assertThat(d.placed()).isFalse();
        assertThat(d.reason()).isEqualTo(Reason.NO_FEASIBLE_POOL);
        // de takes both fra and, spilling, lon's only one; nothing is left for gb.
        assertThat(d.message())
                .isEqualTo(
                        "cannot place 4 replica(s): region gb needs 1 replica(s) and its feasible"
                                + " pools have room for 0; 2/2 pools fit");
        assertThat(engine.free("fra")).isEqualTo(2);
        assertThat(engine.free("lon")).isEqualTo(1);
    }

    @Test
    void anEndpointThatFailedLeavesNothingTakenForTheNext() {
        PlacementEngine engine =
                Fleet.europe()
                        .pool("fra", p -> p.cluster("fra-1").free(2))
                        .pool("lon", p -> p.cluster("lon-1").free(1))
                        .engine();
        assertThat(engine.decide(twoRegions().build()).placed()).isFalse();

        // Three replicas fit exactly in what the failed four were about to take.
        Decision d = engine.decide(twoRegions().shape(3, 1).build());
        assertThat(d.placed()).isTrue();
        assertThat(d.assignments())
                .extracting(Assignment::pool, Assignment::replicas)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("fra", 2),
                        org.assertj.core.groups.Tuple.tuple("lon", 1));
    }

    @Test
    void maxLatencyBoundsEveryRegionToClusterLatency() {
        // 8 ms lets de reach only fra-1 and gb only lon-1: with fra-1 full, de cannot spill.
        PlacementEngine engine =
                Fleet.europe()
                        .pool("fra", p -> p.cluster("fra-1").free(2))
                        .h100("lon", "lon-1")
                        .engine();
        Decision d = engine.decide(twoRegions().maxLatencyMs(8.0).build());
        assertThat(d.placed()).isFalse();
        assertThat(d.message())
                .contains("region de needs 3 replica(s) and its feasible pools have room for 2");
    }

    @Test
    void withoutUsersTheDataOriginIsTheOneRegion() {
        Fleet fleet = Fleet.europe().h100("fra", "fra-1").h100("lon", "lon-1");
        Decision d =
                fleet.engine()
                        .decide(
                                endpoint("e")
                                        .shape(3, 2)
                                        .origin(Origin.ofCluster("lon-1"))
                                        .build());
        assertThat(d.assignments()).containsExactly(new Assignment("lon-1", "lon", 3, 6, 0.0));
    }

    @Test
    void regionsAreServedInWeightOrderSoTheHeavierRegionGetsTheScarcePool() {
        // One shared pool with room for 3: gb (weight 1) is listed first but de (3) is served
        // first.
        Fleet fleet =
                Fleet.create()
                        .site("x", s -> s.country("DE"))
                        .pool("only", p -> p.cluster("x").free(3));
        Decision d =
                fleet.engine()
                        .decide(
                                endpoint("e")
                                        .shape(4, 1)
                                        .user(new UserRegion("gb", Origin.none(), 1))
                                        .user(new UserRegion("de", Origin.none(), 3))
                                        .build());
        assertThat(d.placed()).isFalse();
        assertThat(d.message()).contains("region gb needs 1 replica(s)");
    }

    @Test
    void higherPriorityDecidesFirstThenOlderThenByName() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        PlacementEngine engine =
                Fleet.europe().pool("only", p -> p.cluster("fra-1").free(8)).engine();
        List<Decision> decisions =
                engine.decideAll(
                        List.of(
                                job("b-old").shape(1, 8).created(t).build(),
                                job("a-new").shape(1, 8).created(t.plusSeconds(5)).build(),
                                job("vip")
                                        .shape(1, 8)
                                        .priority(10)
                                        .created(t.plusSeconds(9))
                                        .build(),
                                job("a-old").shape(1, 8).created(t).build()));

        assertThat(decisions)
                .extracting(d -> d.workload().ref().name())
                .containsExactly("vip", "a-old", "b-old", "a-new");
        assertThat(decisions)
                .extracting(Decision::placed)
                .containsExactly(true, false, false, false);
    }

    @Test
    void withoutCreationTimesInputOrderDecides() {
        PlacementEngine engine =
                Fleet.europe().pool("only", p -> p.cluster("fra-1").free(8)).engine();
        List<Decision> decisions =
                engine.decideAll(
                        List.of(
                                job("z").shape(1, 8).sequence(0).build(),
                                job("a").shape(1, 8).sequence(1).build()));
        assertThat(decisions).extracting(d -> d.workload().ref().name()).containsExactly("z", "a");
        assertThat(decisions.get(0).placed()).isTrue();
    }

    @Test
    void withoutPreemptionKeepsEverythingElseTheScheduleIncluded() {
        Workload w =
                job("j").shape(2, 8)
                        .priority(5)
                        .preemption(PreemptionPolicy.PREEMPT_LOWER_PRIORITY)
                        .schedule(new Schedule(Instant.parse("2026-12-03T00:00:00Z"), 10))
                        .build();

        Workload off = w.withoutPreemption();

        assertThat(off.mayPreempt()).isFalse();
        assertThat(off.preemption()).isEqualTo(PreemptionPolicy.NEVER);
        assertThat(off.schedule()).isEqualTo(w.schedule());
        assertThat(off.priority()).isEqualTo(5);
        assertThat(off.totalAccelerators()).isEqualTo(16);
    }
}
