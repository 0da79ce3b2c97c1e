package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ForecastEntry;
import dev.locus.api.v1alpha1.OptimizeFor;
import dev.locus.api.v1alpha1.PlacementSpec;
import dev.locus.api.v1alpha1.Power;
import dev.locus.api.v1alpha1.Schedule;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.testing.SettableClock;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Energy against the mock servers: a power budget refuses a pool that has free accelerators, a
 * deferred job is placed when its cleaner hour comes (on a clock the test moves), and a finished
 * job records the energy it used. Each test has a fleet of its own.
 */
class EnergyIT {

    @Test
    void aPowerBudgetRefusesAPoolThatStillHasFreeAccelerators() {
        try (Fleet fleet = fleet(power -> power.setBudgetKilowatts(7.0), null)) {
            // 8 accelerators of 700 W: 5.6 kW of the 7 kW budget.
            fleet.hub.resource(job("first", 8)).create();
            awaitPhase(fleet, "first", WorkloadPhase.RUNNING);
            fleet.hub.resource(job("second", 8)).create();

            TrainingJob refused = awaitPhase(fleet, "second", WorkloadPhase.UNSCHEDULABLE);
            assertThat(refused.getStatus().getMessage()).contains("PowerBudgetExceeded");
            assertThat(refused.getStatus().getCandidates())
                    .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("PowerBudgetExceeded"));
            Cluster ams =
                    await().atMost(Duration.ofSeconds(30))
                            .until(
                                    () ->
                                            fleet.hub
                                                    .resources(Cluster.class)
                                                    .withName("ams-1")
                                                    .get(),
                                    c ->
                                            c.getStatus() != null
                                                    && c.getStatus().getPower() != null
                                                    && c.getStatus().getPower().getUsedKilowatts()
                                                            != null
                                                    && c.getStatus().getPower().getUsedKilowatts()
                                                            > 5.5);
            assertThat(ams.getStatus().getPower().getUsedKilowatts()).isCloseTo(5.6, within());
            assertThat(ams.getStatus().getPower().getBudgetKilowatts()).isEqualTo(7.0);
        }
    }

    @Test
    void aDeferredJobIsPlacedWhenItsCleanerHourComes() {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:30:00Z"));
        try (Fleet fleet =
                fleet(
                        power -> {
                            power.setCarbonIntensityGramsPerKwh(300.0);
                            power.setForecast(forecast("2026-12-01T10:00:00Z", 300, 30, 30, 30));
                        },
                        clock)) {
            TrainingJob green = job("green", 8);
            green.getSpec().getPlacement().setOptimizeFor(OptimizeFor.CARBON);
            Schedule schedule = new Schedule();
            schedule.setDeadline("2026-12-01T20:00:00Z");
            schedule.setEstimatedHours(2.0);
            green.getSpec().setSchedule(schedule);
            fleet.hub.resource(green).create();

            TrainingJob deferred = awaitPhase(fleet, "green", WorkloadPhase.DEFERRED);
            assertThat(deferred.getStatus().getStartAfter()).isEqualTo("2026-12-01T11:00:00Z");
            assertThat(deferred.getStatus().getMessage()).contains("11:00Z").contains("ams-1");
            assertThat(deferred.getStatus().getPlacement()).isNull();

            // Its hour comes (the operator's clock, not the wall's): it is placed, and the
            // placement records the cleaner hour's carbon intensity.
            clock.set(Instant.parse("2026-12-01T11:00:05Z"));
            TrainingJob placed = awaitPhase(fleet, "green", WorkloadPhase.RUNNING);
            assertThat(
                            placed.getStatus()
                                    .getPlacement()
                                    .getEnergy()
                                    .getCarbonIntensityGramsPerKwh())
                    .isEqualTo(30.0);
            assertThat(placed.getStatus().getStartAfter()).isNull();
        }
    }

    @Test
    void aFinishedJobRecordsTheEnergyOfItsRealRunTime() {
        try (Fleet fleet = fleet(power -> power.setCarbonIntensityGramsPerKwh(100.0), null)) {
            fleet.hub.resource(job("finetune", 8)).create();
            awaitPhase(fleet, "finetune", WorkloadPhase.RUNNING);
            Job remote =
                    await().atMost(Duration.ofSeconds(30))
                            .until(
                                    () ->
                                            fleet.member("ams-1")
                                                    .batch()
                                                    .v1()
                                                    .jobs()
                                                    .inNamespace(Fleet.NAMESPACE)
                                                    .withName("finetune")
                                                    .get(),
                                    j -> j != null);
            remote.setStatus(
                    new JobStatusBuilder()
                            .withSucceeded(1)
                            .withStartTime("2026-12-01T08:00:00Z")
                            .withCompletionTime("2026-12-01T10:00:00Z")
                            .withConditions(
                                    new JobConditionBuilder()
                                            .withType("Complete")
                                            .withStatus("True")
                                            .build())
                            .build());
            fleet.member("ams-1").resource(remote).updateStatus();

            TrainingJob done = awaitPhase(fleet, "finetune", WorkloadPhase.SUCCEEDED);
            // 8 accelerators x 2 h x 700 W = 11.2 kWh, at 100 g/kWh.
            assertThat(done.getStatus().getEnergy().getAcceleratorHours())
                    .isCloseTo(16.0, within());
            assertThat(done.getStatus().getEnergy().getKilowattHours()).isCloseTo(11.2, within());
            assertThat(done.getStatus().getEnergy().getGramsCO2e()).isCloseTo(1120.0, within());
        }
    }

    /**
     * ams-1 (NL) with one H100 pool of 32, its power set by {@code power}, the operator on {@code
     * clock}.
     */
    private static Fleet fleet(Consumer<Power> power, SettableClock clock) {
        Fleet fleet = new Fleet("ams-1");
        fleet.hub.resource(Hub.zone("eu", List.of("NL"))).create();
        Cluster ams = Hub.member("ams-1", "NL");
        Power p = new Power();
        power.accept(p);
        ams.getSpec().setPower(p);
        fleet.hub.resource(ams).create();
        fleet.hub.resource(Hub.pool("ams-h100", "ams-1", "H100", 32, 2.0)).create();
        if (clock == null) {
            fleet.startOperator();
        } else {
            fleet.startOperator(Duration.ofSeconds(1), fleet.hub, clock);
        }
        fleet.awaitReady("ams-1");
        return fleet;
    }

    private static List<ForecastEntry> forecast(String from, double... grams) {
        List<ForecastEntry> out = new ArrayList<>();
        Instant hour = Instant.parse(from);
        for (double g : grams) {
            ForecastEntry e = new ForecastEntry();
            e.setFrom(hour.toString());
            e.setCarbonIntensityGramsPerKwh(g);
            out.add(e);
            hour = hour.plus(Duration.ofHours(1));
        }
        return out;
    }

    private static TrainingJob job(String name, int gpus) {
        TrainingJob job = Hub.job(Fleet.NAMESPACE, name, Classification.INTERNAL, "eu", 1, gpus);
        job.getSpec().setPlacement(new PlacementSpec());
        return job;
    }

    private static TrainingJob awaitPhase(Fleet fleet, String name, WorkloadPhase phase) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                fleet.hub
                                        .resources(TrainingJob.class)
                                        .inNamespace(Fleet.NAMESPACE)
                                        .withName(name)
                                        .get(),
                        j ->
                                j != null
                                        && j.getStatus() != null
                                        && j.getStatus().getPhase() == phase);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(0.01);
    }
}
