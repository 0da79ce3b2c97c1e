package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.cli.PlanCommandTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubectl locus plan} with power budgets, forecasts, deferral and --now. */
class PlanEnergyTest {

    @TempDir Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** fra-1 (static 300 g/kWh, budget 10 kW) with a forecast; 16 H100s of 1000 W. */
    private static final String FLEET =
            """
            apiVersion: locus.dev/v1alpha1
            kind: Cluster
            metadata: {name: fra-1}
            spec:
              location: {country: DE}
              connection: {local: true}
              power:
                renewableFraction: 0.5
                carbonIntensityGramsPerKwh: 300
                pricePerKwh: 0.2
                budgetKilowatts: 10
                forecast:
                  - {from: "2026-12-01T09:00:00Z", carbonIntensityGramsPerKwh: 310, pricePerKwh: 0.3}
                  - {from: "2026-12-01T10:00:00Z", carbonIntensityGramsPerKwh: 250}
                  - {from: "2026-12-01T11:00:00Z", carbonIntensityGramsPerKwh: 40}
            ---
            apiVersion: locus.dev/v1alpha1
            kind: GPUPool
            metadata: {name: fra}
            spec: {cluster: fra-1, accelerator: {model: H100, watts: 1000}, capacity: 16}
            """;

    private static String job(String name, int accelerators, String extra) {
        return """
            ---
            apiVersion: locus.dev/v1alpha1
            kind: TrainingJob
            metadata: {name: %s, namespace: ml}
            spec:
              data: {classification: public}
              acceleratorsPerWorker: %d
              template: {spec: {containers: [{name: t, image: x}]}}
            %s
            """
                .formatted(name, accelerators, extra.indent(2).stripTrailing());
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("plan.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static final String FLEXIBLE =
            """
            placement: {optimizeFor: carbon}
            schedule: {deadline: "2026-12-01T20:00:00Z", estimatedHours: 1}
            """;

    @Test
    void aScheduledJobIsDeferredToTheCleanerHourAndReservesNothing() throws IOException {
        Path file = write(FLEET + job("flexible", 8, FLEXIBLE) + job("urgent", 8, ""));
        Run run =
                PlanCommandTest.run(
                        "plan",
                        "-f",
                        file.toString(),
                        "-o",
                        "json",
                        "--now",
                        "2026-12-01T09:00:00Z");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode placements = JSON.readTree(run.out()).get("placements");
        JsonNode flexible = placements.get(0);
        assertThat(flexible.get("name").asText()).isEqualTo("flexible");
        assertThat(flexible.get("phase").asText()).isEqualTo("Deferred");
        assertThat(flexible.get("reason").asText()).isEqualTo("Deferred");
        assertThat(flexible.get("startAfter").asText()).isEqualTo("2026-12-01T11:00:00Z");
        assertThat(flexible.get("message").asText())
                .startsWith("waiting for 11:00Z on fra-1: 40 g/kWh vs 310 now");
        assertThat(flexible.has("energy")).isFalse();
        assertThat(flexible.get("assignments")).isEmpty();
        // 8 x 1000 W of the 10 kW budget are left for the urgent job.
        JsonNode urgent = placements.get(1);
        assertThat(urgent.get("phase").asText()).isEqualTo("Placed");
        assertThat(urgent.at("/energy/carbonIntensityGramsPerKwh").asDouble()).isEqualTo(310);
        assertThat(urgent.at("/energy/renewableFraction").asDouble()).isEqualTo(0.5);
        assertThat(urgent.at("/energy/pricePerKwh").asDouble()).isEqualTo(0.3);
        assertThat(urgent.at("/energy/wattsPerAccelerator").asDouble()).isEqualTo(1000);
        assertThat(urgent.at("/energy/kilowatts").asDouble()).isEqualTo(8);
    }

    @Test
    void theTableShowsTheDeferralAndTheCarbonOfEachPlacement() throws IOException {
        Path file = write(FLEET + job("flexible", 8, FLEXIBLE) + job("urgent", 8, ""));
        Run run =
                PlanCommandTest.run("plan", "-f", file.toString(), "--now", "2026-12-01T10:30:00Z");
        assertThat(run.out())
                .containsPattern(
                        "ml/flexible +Deferred +- +fra-1 +fra +- +- +- +Deferred: waiting for"
                                + " 11:00Z on fra-1: 40 g/kWh vs 145 now")
                .containsPattern("ml/urgent +Placed +- +fra-1 +fra +1 +0.00 ms +250 g/kWh")
                .contains("2 workload(s): 1 placed, 1 deferred, 0 unschedulable");
    }

    @Test
    void withoutAForecastForTheTimeTheStaticValuesHoldAndNothingWaits() throws IOException {
        Path file = write(FLEET + job("flexible", 8, FLEXIBLE));
        Run run =
                PlanCommandTest.run(
                        "plan",
                        "-f",
                        file.toString(),
                        "-o",
                        "json",
                        "--now",
                        "2026-12-02T09:00:00Z");
        JsonNode flexible = JSON.readTree(run.out()).get("placements").get(0);
        // Past its last start (19:00 the day before): decided now.
        assertThat(flexible.get("phase").asText()).isEqualTo("Placed");
        assertThat(flexible.at("/energy/carbonIntensityGramsPerKwh").asDouble()).isEqualTo(300);
    }

    @Test
    void aPowerBudgetRefusesAPoolWhileCapacityIsFree() throws IOException {
        Path file = write(FLEET + job("first", 8, "") + job("second", 8, ""));
        Run run =
                PlanCommandTest.run(
                        "plan",
                        "-f",
                        file.toString(),
                        "-o",
                        "json",
                        "--now",
                        "2026-12-01T09:00:00Z",
                        "--fail-on-unschedulable");
        assertThat(run.code()).isEqualTo(3);
        JsonNode second = JSON.readTree(run.out()).get("placements").get(1);
        assertThat(second.get("phase").asText()).isEqualTo("Unschedulable");
        assertThat(second.get("reason").asText()).isEqualTo("NoFeasiblePool");
        assertThat(second.at("/candidates/0/reason").asText()).isEqualTo("PowerBudgetExceeded");
        assertThat(second.at("/candidates/0/message").asText())
                .isEqualTo(
                        "needs 8 x 1000 W = 8 kW; cluster fra-1 has 2 of its 10 kW power budget"
                                + " left");
    }

    @Test
    void theExampleFleetDefersGreenFinetuneAtTheDocumentedTime() {
        Run run =
                PlanCommandTest.run(
                        "plan",
                        "-f",
                        "examples/",
                        "--now",
                        "2026-11-30T12:00:00Z",
                        "--fail-on-unschedulable");
        assertThat(run.out())
                .containsPattern(
                        "ml-research/green-finetune +Deferred +eu +osl-1 +osl-1-h100 .*Deferred:"
                                + " waiting for 22:00Z on osl-1: 16 g/kWh vs 60 now")
                .contains("1 deferred");
        Run later = PlanCommandTest.run("plan", "-f", "examples/", "--now", "2026-12-01T03:00:00Z");
        assertThat(later.out())
                .containsPattern("ml-research/green-finetune +Placed +eu +osl-1 +osl-1-h100 ");
    }

    @Test
    void aForecastOutOfOrderIsBadInput() throws IOException {
        Path file = write(FLEET.replace("2026-12-01T10:00:00Z", "2026-12-01T09:30:00Z"));
        Run run = PlanCommandTest.run("plan", "-f", file.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("forecast entries must be ordered by from");
    }
}
