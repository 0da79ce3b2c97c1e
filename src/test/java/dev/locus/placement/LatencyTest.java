package dev.locus.placement;

import static dev.locus.placement.Fleet.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Latency: shortest path over interconnects, else the great-circle estimate. */
class LatencyTest {

    /** One pool per cluster, all alike, so latency alone decides. */
    private static Fleet line() {
        return Fleet.create()
                .site("a", s -> s.country("DE").at(0, 0).link("b", 5))
                .site("b", s -> s.country("DE").at(0, 10).link("c", 5))
                .site("c", s -> s.country("DE").at(0, 20))
                .site("d", s -> s.country("DE").at(0, 1))
                .h100("pa", "a")
                .h100("pb", "b")
                .h100("pc", "c")
                .h100("pd", "d");
    }

    /** The latency the engine reports for a placement on this pool's cluster. */
    private static double latencyTo(Fleet fleet, Origin origin, String pool) {
        String cluster = pool.substring(1);
        Decision d =
                fleet.site(cluster, s -> s.label("pick", "me"))
                        .engine()
                        .decide(
                                job("j").origin(origin)
                                        .clusterSelector(
                                                new LabelSelector(Map.of("pick", "me"), List.of()))
                                        .build());
        assertThat(d.assignments()).extracting(Assignment::pool).containsExactly(pool);
        return d.assignments().get(0).latencyMs();
    }

    @ParameterizedTest(name = "from {0} to {1}: {2} ms")
    @CsvSource({
        "a, pa, 0.0", // same cluster
        "a, pb, 5.0", // direct link
        "a, pc, 10.0", // two hops
        "c, pa, 10.0", // links are undirected
    })
    void shortestPathOverInterconnects(String origin, String pool, double expected) {
        assertThat(latencyTo(line(), Origin.ofCluster(origin), pool)).isEqualTo(expected);
    }

    @Test
    void whenBothEndsDeclareALinkTheLowerValueCounts() {
        Fleet fleet = line().site("b", s -> s.link("a", 3));
        assertThat(latencyTo(fleet, Origin.ofCluster("a"), "pb")).isEqualTo(3.0);
        Fleet other = line().site("b", s -> s.link("a", 30));
        assertThat(latencyTo(other, Origin.ofCluster("a"), "pb")).isEqualTo(5.0);
    }

    @Test
    void aPathWinsOverACloserGeographicEstimate() {
        // d is 1 degree from a (an estimate of about 1.6 ms) but a slow 40 ms link is declared.
        Fleet fleet = line().site("a", s -> s.link("d", 40));
        assertThat(latencyTo(fleet, Origin.ofCluster("a"), "pd")).isEqualTo(40.0);
    }

    @Test
    void withoutAPathTheEstimateIsHaversineTimesTwoTimesRouteFactorOverFibreSpeed() {
        // a (0,0) to d (0,1): 6371 km x pi/180 = 111.19 km; x 2 x 1.5 / 204 = 1.635 ms.
        double expected = 6371 * Math.PI / 180 * 2 * 1.5 / 204;
        assertThat(latencyTo(line(), Origin.ofCluster("a"), "pd"))
                .isCloseTo(expected, within(0.006));
        assertThat(LatencyModel.estimateMs(new GeoPoint(0, 0), new GeoPoint(0, 1)))
                .isCloseTo(expected, within(1e-9));
    }

    @Test
    void knownDistanceFrankfurtToTokyo() {
        // About 9,350 km great circle: 9350 x 3 / 204 = 137.5 ms.
        double ms = LatencyModel.estimateMs(new GeoPoint(50.11, 8.68), new GeoPoint(35.68, 139.69));
        assertThat(ms).isCloseTo(137.5, within(1.0));
    }

    @Test
    void coordinatesOriginUsesTheEstimate() {
        Origin place = Origin.ofPlace("DE", new GeoPoint(0, 0.9));
        Decision d = line().engine().decide(job("j").origin(place).build());
        assertThat(d.assignments().get(0).pool()).isEqualTo("pd");
        assertThat(d.assignments().get(0).latencyMs())
                .isCloseTo(
                        LatencyModel.estimateMs(new GeoPoint(0, 0.9), new GeoPoint(0, 1)),
                        within(0.006));
    }

    @Test
    void noOriginIsZeroEverywhereSoCostDecides() {
        Fleet fleet = line().pool("pc", p -> p.cost(0.5));
        Decision d = fleet.engine().decide(job("j").build());
        assertThat(d.assignments().get(0).pool()).isEqualTo("pc");
        assertThat(d.assignments().get(0).latencyMs()).isZero();
    }

    @Test
    void unknownLatencyRanksLastAndFailsALimit() {
        // Cluster e has no coordinates and no links: its latency from a is unknown.
        Fleet fleet =
                line().site("e", s -> s.country("DE")).pool("pe", p -> p.cluster("e").cost(0.1));
        Decision ranked =
                fleet.engine()
                        .decide(
                                job("j").origin(Origin.ofCluster("a"))
                                        .objective(Objective.LATENCY)
                                        .build());
        assertThat(ranked.candidates())
                .filteredOn(c -> c.reason() == Reason.FEASIBLE)
                .last()
                .satisfies(c -> assertThat(c.pool()).isEqualTo("pe"));
        Decision limited =
                fleet.engine()
                        .decide(
                                job("j").origin(Origin.ofCluster("a"))
                                        .maxLatencyMs(1000.0)
                                        .build());
        assertThat(limited.candidates())
                .filteredOn(c -> c.pool().equals("pe"))
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.reason()).isEqualTo(Reason.LATENCY_ABOVE_LIMIT);
                            assertThat(c.message()).contains("unknown");
                        });
    }

    @Test
    void anOriginClusterThatDoesNotExistMakesLatencyUnknown() {
        Decision d =
                line().engine()
                        .decide(
                                job("j").origin(Origin.ofCluster("ghost"))
                                        .maxLatencyMs(50.0)
                                        .build());
        assertThat(d.placed()).isFalse();
        assertThat(d.candidates())
                .allSatisfy(c -> assertThat(c.reason()).isEqualTo(Reason.LATENCY_ABOVE_LIMIT));
    }

    @Test
    void theLimitComparesAfterRoundingToHundredthsOfAMillisecond() {
        Fleet fleet = line().site("a", s -> s.link("b", 5.004));
        Decision d =
                fleet.engine()
                        .decide(job("j").origin(Origin.ofCluster("a")).maxLatencyMs(5.0).build());
        assertThat(d.candidates())
                .filteredOn(c -> c.pool().equals("pb"))
                .singleElement()
                .satisfies(c -> assertThat(c.reason()).isEqualTo(Reason.FEASIBLE));
        assertThat(d.candidates())
                .filteredOn(c -> c.pool().equals("pc"))
                .singleElement()
                .satisfies(c -> assertThat(c.reason()).isEqualTo(Reason.LATENCY_ABOVE_LIMIT));
    }
}
