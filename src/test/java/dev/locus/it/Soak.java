package dev.locus.it;

import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.it.SoakFleet.Spec;
import dev.locus.testing.FaultProxy;
import dev.locus.testing.OperatorProcess;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What a soak does to a {@link SoakFleet}, as a user and a member cluster would: seeded workloads
 * of every kind and classification created, some deleted, remote Jobs completed; then, once the
 * faults stop, it waits for the fleet to settle and checks {@link SoakInvariants}.
 */
final class Soak {

    final SoakFleet fleet;
    final Random random;
    final Map<String, Spec> byUid = new ConcurrentHashMap<>();
    final Map<Integer, String> uidOf = new ConcurrentHashMap<>();
    final Set<String> deleted = ConcurrentHashMap.newKeySet();
    final List<String> harness = new ArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger completed =
            new java.util.concurrent.atomic.AtomicInteger();
    private final List<Spec> created = new ArrayList<>();

    Soak(SoakFleet fleet, Random random) {
        this.fleet = fleet;
        this.random = random;
    }

    /** {@code n} seeded workloads: both kinds, every classification, the three zones. */
    static List<Spec> workloads(Random r, int n, int offset) {
        List<Spec> out = new ArrayList<>(n);
        Classification[] classes = Classification.values();
        String[] zones = {"eu", "eu", "uk", "us"};
        for (int i = offset; i < offset + n; i++) {
            boolean training = r.nextDouble() < 0.55;
            Classification c = classes[r.nextInt(classes.length)];
            String zone =
                    c == Classification.PUBLIC && r.nextBoolean()
                            ? null
                            : zones[r.nextInt(zones.length)];
            double m = r.nextDouble();
            List<String> models =
                    m < 0.6 ? List.of("H100") : m < 0.8 ? List.of("L40S") : List.of("H100", "L40S");
            int units = training ? 1 + r.nextInt(4) : 1 + r.nextInt(6);
            int per = training ? new int[] {1, 2, 4, 8}[r.nextInt(4)] : 1 + r.nextInt(2);
            Integer toleration = r.nextDouble() < 0.3 ? 3 + r.nextInt(8) : null;
            String namespace = SoakFleet.NAMESPACES.get(r.nextInt(SoakFleet.NAMESPACES.size()));
            out.add(
                    new Spec(
                            i,
                            training,
                            namespace,
                            (training ? "tj-" : "ie-") + i,
                            c,
                            zone,
                            models,
                            units,
                            per,
                            toleration));
        }
        return out;
    }

    /** Creates a workload on the hub, as a user would (directly, not through a proxy). */
    void create(Spec spec) {
        WorkloadResource made = fleet.hub.resource(spec.build()).create();
        String uid = made.getMetadata().getUid();
        byUid.put(uid, spec);
        uidOf.put(spec.index(), uid);
        synchronized (created) {
            created.add(spec);
        }
    }

    /** Deletes a workload the test created. */
    void delete(Spec spec) {
        String uid = uidOf.get(spec.index());
        if (uid == null || !deleted.add(uid)) {
            return;
        }
        fleet.hub
                .resources(spec.type())
                .inNamespace(spec.namespace())
                .withName(spec.name())
                .delete();
    }

