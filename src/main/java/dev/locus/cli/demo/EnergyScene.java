package dev.locus.cli.demo;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.EnergyAtPlacement;
import dev.locus.api.v1alpha1.EnergyUsed;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.cli.EnergyReport;
import dev.locus.dispatch.TrainingJobRenderer;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The demo's energy scene, on the operator's simulated clock. In the examples {@code
 * ml-research/green-finetune} (optimizeFor: carbon, an estimated 6 hours by a deadline) is Deferred
 * at 12:00Z to 22:00Z, when osl-1's forecast is cleaner. A deferral holds no accelerators, and the
 * demo's first part filled osl-1 meanwhile: the scene first moves the clock to an hour before and
 * completes the jobs running there. Then it moves the clock to 22:00Z: the job is placed, with the
 * hour's carbon intensity in status.placement.energy; its remote Job then runs its estimated hours
 * on the clock and completes, and the job records status.energy (kWh, CO2e, and the CO2e the
 * deferral avoided), which the energy report sums per zone and cluster.
 */
final class EnergyScene {

    private final SimulatedFleet fleet;
    private final SimulatedClock clock;
    private final PrintWriter out;
    private final PreemptionScene.Wait await;

    EnergyScene(
            SimulatedFleet fleet,
            SimulatedClock clock,
            PrintWriter out,
            PreemptionScene.Wait await) {
        this.fleet = fleet;
        this.clock = clock;
        this.out = out;
        this.await = await;
    }

    /** Whether a TrainingJob waits for a later hour: the scene needs one. */
    boolean applies() {
        return deferred() != null;
    }

    /** Plays the scene; false (having said what did not happen) if a step did not come. */
    boolean run() throws InterruptedException {
        TrainingJob job = deferred();
        String namespace = job.getMetadata().getNamespace();
        String name = job.getMetadata().getName();
        String key = namespace + "/" + name;
        var schedule = job.getSpec().getSchedule();
        Instant startAfter = Instant.parse(job.getStatus().getStartAfter());
        out.printf(
                "Energy. The operator's clock says %s. %s (optimizeFor: carbon, %d workers x %d,"
                        + " an estimated %s h to finish by %s) is Deferred:%n"
                        + "  startAfter %s: %s%n",
                clock.instant().truncatedTo(ChronoUnit.SECONDS),
                key,
                job.getSpec().getWorkers(),
                job.getSpec().getAcceleratorsPerWorker(),
                number(hours(job)),
                schedule == null ? "-" : schedule.getDeadline(),
                startAfter,
                job.getStatus().getMessage());
        String cluster =
                job.getStatus().getDeferral() == null
                        ? null
                        : job.getStatus().getDeferral().getCluster();
        if (!finishJobsOn(cluster, startAfter.minus(Duration.ofHours(1)))) {
            return false;
        }
        out.printf("The demo moves the operator's clock to %s.%n%n", startAfter);
        out.flush();
        clock.set(startAfter);
        boolean placedAtItsHour =
                step(
                        () -> {
                            TrainingJob j = job(namespace, name);
                            return phase(j) == WorkloadPhase.RUNNING && remoteJob(j) != null;
                        },
                        name + " was not placed at its hour");
        if (!placedAtItsHour) {
            out.println(DemoReport.workloads(fleet.hub(), Set.of(name)));
            return false;
        }
        TrainingJob placed = job(namespace, name);
        Assignment a = placed.getStatus().getPlacement().getAssignments().get(0);
        EnergyAtPlacement energy = placed.getStatus().getPlacement().getEnergy();
        out.println(DemoReport.workloads(fleet.hub(), Set.of(name)));
        out.printf(
                "%s was placed on %s/%s at %s and dispatched; status.placement.energy records"
                        + " %s g CO2e/kWh and %s W per accelerator for that hour.%n",
                key,
                a.getCluster(),
                a.getPool(),
                placed.getStatus().getPlacement().getDecidedAt(),
                energy == null ? "-" : number(energy.getCarbonIntensityGramsPerKwh()),
                energy == null ? "-" : number(energy.getWattsPerAccelerator()));
        // Cluster status follows placements a moment later.
        await.until(() -> Math.abs(powerUsed(a.getCluster()) - powerPlaced(a.getCluster())) < 0.01);
        out.println();
        out.println("Power Locus placed on each cluster, against its budget (Cluster status):");
        out.println(DemoReport.power(fleet.hub()));

        Instant started = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant completed = started.plus(Duration.ofSeconds(Math.round(hours(job) * 3600)));
        clock.set(completed);
        fleet.completeRemoteJob(placed, started, completed);
        out.printf(
                "Its remote Job ran in %s from %s to %s (%s h, on the demo's clock, which is now"
                        + " there) and completed.%n%n",
                a.getCluster(), started, completed, number(hours(job)));
        out.flush();
        boolean finished =
                step(
                        () -> {
                            TrainingJob j = job(namespace, name);
                            return phase(j) == WorkloadPhase.SUCCEEDED
                                    && j.getStatus().getEnergy() != null;
                        },
                        name + " did not record its energy");
        out.println(DemoReport.workloads(fleet.hub(), Set.of(name)));
        if (!finished) {
            return false;
        }
        TrainingJob done = job(namespace, name);
        EnergyUsed used = done.getStatus().getEnergy();
        var deferral = done.getStatus().getDeferral();
        out.printf(
                "%s Succeeded. status.energy: %.2f accelerator-hours, %.2f kWh, %.3f kg CO2e;"
                        + " %.3f kg CO2e avoided versus starting at once (%s g/kWh then, %s over its"
                        + " hours).%n%n",
                key,
                orZero(used.getAcceleratorHours()),
                orZero(used.getKilowattHours()),
                orZero(used.getGramsCO2e()) / 1000,
                orZero(used.getGramsCO2eAvoided()) / 1000,
                deferral == null ? "-" : number(deferral.getCarbonIntensityNowGramsPerKwh()),
                deferral == null ? "-" : number(deferral.getCarbonIntensityLaterGramsPerKwh()));
        out.println("The energy of finished work, as `kubectl locus report energy -A` prints it:");
        out.println();
        out.print(EnergyReport.table(EnergyReport.of(workloads())));
        out.flush();
        return true;
    }

