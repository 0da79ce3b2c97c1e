package dev.locus.cli.demo;

import dev.locus.api.v1alpha1.Condition;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.FleetQuota;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.dispatch.TrainingJobRenderer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The demo's preemption scene, on the example fleet's {@code fra-1-h100} (64 H100s in Frankfurt,
 * the only pool within 5 ms of fra-1 with H100s and InfiniBand): a low-priority batch job takes 40
 * of them and is dispatched; an urgent job of another team that needs 32 there, and may preempt
 * lower priority, arrives. The batch job goes back to Pending (reason {@code Preempted}, restarts
 * 1), loses its remote Job, the urgent job is placed and dispatched; once the urgent job completes,
 * the batch job is placed again.
 */
final class PreemptionScene {

    /** Waits for a condition, bounded; true if it came. */
    @FunctionalInterface
    interface Wait {
        boolean until(BooleanSupplier condition) throws InterruptedException;
    }

    static final String CLUSTER = "fra-1";
    static final String POOL = "fra-1-h100";
    static final String VICTIM_NAMESPACE = "ml-research";
    static final String VICTIM = "nightly-batch";
    static final String PREEMPTOR_NAMESPACE = "ml-prod";
    static final String PREEMPTOR = "urgent-retrain";

    private static final String VICTIM_YAML =
            """
            apiVersion: locus.dev/v1alpha1
            kind: TrainingJob
            metadata: {name: nightly-batch, namespace: ml-research}
            spec:
              priority: 0                       # batch: any higher priority may take its place
              data: {classification: internal, zone: eu, origin: {cluster: fra-1}}
              accelerator: {models: [H100]}
              workers: 5
              acceleratorsPerWorker: 8
              placement: {maxLatencyMs: 5, requiredFeatures: [infiniband]}
              template:
                spec:
                  containers:
                    - {name: batch, image: nvcr.io/nvidia/pytorch:24.10-py3, command: [python, reindex.py]}
            """;

    private static final String PREEMPTOR_YAML =
            """
            apiVersion: locus.dev/v1alpha1
            kind: TrainingJob
            metadata: {name: urgent-retrain, namespace: ml-prod}
            spec:
              priority: 90
              data: {classification: internal, zone: eu, origin: {cluster: fra-1}}
              accelerator: {models: [H100]}
              workers: 4
              acceleratorsPerWorker: 8
              placement:
                maxLatencyMs: 5
                requiredFeatures: [infiniband]
                preemptionPolicy: PreemptLowerPriority
              template:
                spec:
                  containers:
                    - {name: trainer, image: nvcr.io/nvidia/pytorch:24.10-py3, command: [torchrun, retrain.py]}
            """;

    private final SimulatedFleet fleet;
    private final PrintWriter out;
    private final Wait await;
    private final List<String> victimHistory = new ArrayList<>();

    PreemptionScene(SimulatedFleet fleet, PrintWriter out, Wait await) {
        this.fleet = fleet;
        this.out = out;
        this.await = await;
    }

    /** Whether the fleet is the example's: the scene needs fra-1 and its H100 pool. */
    boolean applies() {
        return fleet.client(CLUSTER) != null
                && fleet.hub().resources(GPUPool.class).withName(POOL).get() != null;
    }

