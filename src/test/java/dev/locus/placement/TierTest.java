package dev.locus.placement;

import static dev.locus.placement.Fleet.endpoint;
import static dev.locus.placement.Fleet.job;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tiers: the first key of every ranking; work spills to a higher tier only when no lower fits. */
class TierTest {

    /**
     * Own hardware far away and dear (own, tier 0), a neocloud (neo, tier 2) and on-demand cloud
     * next to the data and cheapest (cloud, tier 3).
     */
    static Fleet fleet(int ownFree, int neoFree) {
        return Fleet.create()
                .site("o", s -> s.country("DE").link("near", 1).link("mid", 20).link("far", 80))
                .site("near", s -> s.country("DE").carbon(10))
                .site("mid", s -> s.country("DE").carbon(100))
                .site("far", s -> s.country("DE").carbon(500))
                .pool("own", p -> p.cluster("far").cost(4.0).free(ownFree))
                .pool("neo", p -> p.cluster("mid").cost(3.0).tier(2).free(neoFree))
                .pool("cloud", p -> p.cluster("near").cost(1.0).tier(3));
    }

    @ParameterizedTest(name = "{0}, own {1} free, neocloud {2} free: {3}")
    @CsvSource({
        "LATENCY, 64, 64, own",
        "COST,    64, 64, own",
        "CARBON,  64, 64, own",
        "LATENCY,  4, 64, neo",
        "COST,     4,  4, cloud"
    })
    void theLowestTierThatFitsWinsWhateverTheObjective(
            Objective objective, int ownFree, int neoFree, String expected) {
        Decision d =
                fleet(ownFree, neoFree)
                        .engine()
                        .decide(
                                job("j").origin(Origin.ofCluster("o"))
                                        .objective(objective)
                                        .shape(1, 8)
                                        .build());
        assertThat(d.assignments().get(0).pool()).isEqualTo(expected);
        assertThat(d.policy()).contains("ranked by tier, then " + objective.wireName());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"LATENCY", "COST"})
    void feasiblePoolsAreListedByTierAndSayIt(Objective objective) {
        Decision d =
                fleet(64, 64)
                        .engine()
                        .decide(
                                job("j").origin(Origin.ofCluster("o"))
                                        .objective(objective)
                                        .build());
        assertThat(d.candidates()).extracting(Candidate::pool).containsExactly("neo", "cloud");
        assertThat(d.candidates().get(0).message())
                .startsWith("fits; ranked 2 by " + objective.wireName() + " (tier 2, ");
    }

    @org.junit.jupiter.api.Test
    void anEndpointSpillsReplicaByReplica() {
        Decision d =
                fleet(2, 64)
                        .engine()
                        .decide(endpoint("e").origin(Origin.ofCluster("o")).shape(5, 1).build());
        assertThat(d.assignments())
                .extracting(Assignment::pool, Assignment::replicas)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("own", 2),
                        org.assertj.core.groups.Tuple.tuple("neo", 3));
    }

    @org.junit.jupiter.api.Test
    void withoutTiersTheMessagesAreAsBefore() {
        Decision d =
                Fleet.create()
                        .site("a", s -> s.country("DE"))
                        .pool("x", p -> p.cluster("a"))
                        .pool("y", p -> p.cluster("a"))
                        .engine()
                        .decide(job("j").build());
        assertThat(d.candidates())
                .extracting(Candidate::message)
                .allSatisfy(m -> assertThat(m).doesNotContain("tier"));
        assertThat(d.policy()).endsWith("ranked by latency");
        assertThat(List.of(d.assignments().get(0).pool())).containsExactly("x");
    }
}