    /**
     * A deferral holds no capacity: what was placed on {@code cluster} meanwhile may fill it. The
     * clock moves to {@code at} (if later), and the TrainingJobs running there finish then, having
     * run since they were placed; true once they are Succeeded and the pools show it.
     */
    private boolean finishJobsOn(String cluster, Instant at) throws InterruptedException {
        if (cluster == null) {
            return true;
        }
        List<TrainingJob> running =
                fleet.hub().resources(TrainingJob.class).inAnyNamespace().list().getItems().stream()
                        .filter(j -> phase(j) == WorkloadPhase.RUNNING)
                        .filter(
                                j ->
                                        j.getStatus().getPlacement().getAssignments().stream()
                                                .anyMatch(a -> cluster.equals(a.getCluster())))
                        .sorted(
                                Comparator.comparing(
                                                (TrainingJob j) -> j.getMetadata().getNamespace())
                                        .thenComparing(j -> j.getMetadata().getName()))
                        .toList();
        if (running.isEmpty()) {
            return true;
        }
        clock.set(at);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<String> names = new ArrayList<>();
        for (TrainingJob j : running) {
            Instant placed = Instant.parse(j.getStatus().getPlacement().getDecidedAt());
            if (fleet.completeRemoteJob(j, placed.truncatedTo(ChronoUnit.SECONDS), now)) {
                names.add(j.getMetadata().getNamespace() + "/" + j.getMetadata().getName());
            }
        }
        out.printf(
                "A deferral holds no accelerators: %s, placed on %s meanwhile, ran there until the"
                        + " clock's %s, when the demo completed their remote Jobs.%n",
                String.join(", ", names), cluster, now);
        out.flush();
        return step(
                () -> fleet.succeeded(names) && fleet.capacityCurrent(),
                "the jobs on " + cluster + " did not finish");
    }

