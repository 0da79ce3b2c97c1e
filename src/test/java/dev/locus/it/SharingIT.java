package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.FleetQuota;
import dev.locus.api.v1alpha1.FleetQuotaStatus;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.PlacementSpec;
import dev.locus.api.v1alpha1.PreemptionPolicy;
import dev.locus.api.v1alpha1.QuotaLimit;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sharing the fleet against the mock servers: quotas that make one team wait while another is
 * placed, borrowing in a cohort and the lender taking its share back, a preemption whose victim
 * loses its remote Job and is placed again when room returns, and tiers filled in order. Each test
 * has a fleet of its own.
 */
class SharingIT {

    @Test
    void aTeamAtItsLimitWaitsWithQuotaExceededWhileAnotherTeamIsPlaced() {
        try (Fleet fleet = Fleet.ams(32, 2.0)) {
            team(fleet, "research", "a");
            team(fleet, "product", "b");
            fleet.hub.resource(quota("a", null, limit(8, null))).create();
            fleet.hub.resource(quota("b", null, limit(8, null))).create();

            create(fleet, job("research", "r1", 8, 0));
            awaitPhase(fleet, "research", "r1", WorkloadPhase.RUNNING);
            create(fleet, job("research", "r2", 8, 0));
            create(fleet, job("product", "p1", 8, 0));

            awaitPhase(fleet, "product", "p1", WorkloadPhase.RUNNING);
            TrainingJob waiting = awaitPhase(fleet, "research", "r2", WorkloadPhase.UNSCHEDULABLE);
            var placed =
                    Conditions.find(waiting.getStatus().getConditions(), WorkloadStatus.PLACED)
                            .orElseThrow();
            assertThat(placed.getReason()).isEqualTo("QuotaExceeded");
            assertThat(waiting.getStatus().getMessage()).contains("a").contains("8");

            FleetQuota a =
                    await().atMost(Duration.ofSeconds(30))
                            .until(
                                    () -> fleet.hub.resources(FleetQuota.class).withName("a").get(),
                                    q ->
                                            q.getStatus() != null
                                                    && Integer.valueOf(1)
                                                            .equals(q.getStatus().getPending())
                                                    && Integer.valueOf(1)
                                                            .equals(q.getStatus().getAdmitted()));
            assertThat(a.getStatus().getUsed().get(0).getAccelerators()).isEqualTo(8);
            assertThat(Conditions.isTrue(a.getStatus().getConditions(), FleetQuotaStatus.READY))
                    .isTrue();
        }
    }

