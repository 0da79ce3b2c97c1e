package dev.locus.placement;

import static dev.locus.placement.Fleet.job;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Compliance: restricted data stays in its zone or allowed transfers, and fails closed. */
class SovereigntyTest {

    /** One H100 pool in each of fra-1 (DE), lon-1 (GB) and iad-1 (US); iad-1 is cheapest. */
    private static Fleet fleet() {
        return Fleet.europe()
                .pool("fra", p -> p.cluster("fra-1").cost(3.0))
                .pool("lon", p -> p.cluster("lon-1").cost(2.5))
                .pool("iad", p -> p.cluster("iad-1").cost(1.0));
    }

    @ParameterizedTest(name = "{0} data of zone {1} -> {2}")
    @CsvSource({
        // classification, zone, chosen pool (cheapest compliant), compliant pools
        "PERSONAL, eu, lon, 'fra,lon'", // eu transfers to uk
        "CONFIDENTIAL, uk, lon, 'lon'", // uk declares no transfers
        "INTERNAL, us, iad, 'fra,lon,iad'", // us restricts only confidential and personal
        "PUBLIC, eu, iad, 'fra,lon,iad'", // public data is never restricted
        "PERSONAL, us, iad, 'iad'"
    })
    void restrictedDataStaysInItsZoneOrItsTransfers(
            DataClass classification, String zone, String chosen, String compliant) {
        Decision d =
                fleet().engine()
                        .decide(
                                job("j").data(classification, zone)
                                        .objective(Objective.COST)
                                        .build());

        assertThat(d.placed()).isTrue();
        assertThat(d.assignments()).extracting(Assignment::pool).containsExactly(chosen);
        assertThat(d.candidates())
                .filteredOn(c -> c.reason() == Reason.FEASIBLE)
                .extracting(Candidate::pool)
                .containsExactlyInAnyOrder(
                        java.util.Arrays.stream(compliant.split(","))
                                .filter(p -> !p.equals(chosen))
                                .toArray(String[]::new));
    }

    @Test
    void anUnknownZoneFailsClosedEvenWithFreePoolsEverywhere() {
        Decision d = fleet().engine().decide(job("j").data(DataClass.PERSONAL, "eu-west").build());

        assertThat(d.placed()).isFalse();
        assertThat(d.reason()).isEqualTo(Reason.UNKNOWN_SOVEREIGNTY_ZONE);
        assertThat(d.assignments()).isEmpty();
        assertThat(d.candidates())
                .hasSize(3)
                .allSatisfy(c -> assertThat(c.reason()).isEqualTo(Reason.UNKNOWN_SOVEREIGNTY_ZONE));
        assertThat(d.message()).contains("\"eu-west\" is not a SovereigntyZone");
    }

    @Test
    void anUnknownZoneFailsClosedForPublicDataToo() {
        // A misspelt zone must never quietly mean "anywhere", whatever the classification.
        Decision d = fleet().engine().decide(job("j").data(DataClass.PUBLIC, "eu-west").build());
        assertThat(d.placed()).isFalse();
        assertThat(d.reason()).isEqualTo(Reason.UNKNOWN_SOVEREIGNTY_ZONE);
    }

    @Test
    void aZoneThatRestrictsPublicDataConfinesItToo() {
        Decision d =
                fleet().zone("us", z -> z.restricts(DataClass.PUBLIC, DataClass.PERSONAL))
                        .engine()
                        .decide(
                                job("j").data(DataClass.PUBLIC, "us")
                                        .objective(Objective.COST)
                                        .build());
        assertThat(d.assignments()).extracting(Assignment::pool).containsExactly("iad");
        assertThat(d.candidates())
                .allSatisfy(c -> assertThat(c.reason()).isEqualTo(Reason.OUTSIDE_SOVEREIGNTY_ZONE));
    }

    @Test
    void restrictedDataWithoutAZoneIsNotPlaced() {
        Decision d = fleet().engine().decide(job("j").data(DataClass.INTERNAL, null).build());
        assertThat(d.placed()).isFalse();
        assertThat(d.reason()).isEqualTo(Reason.UNKNOWN_SOVEREIGNTY_ZONE);
    }

    @Test
    void aTransferToAZoneThatDoesNotExistAddsNothing() {
        Decision d =
                fleet().zone("uk", z -> z.transfersTo("moon"))
                        .engine()
                        .decide(job("j").data(DataClass.PERSONAL, "uk").build());
        assertThat(d.assignments()).extracting(Assignment::pool).containsExactly("lon");
        assertThat(d.candidates())
                .filteredOn(c -> !c.pool().equals("lon"))
                .allSatisfy(c -> assertThat(c.reason()).isEqualTo(Reason.OUTSIDE_SOVEREIGNTY_ZONE));
    }