    /** Plays the scene; false (having said what did not happen) if a step did not come. */
    boolean run() throws InterruptedException {
        KubernetesClient hub = fleet.hub();
        out.printf(
                "Preemption. %s/%s (priority 0, 5 workers x 8 H100, within 5 ms of %s: only %s"
                        + " fits) is applied.%n",
                VICTIM_NAMESPACE, VICTIM, CLUSTER, POOL);
        out.flush();
        hub.resource(Serialization.unmarshal(VICTIM_YAML, TrainingJob.class)).create();
        if (!step(
                () -> phase(victim()) == WorkloadPhase.RUNNING && remoteJob(victim()) != null,
                VICTIM + " was not dispatched")) {
            return false;
        }
        out.printf(
                "It is Running on %s/%s and its remote Job %s/%s exists in %s.%n",
                CLUSTER, POOL, VICTIM_NAMESPACE, remoteName(victim()), CLUSTER);
        try (Watch watch = hub.resource(victim()).watch(new History())) {
            out.printf(
                    "%s/%s (priority 90, 4 workers x 8 H100, same constraints,"
                            + " preemptionPolicy: PreemptLowerPriority) arrives: %s has %d free.%n%n",
                    PREEMPTOR_NAMESPACE, PREEMPTOR, POOL, available());
            out.flush();
            hub.resource(Serialization.unmarshal(PREEMPTOR_YAML, TrainingJob.class)).create();
            boolean preempted =
                    step(
                            () ->
                                    phase(preemptor()) == WorkloadPhase.RUNNING
                                            && restarts(victim()) == 1
                                            && victim().getStatus().getPlacement() == null
                                            && remoteJob(victim()) == null
                                            && remoteJob(preemptor()) != null
                                            && event(VICTIM_NAMESPACE, VICTIM, "Preempted") != null
                                            && event(PREEMPTOR_NAMESPACE, PREEMPTOR, "Preempting")
                                                    != null,
                            PREEMPTOR + " did not preempt " + VICTIM);
            out.println(DemoReport.workloads(hub, Set.of(VICTIM, PREEMPTOR)));
            if (!preempted) {
                return false;
            }
            TrainingJob victim = victim();
            out.printf(
                    "%s/%s was preempted: restarts %d, and its status went%n",
                    VICTIM_NAMESPACE, VICTIM, restarts(victim));
            synchronized (victimHistory) {
                victimHistory.forEach(h -> out.println("  " + h));
            }
            printEvent(event(VICTIM_NAMESPACE, VICTIM, "Preempted"));
            printEvent(event(PREEMPTOR_NAMESPACE, PREEMPTOR, "Preempting"));
            out.printf(
                    "Its remote Job was removed from %s, and %s's remote Job %s/%s was created there.%n%n",
                    CLUSTER, PREEMPTOR, PREEMPTOR_NAMESPACE, remoteName(preemptor()));
            await.until(() -> quotasCurrent(hub));
            out.println(DemoReport.quotas(hub));
            out.flush();
        }
        fleet.completeRemoteJob(preemptor(), null, null);
        out.printf(
                "Marked the remote Job of %s/%s complete: its accelerators are free again.%n%n",
                PREEMPTOR_NAMESPACE, PREEMPTOR);
        out.flush();
        boolean again =
                step(
                        () ->
                                phase(preemptor()) == WorkloadPhase.SUCCEEDED
                                        && phase(victim()) == WorkloadPhase.RUNNING
                                        && remoteJob(victim()) != null,
                        VICTIM + " was not placed again");
        out.println(DemoReport.workloads(hub, Set.of(VICTIM, PREEMPTOR)));
        if (again) {
            out.printf(
                    "%s/%s was placed again on %s/%s (restarts %d) and dispatched again.%n",
                    VICTIM_NAMESPACE,
                    VICTIM,
                    victim().getStatus().getPlacement().getAssignments().get(0).getCluster(),
                    victim().getStatus().getPlacement().getAssignments().get(0).getPool(),
                    restarts(victim()));
        }
        out.flush();
        return again;
    }

    /**
     * Every FleetQuota's status counts the placed and the waiting workloads of its namespaces as
     * the hub shows them now (the operator writes quota status a moment after a change).
     */
    static boolean quotasCurrent(KubernetesClient hub) {
        List<HasMetadata> workloads = new ArrayList<>();
        workloads.addAll(hub.resources(TrainingJob.class).inAnyNamespace().list().getItems());
        workloads.addAll(hub.resources(InferenceEndpoint.class).inAnyNamespace().list().getItems());
        for (FleetQuota q : hub.resources(FleetQuota.class).list().getItems()) {
            if (q.getStatus() == null || q.getSpec().getNamespaceSelector() == null) {
                return false;
            }
            Set<String> namespaces =
                    hub
                            .namespaces()
                            .withLabelSelector(q.getSpec().getNamespaceSelector())
                            .list()
                            .getItems()
                            .stream()
                            .map(n -> n.getMetadata().getName())
                            .collect(Collectors.toSet());
            int admitted = 0;
            int pending = 0;
            for (HasMetadata w : workloads) {
                if (!namespaces.contains(w.getMetadata().getNamespace())) {
                    continue;
                }
                WorkloadStatus status =
                        w instanceof TrainingJob t
                                ? t.getStatus()
                                : ((InferenceEndpoint) w).getStatus();
                WorkloadPhase phase =
                        status == null || status.getPhase() == null
                                ? WorkloadPhase.PENDING
                                : status.getPhase();
                if (phase == WorkloadPhase.PENDING
                        || phase == WorkloadPhase.UNSCHEDULABLE
                        || phase == WorkloadPhase.DEFERRED) {
                    pending++;
                } else if (phase.holdsReservation() && status.getPlacement() != null) {
                    admitted++;
                }
            }
            if (!Integer.valueOf(admitted).equals(q.getStatus().getAdmitted())
                    || !Integer.valueOf(pending).equals(q.getStatus().getPending())) {
                return false;
            }
        }
        return true;
    }