    @Test
    void aQuotaBorrowsWhatItsCohortLeavesUnusedAndTheLenderTakesItsShareBack() {
        try (Fleet fleet = Fleet.ams(24, 2.0)) {
            team(fleet, "research", "a");
            team(fleet, "product", "b");
            fleet.hub.resource(quota("a", "ml", limit(8, 8))).create();
            fleet.hub.resource(quota("b", "ml", limit(8, null))).create();

            // a uses its 8 and borrows b's unused 8.
            create(fleet, job("research", "r1", 8, 0));
            awaitPhase(fleet, "research", "r1", WorkloadPhase.RUNNING);
            create(fleet, job("research", "r2", 8, 0));
            awaitPhase(fleet, "research", "r2", WorkloadPhase.RUNNING);
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> fleet.hub.resources(FleetQuota.class).withName("a").get(),
                            q ->
                                    q.getStatus() != null
                                            && q.getStatus().getUsed().size() == 1
                                            && Integer.valueOf(16)
                                                    .equals(
                                                            q.getStatus()
                                                                    .getUsed()
                                                                    .get(0)
                                                                    .getAccelerators())
                                            && Integer.valueOf(8)
                                                    .equals(
                                                            q.getStatus()
                                                                    .getUsed()
                                                                    .get(0)
                                                                    .getBorrowed()));

            // b still gets its own 8, although a borrowed them while b did not need them...
            create(fleet, job("product", "p1", 8, 0));
            awaitPhase(fleet, "product", "p1", WorkloadPhase.RUNNING);
            // ...and now that b uses them, there is nothing left to lend: a waits.
            create(fleet, job("research", "r3", 8, 0));
            TrainingJob r3 = awaitPhase(fleet, "research", "r3", WorkloadPhase.UNSCHEDULABLE);
            assertThat(r3.getStatus().getMessage()).contains("QuotaExceeded").contains("ml");
        }
    }

    @Test
    void aHighPriorityJobPreemptsALowPriorityOneWhichIsPlacedAgainWhenRoomReturns() {
        try (Fleet fleet = Fleet.ams(16, 2.0)) {
            create(fleet, job(Fleet.NAMESPACE, "batch", 16, 0));
            awaitPhase(fleet, Fleet.NAMESPACE, "batch", WorkloadPhase.RUNNING);
            await().atMost(Duration.ofSeconds(30)).until(() -> remoteJob(fleet, "batch") != null);

            TrainingJob urgent = job(Fleet.NAMESPACE, "urgent", 16, 100);
            urgent.getSpec()
                    .getPlacement()
                    .setPreemptionPolicy(PreemptionPolicy.PREEMPT_LOWER_PRIORITY);
            create(fleet, urgent);

            awaitPhase(fleet, Fleet.NAMESPACE, "urgent", WorkloadPhase.RUNNING);
            TrainingJob batch =
                    await().atMost(Duration.ofSeconds(30))
                            .until(
                                    () -> get(fleet, Fleet.NAMESPACE, "batch"),
                                    j ->
                                            j.getStatus().getRestarts() != null
                                                    && j.getStatus().getRestarts() == 1
                                                    && j.getStatus().getPlacement() == null);
            assertThat(batch.getStatus().getPhase())
                    .isIn(WorkloadPhase.PENDING, WorkloadPhase.UNSCHEDULABLE);
            var condition =
                    Conditions.find(batch.getStatus().getConditions(), WorkloadStatus.PREEMPTED)
                            .orElseThrow();
            assertThat(condition.isTrue()).isTrue();
            assertThat(condition.getMessage()).contains("urgent");
            // The victim's remote Job goes; the preemptor's comes.
            await().atMost(Duration.ofSeconds(30)).until(() -> remoteJob(fleet, "batch") == null);
            await().atMost(Duration.ofSeconds(30)).until(() -> remoteJob(fleet, "urgent") != null);
            // Events on both sides.
            Event preempted = event(fleet, "batch", "Preempted");
            assertThat(preempted.getType()).isEqualTo("Warning");
            assertThat(preempted.getMessage()).contains("urgent").contains("priority 100");
            assertThat(event(fleet, "urgent", "Preempting").getMessage()).contains("batch");
            // The pool is never over-booked.
            assertThat(held(fleet)).isLessThanOrEqualTo(16);

            // Room returns: the victim is placed again and dispatched again.
            fleet.hub.resource(get(fleet, Fleet.NAMESPACE, "urgent")).delete();
            TrainingJob again = awaitPhase(fleet, Fleet.NAMESPACE, "batch", WorkloadPhase.RUNNING);
            assertThat(Conditions.find(again.getStatus().getConditions(), WorkloadStatus.PREEMPTED))
                    .isEmpty();
            await().atMost(Duration.ofSeconds(30)).until(() -> remoteJob(fleet, "batch") != null);
        }
    }

    @Test
    void tierZeroIsFilledBeforeTierOne() {
        try (Fleet fleet = Fleet.amsParIad(8, 1.0, 8, 3.0, 8, 1.0)) {
            // ams is cheaper and nearer, but cloud: tier 1. par is own hardware: tier 0.
            fleet.mergePatch(GPUPool.class, "ams-h100", "{\"spec\":{\"tier\":1}}");
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () ->
                                    fleet.operator()
                                            .locus()
                                            .hub()
                                            .pool("ams-h100")
                                            .map(
                                                    p ->
                                                            Integer.valueOf(1)
                                                                    .equals(p.getSpec().getTier()))
                                            .orElse(false));
            TrainingJob first = job(Fleet.NAMESPACE, "first", 8, 0);
            first.getSpec().getData().setOrigin(Hub.originCluster("ams-1"));
            create(fleet, first);
            TrainingJob placed = awaitPhase(fleet, Fleet.NAMESPACE, "first", WorkloadPhase.RUNNING);
            assertThat(placed.getStatus().getPlacement().getAssignments().get(0).getPool())
                    .isEqualTo("par-h100");

            TrainingJob second = job(Fleet.NAMESPACE, "second", 8, 0);
            second.getSpec().getData().setOrigin(Hub.originCluster("ams-1"));
            create(fleet, second);
            TrainingJob spilled =
                    awaitPhase(fleet, Fleet.NAMESPACE, "second", WorkloadPhase.RUNNING);
            assertThat(spilled.getStatus().getPlacement().getAssignments().get(0).getPool())
                    .isEqualTo("ams-h100");
        }
    }

    @Test
    void badQuotasAreReportedOnThemselvesFailClosedAndStopNothingElse() {
        try (Fleet fleet = Fleet.ams(32, 2.0)) {
            team(fleet, "research", "a");
            team(fleet, "product", "b");
            team(fleet, "infra", "c");
            // Two quotas over research; a negative limit over product (the mock hub, like a
            // cluster with old CRDs, does not validate); a typo'd zone and a selector that
            // matches nothing.
            fleet.hub.resource(quota("a", null, limit(8, null))).create();
            FleetQuota overlapping = quota("a-too", null, limit(8, null));
            overlapping
                    .getSpec()
                    .setNamespaceSelector(
                            new LabelSelectorBuilder()
                                    .withMatchLabels(
                                            Map.of("kubernetes.io/metadata.name", "research"))
                                    .build());
            fleet.hub.resource(overlapping).create();
            fleet.hub
                    .genericKubernetesResources("locus.dev/v1alpha1", "FleetQuota")
                    .resource(
                            io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                                    """
                                    {"apiVersion": "locus.dev/v1alpha1", "kind": "FleetQuota",
                                     "metadata": {"name": "b"},
                                     "spec": {"namespaceSelector": {"matchLabels": {"team": "b"}},
                                              "limits": [{"accelerators": -8}]}}
                                    """,
                                    io.fabric8.kubernetes.api.model.GenericKubernetesResource
                                            .class))
                    .create();
            FleetQuota typo = quota("c", null, limit(8, null));
            typo.getSpec().getLimits().get(0).setZone("ue");
            fleet.hub.resource(typo).create();
            fleet.hub.resource(quota("nobody", null, limit(8, null))).create();

            create(fleet, job("research", "r1", 1, 0));
            create(fleet, job("product", "p1", 1, 0));
            create(fleet, job("infra", "i1", 1, 0));

            // Fail closed where the quota is in doubt; the rest is placed.
            TrainingJob r1 = awaitPhase(fleet, "research", "r1", WorkloadPhase.UNSCHEDULABLE);
            assertThat(r1.getStatus().getMessage()).contains("OverlappingQuota");
            awaitPhase(fleet, "product", "p1", WorkloadPhase.UNSCHEDULABLE);
            awaitPhase(fleet, "infra", "i1", WorkloadPhase.RUNNING);

            assertThat(awaitReady(fleet, "a", false).getReason()).isEqualTo("OverlappingQuota");
            assertThat(awaitReady(fleet, "a-too", false).getMessage()).contains("research");
            assertThat(awaitReady(fleet, "b", false).getReason()).isEqualTo("InvalidSpec");
            assertThat(
                            Conditions.find(
                                            fleet.hub
                                                    .resources(FleetQuota.class)
                                                    .withName("b")
                                                    .get()
                                                    .getStatus()
                                                    .getConditions(),
                                            Conditions.VALID)
                                    .orElseThrow()
                                    .getMessage())
                    .contains("accelerators");
            assertThat(awaitReady(fleet, "c", false).getReason())
                    .isEqualTo("UnknownSovereigntyZone");
            assertThat(awaitReady(fleet, "nobody", false).getReason())
                    .isEqualTo("NoMatchingNamespaces");
        }
    }

    private static dev.locus.api.v1alpha1.Condition awaitReady(
            Fleet fleet, String quota, boolean ready) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            FleetQuota q =
                                    fleet.hub.resources(FleetQuota.class).withName(quota).get();
                            return q == null || q.getStatus() == null
                                    ? null
                                    : Conditions.find(
                                                    q.getStatus().getConditions(),
                                                    FleetQuotaStatus.READY)
                                            .orElse(null);
                        },
                        c -> c != null && c.isTrue() == ready);
    }

    private static void team(Fleet fleet, String namespace, String team) {
        fleet.hub
                .namespaces()
                .resource(
                        new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(namespace)
                                .withLabels(Map.of("team", team))
                                .endMetadata()
                                .build())
                .create();
    }

    private static QuotaLimit limit(int accelerators, Integer borrowingLimit) {
        QuotaLimit limit = new QuotaLimit(null, List.of(), accelerators);
        limit.setBorrowingLimit(borrowingLimit);
        return limit;
    }

    private static FleetQuota quota(String team, String cohort, QuotaLimit limit) {
        FleetQuota q = new FleetQuota();
        q.setMetadata(new ObjectMetaBuilder().withName(team).build());
        q.getSpec()
                .setNamespaceSelector(
                        new LabelSelectorBuilder().withMatchLabels(Map.of("team", team)).build());
        q.getSpec().setCohort(cohort);
        q.getSpec().setLimits(List.of(limit));
        return q;
    }

    private static TrainingJob job(String namespace, String name, int gpus, int priority) {
        TrainingJob job = Hub.job(namespace, name, Classification.INTERNAL, "eu", 1, gpus);
        job.getSpec().setPriority(priority);
        job.getSpec().setPlacement(new PlacementSpec());
        return job;
    }

    private static void create(Fleet fleet, TrainingJob job) {
        fleet.hub.resource(job).create();
    }

    private static TrainingJob get(Fleet fleet, String namespace, String name) {
        return fleet.hub.resources(TrainingJob.class).inNamespace(namespace).withName(name).get();
    }

    private static TrainingJob awaitPhase(
            Fleet fleet, String namespace, String name, WorkloadPhase phase) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> get(fleet, namespace, name),
                        j ->
                                j != null
                                        && j.getStatus() != null
                                        && j.getStatus().getPhase() == phase);
    }

    private static Job remoteJob(Fleet fleet, String name) {
        return fleet.member("ams-1")
                .batch()
                .v1()
                .jobs()
                .inNamespace(Fleet.NAMESPACE)
                .withName(name)
                .get();
    }

    private static Event event(Fleet fleet, String object, String reason) {
        return await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                fleet
                                        .hub
                                        .v1()
                                        .events()
                                        .inNamespace(Fleet.NAMESPACE)
                                        .list()
                                        .getItems()
                                        .stream()
                                        .filter(e -> object.equals(e.getInvolvedObject().getName()))
                                        .filter(e -> reason.equals(e.getReason()))
                                        .findFirst()
                                        .orElse(null),
                        e -> e != null);
    }

    private static int held(Fleet fleet) {
        return fleet
                .hub
                .resources(TrainingJob.class)
                .inNamespace(Fleet.NAMESPACE)
                .list()
                .getItems()
                .stream()
                .filter(j -> j.getStatus() != null && j.getStatus().getPlacement() != null)
                .mapToInt(
                        j -> j.getStatus().getPlacement().getAssignments().get(0).getAccelerators())
                .sum();
    }
}
