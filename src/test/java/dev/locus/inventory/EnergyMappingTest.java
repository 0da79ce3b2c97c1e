package dev.locus.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.DeferralStatus;
import dev.locus.api.v1alpha1.EnergyUsed;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.placement.DeferredStart;
import dev.locus.placement.Objective;
import dev.locus.placement.PlacementEnergy;
import dev.locus.placement.Schedule;
import dev.locus.placement.SitePower;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Power, forecasts, watts and schedules into the engine; energy back into status. */
class EnergyMappingTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void aClustersPowerBudgetAndForecastReachTheSite() throws Exception {
        Cluster c =
                YAML.readValue(
                        """
                        apiVersion: locus.dev/v1alpha1
                        kind: Cluster
                        metadata: {name: osl-1}
                        spec:
                          connection: {local: true}
                          power:
                            renewableFraction: 0.98
                            carbonIntensityGramsPerKwh: 18
                            pricePerKwh: 0.06
                            budgetKilowatts: 40
                            forecast:
                              - {from: "2026-11-30T00:00:00Z", carbonIntensityGramsPerKwh: 15}
                              - {from: "2026-11-30T01:00:00+01:00", pricePerKwh: 0.04}
                              - null
                        """,
                        Cluster.class);
        var site = InventoryMapper.site(c, true);
        assertThat(site.carbonIntensity()).isEqualTo(18.0);
        assertThat(site.power())
                .isEqualTo(
                        new SitePower(
                                0.98,
                                0.06,
                                40.0,
                                java.util.List.of(
                                        new SitePower.ForecastHour(
                                                Instant.parse("2026-11-30T00:00:00Z"), 15.0, null),
                                        new SitePower.ForecastHour(
                                                Instant.parse("2026-11-30T00:00:00Z"),
                                                null,
                                                0.04))));
        c.getSpec().setPower(null);
        assertThat(InventoryMapper.site(c, true).power()).isEqualTo(SitePower.NONE);
    }

    @Test
    void poolWattsAndAJobsScheduleReachTheEngine() throws Exception {
        GPUPool pool =
                YAML.readValue(
                        """
                        apiVersion: locus.dev/v1alpha1
                        kind: GPUPool
                        metadata: {name: p}
                        spec: {cluster: c, accelerator: {model: H100, watts: 650}, capacity: 8}
                        """,
                        GPUPool.class);
        assertThat(InventoryMapper.pool(pool, 8).watts()).isEqualTo(650.0);
        TrainingJob job =
                YAML.readValue(
                        """
                        apiVersion: locus.dev/v1alpha1
                        kind: TrainingJob
                        metadata: {name: j, namespace: ml}
                        spec:
                          data: {classification: public}
                          schedule: {deadline: "2026-12-03T00:00:00Z", estimatedHours: 10}
                          template: {spec: {containers: [{name: t, image: x}]}}
                        """,
                        TrainingJob.class);
        assertThat(job.isValid()).as("%s", job.problems()).isTrue();
        Schedule schedule = InventoryMapper.trainingJob(job, 0).schedule();
        assertThat(schedule).isEqualTo(new Schedule(Instant.parse("2026-12-03T00:00:00Z"), 10));
        assertThat(schedule.lastStart()).isEqualTo(Instant.parse("2026-12-02T14:00:00Z"));
    }

    @Test
    void aDeadlineThatIsNotATimeIsRefusedByTheSchema() throws Exception {
        TrainingJob job =
                YAML.readValue(
                        """
                        apiVersion: locus.dev/v1alpha1
                        kind: TrainingJob
                        metadata: {name: j, namespace: ml}
                        spec:
                          data: {classification: public}
                          schedule: {deadline: "tomorrow", estimatedHours: -1}
                          template: {spec: {containers: [{name: t, image: x}]}}
                        """,
                        TrainingJob.class);
        assertThat(job.problems())
                .anySatisfy(p -> assertThat(p).startsWith("spec.schedule.deadline: must match"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.schedule.estimatedHours"));
        assertThat(EnergyMapping.schedule(job.getSpec().getSchedule())).isNull();
    }

    @Test
    void aFinishedRunRecordsItsEnergyAndWhatWaitingAvoided() {
        Instant at = Instant.parse("2026-11-30T22:00:00Z");
        var placement = EnergyMapping.status(new PlacementEnergy(at, 12.0, 0.98, 0.03, 700));
        assertThat(placement.getAt()).isEqualTo("2026-11-30T22:00:00Z");
        DeferralStatus deferral =
                EnergyMapping.status(
                        new DeferredStart(at, "osl-1", "p", Objective.CARBON, 60, 16, 60.0, 16.0),
                        Instant.parse("2026-11-30T12:00:00Z"));
        EnergyUsed used = EnergyMapping.energyUsed(32, placement, deferral, Duration.ofHours(6));
        assertThat(used.getAcceleratorHours()).isEqualTo(192.0);
        assertThat(used.getKilowattHours()).isCloseTo(134.4, within(1e-9));
        assertThat(used.getGramsCO2e()).isCloseTo(134.4 * 12, within(1e-6));
        assertThat(used.getGramsCO2eAvoided()).isCloseTo(134.4 * 44, within(1e-6));
        assertThat(
                        EnergyMapping.energyUsed(32, placement, null, Duration.ofHours(6))
                                .getGramsCO2eAvoided())
                .isNull();
    }
}
