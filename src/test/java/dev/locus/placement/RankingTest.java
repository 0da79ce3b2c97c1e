package dev.locus.placement;

import static dev.locus.placement.Fleet.job;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ranking of feasible pools: lexicographic per objective, fully deterministic. */
class RankingTest {

    /**
     * Three clusters 2, 4 and 6 ms from the origin; pools near/mid/far with costs 3, 1, 2 and
     * carbon 300, 200, 100.
     */
    private static Fleet fleet() {
        return Fleet.create()
                .site("o", s -> s.country("DE").link("n", 2).link("m", 4).link("f", 6))
                .site("n", s -> s.country("DE").carbon(300))
                .site("m", s -> s.country("DE").carbon(200))
                .site("f", s -> s.country("DE").carbon(100))
                .pool("near", p -> p.cluster("n").cost(3.0))
                .pool("mid", p -> p.cluster("m").cost(1.0))
                .pool("far", p -> p.cluster("f").cost(2.0));
    }

    private static List<String> order(Fleet fleet, Objective objective) {
        Decision d =
                fleet.engine()
                        .decide(
                                job("j").origin(Origin.ofCluster("o"))
                                        .objective(objective)
                                        .build());
        List<String> out = new java.util.ArrayList<>();
        out.add(d.assignments().get(0).pool());
        d.candidates().stream()
                .filter(c -> c.reason() == Reason.FEASIBLE)
                .forEach(c -> out.add(c.pool()));
        return out;
    }

    @ParameterizedTest
    @CsvSource({"LATENCY, 'near,mid,far'", "COST, 'mid,far,near'", "CARBON, 'far,mid,near'"})
    void firstKeyIsTheObjective(Objective objective, String expected) {
        assertThat(order(fleet(), objective)).containsExactly(expected.split(","));
    }

    @Test
    void latencyTiesFallToCostThenCarbon() {
        Fleet fleet =
                fleet().site("o", s -> s.link("m", 2).link("f", 2)) // all three at 2 ms
                        .pool("mid", p -> p.cost(3.0)) // near and mid cost the same
                        .pool("far", p -> p.cost(5.0));
        assertThat(order(fleet, Objective.LATENCY)).containsExactly("mid", "near", "far");
    }

    @Test
    void costTiesFallToLatencyThenCarbon() {
        Fleet fleet = fleet().pool("near", p -> p.cost(1.0)).pool("far", p -> p.cost(1.0));
        assertThat(order(fleet, Objective.COST)).containsExactly("near", "mid", "far");
    }

    @Test
    void carbonTiesFallToLatencyThenCost() {
        Fleet fleet = fleet().site("n", s -> s.carbon(100)).site("m", s -> s.carbon(100));
        assertThat(order(fleet, Objective.CARBON)).containsExactly("near", "mid", "far");
    }

    @Test
    void latenciesCompareAfterRoundingToHundredths() {
        // 2.001 and 2.004 ms round to 2.00: cost decides, and mid is cheaper.
        Fleet fleet = fleet().site("o", s -> s.link("n", 2.004).link("m", 2.001));
        assertThat(order(fleet, Objective.LATENCY).subList(0, 2)).containsExactly("mid", "near");
    }

    @Test
    void missingCostRanksAfterAnyCost() {
        Fleet fleet = fleet().pool("mid", p -> p.cost(null));
        assertThat(order(fleet, Objective.COST)).containsExactly("far", "near", "mid");
    }

    @Test
    void missingCarbonRanksAfterAnyCarbon() {
        Fleet fleet =
                Fleet.create()
                        .site("o", s -> s.country("DE").link("n", 2).link("m", 4).link("f", 6))
                        .site("n", s -> s.country("DE").carbon(300))
                        .site("m", s -> s.country("DE"))
                        .site("f", s -> s.country("DE").carbon(100))
                        .pool("near", p -> p.cluster("n").cost(3.0))
                        .pool("mid", p -> p.cluster("m").cost(1.0))
                        .pool("far", p -> p.cluster("f").cost(2.0));
        assertThat(order(fleet, Objective.CARBON)).containsExactly("far", "near", "mid");
    }

    @Test
    void fullTiesFallToClusterNameThenPoolName() {
        Fleet fleet =
                Fleet.create()
                        .site("b", s -> s.country("DE"))
                        .site("a", s -> s.country("DE"))
                        .pool("z", p -> p.cluster("a"))
                        .pool("y", p -> p.cluster("b"))
                        .pool("x", p -> p.cluster("b"));
        Decision d = fleet.engine().decide(job("j").build());
        assertThat(d.assignments().get(0).pool()).isEqualTo("z");
        assertThat(d.candidates()).extracting(Candidate::pool).containsExactly("x", "y");
    }

    @ParameterizedTest
    @CsvSource({
        "LATENCY, 'TIER,LATENCY,COST,CARBON'",
        "COST, 'TIER,COST,LATENCY,CARBON'",
        "CARBON, 'TIER,CARBON,LATENCY,COST'"
    })
    void eachObjectiveRanksByTierThenItsKeyThenTheOthers(Objective objective, String keys) {
        assertThat(Ranking.keys(objective))
                .extracting(Ranking.Key::name)
                .containsExactly(keys.split(","));
    }
}