    /** The first TrainingJob (by namespace and name) Deferred to a later hour, or null. */
    private TrainingJob deferred() {
        return fleet.hub().resources(TrainingJob.class).inAnyNamespace().list().getItems().stream()
                .filter(j -> phase(j) == WorkloadPhase.DEFERRED)
                .filter(j -> j.getStatus().getStartAfter() != null)
                .min(
                        Comparator.comparing((TrainingJob j) -> j.getMetadata().getNamespace())
                                .thenComparing(j -> j.getMetadata().getName()))
                .orElse(null);
    }

    private TrainingJob job(String namespace, String name) {
        return fleet.hub().resources(TrainingJob.class).inNamespace(namespace).withName(name).get();
    }

    /** The placed job's remote Job in its member cluster, or null. */
    private Job remoteJob(TrainingJob job) {
        if (job.getStatus().getPlacement() == null
                || job.getStatus().getPlacement().getAssignments().isEmpty()) {
            return null;
        }
        KubernetesClient member =
                fleet.client(job.getStatus().getPlacement().getAssignments().get(0).getCluster());
        return member.batch()
                .v1()
                .jobs()
                .inNamespace(job.getMetadata().getNamespace())
                .withName(TrainingJobRenderer.name(job))
                .get();
    }

    private List<WorkloadResource> workloads() {
        List<WorkloadResource> all = new ArrayList<>();
        all.addAll(fleet.hub().resources(TrainingJob.class).inAnyNamespace().list().getItems());
        all.addAll(
                fleet.hub().resources(InferenceEndpoint.class).inAnyNamespace().list().getItems());
        return all;
    }

    private double powerUsed(String cluster) {
        Cluster c = fleet.hub().resources(Cluster.class).withName(cluster).get();
        return c == null
                        || c.getStatus() == null
                        || c.getStatus().getPower() == null
                        || c.getStatus().getPower().getUsedKilowatts() == null
                ? 0
                : c.getStatus().getPower().getUsedKilowatts();
    }

    /** The kW that placed workloads hold on a cluster, by the watts their placements record. */
    private double powerPlaced(String cluster) {
        double watts = 0;
        for (WorkloadResource w : workloads()) {
            var status = w.getStatus();
            if (status == null
                    || status.getPhase() == null
                    || !status.getPhase().holdsReservation()
                    || status.getPlacement() == null) {
                continue;
            }
            EnergyAtPlacement energy = status.getPlacement().getEnergy();
            double perAccelerator =
                    energy == null || energy.getWattsPerAccelerator() == null
                            ? 700
                            : energy.getWattsPerAccelerator();
            for (Assignment a : status.getPlacement().getAssignments()) {
                if (cluster.equals(a.getCluster()) && a.getAccelerators() != null) {
                    watts += a.getAccelerators() * perAccelerator;
                }
            }
        }
        return watts / 1000;
    }

    private static double hours(TrainingJob job) {
        var schedule = job.getSpec().getSchedule();
        return schedule == null || schedule.getEstimatedHours() == null
                ? 1
                : schedule.getEstimatedHours();
    }

    private static WorkloadPhase phase(TrainingJob job) {
        return job == null ? WorkloadPhase.PENDING : SimulatedFleet.phase(job);
    }

    private boolean step(BooleanSupplier condition, String otherwise) throws InterruptedException {
        if (await.until(condition)) {
            return true;
        }
        out.println("warning: " + otherwise + " in time");
        return false;
    }

    /** 16 for 16.0 (or 15.9999), 12.5 for 12.5: one decimal at most. */
    private static String number(Double d) {
        if (d == null) {
            return "-";
        }
        String s = String.format(Locale.ROOT, "%.1f", d);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static double orZero(Double d) {
        return d == null ? 0 : d;
    }
}