    @Test
    void transfersAreNotTransitive() {
        // eu -> uk and uk -> us does not make us a home for eu's data.
        Decision d =
                fleet().zone("uk", z -> z.transfersTo("us"))
                        .engine()
                        .decide(
                                job("j").data(DataClass.PERSONAL, "eu")
                                        .objective(Objective.COST)
                                        .build());
        assertThat(d.assignments()).extracting(Assignment::pool).containsExactly("lon");
        assertThat(d.candidates())
                .filteredOn(c -> c.pool().equals("iad"))
                .singleElement()
                .satisfies(c -> assertThat(c.reason()).isEqualTo(Reason.OUTSIDE_SOVEREIGNTY_ZONE));
    }

    @Test
    void aClusterMayBelongToSeveralZones() {
        Decision d =
                fleet().zone("dach", z -> z.jurisdictions("DE", "AT", "CH"))
                        .engine()
                        .decide(job("j").data(DataClass.PERSONAL, "dach").build());
        assertThat(d.assignments()).extracting(Assignment::pool).containsExactly("fra");
        assertThat(d.policy()).contains("zones [dach, eu]");
    }

    @ParameterizedTest(name = "{0} data of zone {1} on {2} -> outside {3}")
    @CsvSource({
        // classification, zone, clusters it runs on, the ones that may not hold its data
        "PERSONAL, eu, 'fra-1,lon-1', ''", // lon-1 is in uk, a transfer eu allows
        "PERSONAL, eu, 'fra-1,iad-1', 'iad-1'",
        "CONFIDENTIAL, uk, 'lon-1,fra-1', 'fra-1'", // uk declares no transfers
        "INTERNAL, us, 'fra-1,iad-1', ''", // us does not restrict internal data
        "PUBLIC, eu, 'iad-1', ''",
        "PERSONAL, eu, 'fra-1,gone-1', 'gone-1'", // a cluster not in the fleet fails closed
        "PUBLIC, eu-west, 'fra-1,iad-1', 'fra-1,iad-1'", // an unknown zone: nowhere is allowed
    })
    void outsideZoneNamesTheClustersThatMayNotHoldThePlacedData(
            DataClass classification, String zone, String clusters, String outside) {
        var engine = fleet().engine();
        var w = job("j").data(classification, zone).build();

        assertThat(engine.outsideZone(w, java.util.List.of(clusters.split(","))))
                .containsExactly(outside.isEmpty() ? new String[0] : outside.split(","));
        // The same answer without pools or an engine, as the operator asks it every pass.
        Snapshot fleet = Fleet.europe().snapshot();
        assertThat(
                        new Sovereignty(fleet.zones(), fleet.sites())
                                .outsideZone(w, java.util.List.of(clusters.split(","))))
                .containsExactly(outside.isEmpty() ? new String[0] : outside.split(","));
    }

    @ParameterizedTest(name = "{0} is in zones [{1}]")
    @CsvSource({
        "fra-1, 'dach,eu'", // DE is in both, listed by name
        "lon-1, uk",
        "iad-1, us",
        "x-1, ''", // no country: no zone
        "gone-1, ''", // not in the fleet
    })
    void aClusterBelongsToEveryZoneThatListsItsCountry(String cluster, String zones) {
        Snapshot fleet =
                Fleet.europe()
                        .zone("dach", z -> z.jurisdictions("DE", "AT", "CH"))
                        .site("x-1", s -> s.at(50, 8))
                        .snapshot();

        assertThat(new Sovereignty(fleet.zones(), fleet.sites()).zonesOf(cluster))
                .containsExactly(zones.isEmpty() ? new String[0] : zones.split(","));
    }

    @Test
    void aCountryChangeTakesAClusterOutItsZone() {
        // fra-1 moves to the US: what was compliant for eu data is not any more.
        var engine = fleet().site("fra-1", s -> s.country("US")).engine();
        var w = job("j").data(DataClass.PERSONAL, "eu").build();

        assertThat(engine.outsideZone(w, java.util.List.of("fra-1", "lon-1")))
                .containsExactly("fra-1");
    }

    @Test
    void aClusterWithoutACountryIsOutsideEveryRestrictedZone() {
        var engine = fleet().site("fra-1", s -> s.country(null)).engine();
        var w = job("j").data(DataClass.PERSONAL, "eu").build();

        assertThat(engine.outsideZone(w, java.util.List.of("fra-1"))).containsExactly("fra-1");
        assertThat(
                        engine.outsideZone(
                                job("p").data(DataClass.PUBLIC, null).build(),
                                java.util.List.of("fra-1")))
                .isEmpty();
    }

    @Test
    void noCheaperPoolOverridesTheZone() {
        Decision d =
                fleet().pool("iad", p -> p.cost(0.0).free(10_000))
                        .engine()
                        .decide(
                                job("j").data(DataClass.PERSONAL, "eu")
                                        .objective(Objective.COST)
                                        .build());
        assertThat(d.assignments()).extracting(Assignment::cluster).doesNotContain("iad-1");
        assertThat(d.policy())
                .contains("governed by SovereigntyZone eu may run only in zones [eu, uk]");
    }
}
