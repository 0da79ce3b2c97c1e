package dev.locus.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The energy of a finished run, from what its placement recorded. */
class EnergyTest {

    private static final Instant T = Instant.parse("2026-12-01T02:00:00Z");

    @ParameterizedTest(name = "{0} x {1} W for {2} min at {3} g/kWh")
    @CsvSource({
        "8,  700,  600, 100, 80,    56,    5600",
        "32, 1000, 90,  40,  48,    48,    1920",
        "1,  700,  0,   100, 0,     0,     0",
        "4,  350,  30,  ,    2,     0.7,   ",
    })
    void acceleratorHoursKilowattHoursAndGrams(
            int accelerators,
            double watts,
            long minutes,
            Double carbon,
            double acceleratorHours,
            double kwh,
            Double grams) {
        RunEnergy e =
                Energy.ofRun(
                        accelerators,
                        new PlacementEnergy(T, carbon, 0.5, 0.1, watts),
                        Duration.ofMinutes(minutes),
                        null);
        assertThat(e.acceleratorHours()).isCloseTo(acceleratorHours, within(1e-9));
        assertThat(e.kilowattHours()).isCloseTo(kwh, within(1e-9));
        if (grams == null) {
            assertThat(e.gramsCO2e()).isNull();
        } else {
            assertThat(e.gramsCO2e()).isCloseTo(grams, within(1e-6));
        }
        assertThat(e.gramsCO2eAvoided()).isNull();
    }

    @Test
    void aDeferredRunAvoidsTheDifferenceOfTheAveragesTimesItsEnergy() {
        DeferredStart deferral =
                new DeferredStart(T, "osl-1", "p", Objective.CARBON, 310, 40, 310.0, 40.0);
        RunEnergy e =
                Energy.ofRun(
                        8,
                        new PlacementEnergy(T, 40.0, 0.98, 0.05, 700),
                        Duration.ofHours(10),
                        deferral);
        assertThat(e.kilowattHours()).isCloseTo(56, within(1e-9));
        assertThat(e.gramsCO2e()).isCloseTo(2240, within(1e-6));
        assertThat(e.gramsCO2eAvoided()).isCloseTo(56 * 270, within(1e-6));
        assertThat(Energy.avoidedGrams(56, null, 40.0)).isNull();
    }

    @Test
    void aNegativeRunTimeCountsAsNone() {
        RunEnergy e =
                Energy.ofRun(
                        8,
                        new PlacementEnergy(T, 100.0, null, null, 700),
                        Duration.ofHours(-1),
                        null);
        assertThat(e.kilowattHours()).isZero();
    }
}
