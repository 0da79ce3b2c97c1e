package dev.locus.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.api.v1alpha1.Condition;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.InferenceEndpointStatus;
import dev.locus.api.v1alpha1.TrainingJobStatus;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.placement.Assignment;
import dev.locus.placement.Candidate;
import dev.locus.placement.Decision;
import dev.locus.placement.Reason;
import dev.locus.placement.Workload;
import dev.locus.placement.WorkloadRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How decisions, moves and dispatch reports change a workload's status. */
class DecisionStatusTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00.750Z");
    private static final Workload W =
            Workload.builder(WorkloadRef.Kind.TRAINING_JOB, "ml", "llm").build();

    static Decision placed(String cluster, String pool, int accelerators) {
        return new Decision(
                W,
                true,
                null,
                "eu",
                List.of(new Assignment(cluster, pool, 1, accelerators, 1.234)),
                "personal data governed by eu",
                "Placed " + accelerators + " on " + pool,
                List.of());
    }

    static Decision unschedulable(int candidates) {
        List<Candidate> list = new ArrayList<>();
        IntStream.range(0, candidates)
                .forEach(
                        i ->
                                list.add(
                                        new Candidate(
                                                "p" + i,
                                                "c" + i,
                                                Reason.INSUFFICIENT_CAPACITY,
                                                "needs 8, 0 free")));
        return new Decision(
                W, false, Reason.NO_FEASIBLE_POOL, "eu", List.of(), null, "0/3 pools fit", list);
    }

    static Condition condition(WorkloadStatus status, String type) {
        return Conditions.find(status.getConditions(), type).orElseThrow();
    }

    @Test
    void aPlacedDecisionRecordsWhereWhenAndWhy() {
        WorkloadStatus s =
                DecisionStatus.apply(new TrainingJobStatus(), placed("fra", "fra-h100", 8), 3, NOW);
        assertThat(s.getPhase()).isEqualTo(WorkloadPhase.PLACED);
        assertThat(s.getObservedGeneration()).isEqualTo(3L);
        assertThat(s.getPlacement().getZone()).isEqualTo("eu");
        assertThat(s.getPlacement().getDecidedAt()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(s.getPlacement().getPolicy()).isEqualTo("personal data governed by eu");
        assertThat(s.getPlacement().getAssignments())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.getCluster()).isEqualTo("fra");
                            assertThat(a.getPool()).isEqualTo("fra-h100");
                            assertThat(a.getAccelerators()).isEqualTo(8);
                            assertThat(a.getLatencyMs()).isEqualTo(1.234);
                        });
        assertThat(s.getCandidates()).isNull();
        assertThat(condition(s, WorkloadStatus.PLACED).getStatus()).isEqualTo("True");
        assertThat(condition(s, WorkloadStatus.PLACED).getReason()).isEqualTo("Placed");
    }

    static Stream<Arguments> candidateCounts() {
        return Stream.of(
                Arguments.of(0, 0),
                Arguments.of(3, 3),
                Arguments.of(
                        DecisionStatus.CANDIDATES_IN_STATUS, DecisionStatus.CANDIDATES_IN_STATUS),
                Arguments.of(50, DecisionStatus.CANDIDATES_IN_STATUS));
    }

    @ParameterizedTest(name = "{0} candidates keep {1} in status")
    @MethodSource("candidateCounts")
    void anUnschedulableDecisionKeepsAtMostTheCandidateLimit(int given, int kept) {
        TrainingJobStatus before = new TrainingJobStatus();
        DecisionStatus.apply(before, placed("fra", "fra-h100", 8), 1, NOW);
        WorkloadStatus s = DecisionStatus.apply(before, unschedulable(given), 2, NOW);
        assertThat(s.getPhase()).isEqualTo(WorkloadPhase.UNSCHEDULABLE);
        assertThat(s.getPlacement()).isNull();
        assertThat(s.getCandidates()).hasSize(kept);
        assertThat(s.getMessage()).isEqualTo("0/3 pools fit");
        assertThat(condition(s, WorkloadStatus.PLACED).getStatus()).isEqualTo("False");
        assertThat(condition(s, WorkloadStatus.PLACED).getReason()).isEqualTo("NoFeasiblePool");
    }

    @Test
    void theSameDecisionTwiceLeavesTheTransitionTimeAlone() {
        WorkloadStatus first =
                DecisionStatus.apply(new TrainingJobStatus(), unschedulable(1), 1, NOW);
        WorkloadStatus again =
                DecisionStatus.apply(first, unschedulable(1), 1, NOW.plusSeconds(300));
        assertThat(condition(again, WorkloadStatus.PLACED).getLastTransitionTime())
                .isEqualTo("2026-12-01T10:00:00Z");
    }

    @Test
    void aMoveCountsARestartAndSaysWhy() {
        WorkloadStatus s =
                DecisionStatus.apply(new TrainingJobStatus(), placed("ams", "ams-h100", 8), 1, NOW);
        var move = new Relocations.Move(List.of("ams"), false);
        WorkloadStatus moved =
                DecisionStatus.moved(s, placed("par", "par-h100", 8), move, 1, NOW.plusSeconds(60));
        assertThat(moved.getRestarts()).isEqualTo(1);
        assertThat(moved.getPlacement().getAssignments().get(0).getCluster()).isEqualTo("par");
        assertThat(moved.getMessage()).startsWith("moved: cluster ams not Ready past");
        assertThat(condition(moved, WorkloadStatus.PLACED).getReason()).isEqualTo("FailedOver");
        assertThat(condition(moved, WorkloadStatus.DISPATCHED).getReason())
                .isEqualTo("FailingOver");
        WorkloadStatus outside =
                DecisionStatus.moved(
                        moved,
                        placed("fra", "fra-h100", 8),
                        new Relocations.Move(List.of("par"), true),
                        1,
                        NOW);
        assertThat(outside.getRestarts()).isEqualTo(2);
        assertThat(condition(outside, WorkloadStatus.PLACED).getReason())
                .isEqualTo("OutsideSovereigntyZone");
    }

    @Test
    void dataThatMayNotStayIsWithdrawnAndAFailoverWithoutRoomStays() {
        WorkloadStatus s =
                DecisionStatus.apply(new TrainingJobStatus(), placed("ams", "ams-h100", 8), 1, NOW);
        WorkloadStatus withdrawn =
                DecisionStatus.withdrawn(
                        placedOnAms(),
                        unschedulable(2),
                        new Relocations.Move(List.of("ams"), true),
                        1,
                        NOW);
        assertThat(withdrawn.getPhase()).isEqualTo(WorkloadPhase.UNSCHEDULABLE);
        assertThat(withdrawn.getPlacement()).isNull();
        assertThat(withdrawn.getMessage()).startsWith("withdrawn: cluster ams may no longer hold");
        assertThat(condition(withdrawn, WorkloadStatus.DISPATCHED).getReason())
                .isEqualTo("Withdrawn");

        WorkloadStatus pending =
                DecisionStatus.failoverPending(
                        placedOnAms(),
                        unschedulable(2),
                        new Relocations.Move(List.of("ams"), false));
        assertThat(pending.getPhase()).isEqualTo(WorkloadPhase.PLACED);
        assertThat(pending.getPlacement().getAssignments().get(0).getCluster()).isEqualTo("ams");
        assertThat(pending.getMessage()).startsWith("failover pending (cluster ams not Ready");
    }

    /** A status placed on ams-1, fresh for each step. */
    private static WorkloadStatus placedOnAms() {
        return DecisionStatus.apply(new TrainingJobStatus(), placed("ams", "ams-h100", 8), 1, NOW);
    }

    static Stream<Arguments> reports() {
        DispatchReport ok = DispatchReport.dispatched("t", "fra");
        return Stream.of(
                Arguments.of("dispatched: Running", ok, WorkloadPhase.RUNNING, "True", null),
                Arguments.of(
                        "not dispatched stays Placed",
                        DispatchReport.notDispatched("t", "ClusterUnavailable", "cannot reach"),
                        WorkloadPhase.PLACED,
                        "False",
                        null),
                Arguments.of(
                        "completed",
                        ok.withProgress(
                                WorkloadPhase.SUCCEEDED, "the Job completed in cluster fra"),
                        WorkloadPhase.SUCCEEDED,
                        "True",
                        WorkloadStatus.COMPLETE),
                Arguments.of(
                        "failed",
                        ok.withProgress(WorkloadPhase.FAILED, "BackoffLimitExceeded: too many"),
                        WorkloadPhase.FAILED,
                        "True",
                        WorkloadStatus.FAILED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reports")
    void dispatchReportsMoveThePhaseOn(
            String name,
            DispatchReport report,
            WorkloadPhase phase,
            String dispatched,
            String finalCondition) {
        WorkloadStatus s =
                DecisionStatus.apply(new TrainingJobStatus(), placed("fra", "fra-h100", 8), 1, NOW);
        WorkloadStatus next = DecisionStatus.dispatched(s, report, 4, NOW);
        assertThat(next.getPhase()).isEqualTo(phase);
        assertThat(condition(next, WorkloadStatus.DISPATCHED).getStatus()).isEqualTo(dispatched);
        assertThat(next.getObservedGeneration()).isEqualTo(4L);
        if (finalCondition != null) {
            assertThat(condition(next, finalCondition).getStatus()).isEqualTo("True");
            assertThat(next.getMessage()).isEqualTo(report.progressMessage());
        } else {
            assertThat(Conditions.find(next.getConditions(), WorkloadStatus.COMPLETE)).isEmpty();
        }
        // Reported twice, the condition is there once (never two Dispatched conditions).
        WorkloadStatus twice = DecisionStatus.dispatched(next, report, 4, NOW);
        assertThat(twice.getConditions())
                .filteredOn(c -> c.getType().equals(WorkloadStatus.DISPATCHED))
                .hasSize(1);
    }

    @Test
    void anEndpointReportCarriesReadyReplicas() {
        InferenceEndpointStatus s = new InferenceEndpointStatus();
        DecisionStatus.apply(s, placed("fra", "fra-l40s", 2), 1, NOW);
        DecisionStatus.dispatched(
                s, DispatchReport.dispatched("t", "fra").withReadyReplicas(2), 1, NOW);
        assertThat(s.getReadyReplicas()).isEqualTo(2);
    }

    @Test
    void aPreemptedWorkloadGoesBackToPendingNamingItsPreemptor() {
        WorkloadStatus s =
                DecisionStatus.apply(new TrainingJobStatus(), placed("fra", "fra-h100", 8), 3, NOW);
        s.setPhase(WorkloadPhase.RUNNING);

        DecisionStatus.preempted(s, "TrainingJob ml/urgent (priority 100)", 3, NOW);

        assertThat(s.getPhase()).isEqualTo(WorkloadPhase.PENDING);
        assertThat(s.getPlacement()).isNull();
        assertThat(s.getRestarts()).isEqualTo(1);
        assertThat(condition(s, WorkloadStatus.PREEMPTED).isTrue()).isTrue();
        assertThat(condition(s, WorkloadStatus.PREEMPTED).getMessage())
                .contains("TrainingJob ml/urgent (priority 100)");
        assertThat(condition(s, WorkloadStatus.PLACED).getReason()).isEqualTo("Preempted");
        assertThat(condition(s, WorkloadStatus.DISPATCHED).getMessage()).contains("fra");

        // Placed again: the preemption is history.
        DecisionStatus.apply(s, placed("par", "par-h100", 8), 3, NOW.plusSeconds(60));
        assertThat(Conditions.find(s.getConditions(), WorkloadStatus.PREEMPTED)).isEmpty();
        assertThat(s.getRestarts()).isEqualTo(1);
    }

    @Test
    void aDeferredDecisionWaitsForItsHourHoldingNothing() {
        var deferral =
                new dev.locus.placement.DeferredStart(
                        Instant.parse("2026-12-01T22:00:00Z"),
                        "osl-1",
                        "osl-h100",
                        dev.locus.placement.Objective.CARBON,
                        310,
                        40,
                        310.0,
                        40.0);
        Decision d =
                new Decision(
                        W,
                        false,
                        Reason.DEFERRED,
                        "eu",
                        List.of(),
                        null,
                        "waiting for 22:00Z on osl-1: 40 g/kWh vs 310 now",
                        List.of(),
                        List.of(),
                        null,
                        deferral);

        WorkloadStatus s = DecisionStatus.apply(new TrainingJobStatus(), d, 2, NOW);

        assertThat(s.getPhase()).isEqualTo(WorkloadPhase.DEFERRED);
        assertThat(s.getStartAfter()).isEqualTo("2026-12-01T22:00:00Z");
        assertThat(s.getPlacement()).isNull();
        assertThat(s.getDeferral().getCluster()).isEqualTo("osl-1");
        assertThat(s.getDeferral().getDeferredAt()).isEqualTo(NOW.toString());
        assertThat(condition(s, WorkloadStatus.PLACED).getReason()).isEqualTo("Deferred");

        // Deferred again later: the first deferral's values stay (what waiting avoided is
        // measured against starting at once).
        DecisionStatus.apply(s, d, 2, NOW.plusSeconds(3600));
        assertThat(s.getDeferral().getDeferredAt()).isEqualTo(NOW.toString());
        // Placed at its hour: no startAfter any more; the placement records its energy.
        Decision placedWithEnergy =
                new Decision(
                        W,
                        true,
                        null,
                        "eu",
                        List.of(new Assignment("osl-1", "osl-h100", 1, 8, 1.0)),
                        "policy",
                        "Placed 8",
                        List.of(),
                        List.of(),
                        new dev.locus.placement.PlacementEnergy(
                                Instant.parse("2026-12-01T22:00:00Z"), 40.0, 0.9, 0.05, 700),
                        null);
        DecisionStatus.apply(s, placedWithEnergy, 2, NOW.plusSeconds(43200));
        assertThat(s.getStartAfter()).isNull();
        assertThat(s.getPlacement().getEnergy().getCarbonIntensityGramsPerKwh()).isEqualTo(40.0);
    }

    @Test
    void aFinishedRunRecordsItsEnergyOnce() {
        WorkloadStatus s =
                DecisionStatus.apply(new TrainingJobStatus(), placed("fra", "fra-h100", 8), 3, NOW);
        var report =
                DispatchReport.dispatched(s.getPlacement().getDecidedAt(), "fra")
                        .withProgress(WorkloadPhase.SUCCEEDED, "done")
                        .withRunTime(java.time.Duration.ofHours(2));

        DecisionStatus.dispatched(s, report, 3, NOW);

        // 8 x 2 h x 700 W (no watts recorded: the default).
        assertThat(s.getEnergy().getAcceleratorHours()).isEqualTo(16.0);
        assertThat(s.getEnergy().getKilowattHours())
                .isCloseTo(11.2, org.assertj.core.data.Offset.offset(1e-9));
        var again = report.withRunTime(java.time.Duration.ofHours(5));
        DecisionStatus.dispatched(s, again, 3, NOW.plusSeconds(60));
        assertThat(s.getEnergy().getAcceleratorHours()).isEqualTo(16.0);
    }
}