    private boolean step(BooleanSupplier condition, String otherwise) throws InterruptedException {
        if (await.until(condition)) {
            return true;
        }
        out.println("warning: " + otherwise + " in time");
        return false;
    }

    private void printEvent(Event e) {
        out.printf(
                "  Event %s %s on %s/%s: %s%n",
                e.getType(),
                e.getReason(),
                e.getInvolvedObject().getNamespace(),
                e.getInvolvedObject().getName(),
                e.getMessage());
    }

    private TrainingJob victim() {
        return job(VICTIM_NAMESPACE, VICTIM);
    }

    private TrainingJob preemptor() {
        return job(PREEMPTOR_NAMESPACE, PREEMPTOR);
    }

    private TrainingJob job(String namespace, String name) {
        return fleet.hub().resources(TrainingJob.class).inNamespace(namespace).withName(name).get();
    }

    private static WorkloadPhase phase(TrainingJob job) {
        return job == null || job.getStatus() == null || job.getStatus().getPhase() == null
                ? WorkloadPhase.PENDING
                : job.getStatus().getPhase();
    }

    private static int restarts(TrainingJob job) {
        return job == null || job.getStatus() == null || job.getStatus().getRestarts() == null
                ? 0
                : job.getStatus().getRestarts();
    }

    private int available() {
        GPUPool pool = fleet.hub().resources(GPUPool.class).withName(POOL).get();
        return pool.getStatus() == null
                        || pool.getStatus().getCapacity() == null
                        || pool.getStatus().getCapacity().getAvailable() == null
                ? 0
                : pool.getStatus().getCapacity().getAvailable();
    }

    private static String remoteName(TrainingJob job) {
        return TrainingJobRenderer.name(job);
    }

    /** The workload's remote Job in fra-1, or null. */
    private Job remoteJob(TrainingJob job) {
        if (job == null) {
            return null;
        }
        return fleet.client(CLUSTER)
                .batch()
                .v1()
                .jobs()
                .inNamespace(job.getMetadata().getNamespace())
                .withName(remoteName(job))
                .get();
    }

    private Event event(String namespace, String object, String reason) {
        return fleet.hub().v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> object.equals(e.getInvolvedObject().getName()))
                .filter(e -> reason.equals(e.getReason()))
                .findFirst()
                .orElse(null);
    }

    /** Records each phase the victim goes through, with the Placed condition's reason. */
    private final class History implements Watcher<TrainingJob> {

        @Override
        public void eventReceived(Action action, TrainingJob job) {
            WorkloadStatus status = job.getStatus();
            if (status == null || status.getPhase() == null) {
                return;
            }
            Condition placed =
                    Conditions.find(status.getConditions(), WorkloadStatus.PLACED).orElse(null);
            String line =
                    String.format(
                            "%-13s restarts %d  %s",
                            status.getPhase().wireName(),
                            restarts(job),
                            placed == null
                                    ? ""
                                    : "Placed="
                                            + placed.getStatus()
                                            + " "
                                            + placed.getReason()
                                            + ": "
                                            + Objects.toString(placed.getMessage(), ""));
            synchronized (victimHistory) {
                if (victimHistory.isEmpty()
                        || !victimHistory.get(victimHistory.size() - 1).equals(line)) {
                    victimHistory.add(line);
                }
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            // The scene closes the watch itself; a watch cut short only shortens the history.
        }
    }
}
