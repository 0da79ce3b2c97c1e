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