    /** Marks the remote Job of a random running TrainingJob Complete, as its member would. */
    void completeSomeJob() {
        List<Spec> jobs;
        synchronized (created) {
            jobs = created.stream().filter(Spec::training).toList();
        }
        if (jobs.isEmpty()) {
            return;
        }
        Spec spec = jobs.get(random.nextInt(jobs.size()));
        if (deleted.contains(uidOf.get(spec.index()))) {
            return;
        }
        TrainingJob job =
                fleet.hub
                        .resources(TrainingJob.class)
                        .inNamespace(spec.namespace())
                        .withName(spec.name())
                        .get();
        if (job == null
                || job.getStatus() == null
                || job.getStatus().getPhase() != WorkloadPhase.RUNNING) {
            return;
        }
        String cluster = job.getStatus().getPlacement().getAssignments().get(0).getCluster();
        var jobs0 = fleet.member(cluster).batch().v1().jobs().inNamespace(spec.namespace());
        Job remote = jobs0.withName(dev.locus.dispatch.TrainingJobRenderer.name(job)).get();
        if (remote == null) {
            return;
        }
        remote.setStatus(
                new JobStatusBuilder()
                        .withSucceeded(spec.units())
                        .withConditions(
                                new JobConditionBuilder()
                                        .withType("Complete")
                                        .withStatus("True")
                                        .build())
                        .build());
        try {
            fleet.member(cluster).resource(remote).updateStatus();
            completed.incrementAndGet();
        } catch (KubernetesClientException e) {
            // Changed meanwhile: another time.
        }
    }

    /**
     * Stops the faults, heals every member, waits (up to {@code timeout}) for the end state to hold
     * and returns every violation, history included.
     */
    List<String> settleAndCheck(Duration timeout) {
        fleet.faults(FaultProxy.Faults.none());
        fleet.memberProxies.values().forEach(FaultProxy::heal);
        fleet.hubProxy.heal();
        SoakInvariants invariants =
                new SoakInvariants(fleet, Map.copyOf(byUid), Set.copyOf(deleted));
        try {
            await().atMost(timeout)
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> invariants.endState().isEmpty());
        } catch (ConditionTimeoutException e) {
            // Reported below, violation by violation.
        }
        List<String> out = new ArrayList<>(harness);
        out.addAll(invariants.all());
        fleet.history.write(fleet.dir.resolve("history.txt"));
        return out;
    }

    /** The one line a soak prints, then the violations. */
    String summary(int restarts, List<String> violations) {
        Map<FaultProxy.Fault, Long> counts = fleet.faultCounts();
        String line =
                "faults injected="
                        + fleet.faultsInjected()
                        + ", restarts="
                        + restarts
                        + ", workloads="
                        + byUid.size()
                        + ", violations="
                        + violations.size();
        Map<String, Long> phases = new LinkedHashMap<>();
        fleet.hub.resources(TrainingJob.class).inAnyNamespace().list().getItems().stream()
                .map(
                        j ->
                                j.getStatus() == null
                                        ? "Pending"
                                        : String.valueOf(j.getStatus().getPhase()))
                .forEach(p -> phases.merge("TrainingJob " + p, 1L, Long::sum));
        fleet
                .hub
                .resources(dev.locus.api.v1alpha1.InferenceEndpoint.class)
                .inAnyNamespace()
                .list()
                .getItems()
                .stream()
                .map(
                        j ->
                                j.getStatus() == null
                                        ? "Pending"
                                        : String.valueOf(j.getStatus().getPhase()))
                .forEach(p -> phases.merge("InferenceEndpoint " + p, 1L, Long::sum));
        StringBuilder out = new StringBuilder(line).append('\n');
        out.append("  faults: ")
                .append(
                        counts.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(", ")))
                .append('\n');
        out.append("  requests=")
                .append(fleet.proxies().stream().mapToLong(FaultProxy::requests).sum())
                .append(", deleted=")
                .append(deleted.size())
                .append(", jobs completed=")
                .append(completed.get())
                .append(", end state: ")
                .append(phases)
                .append(", history: ")
                .append(fleet.history.size())
                .append(" events\n");
        out.append("  operator logs: ")
                .append(fleet.dir.resolve("logs").toAbsolutePath())
                .append('\n');
        violations.stream()
                .limit(40)
                .forEach(v -> out.append("  VIOLATION ").append(v).append('\n'));
        if (violations.size() > 40) {
            out.append("  ... and ").append(violations.size() - 40).append(" more\n");
        }
        return out.toString();
    }

    /** Notes an operator that died without being killed. */
    void died(OperatorProcess p) {
        harness.add("operator " + p.name() + " exited on its own:\n" + p.tail());
    }
}
