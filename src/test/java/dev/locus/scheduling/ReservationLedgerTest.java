package dev.locus.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.PlacementStatus;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.TrainingJobStatus;
import dev.locus.api.v1alpha1.WorkloadPhase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What each workload holds, from status and from writes the cache does not show yet. */
class ReservationLedgerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    /** A TrainingJob with uid {@code uid} in the given phase, holding 8 on each named pool. */
    static TrainingJob job(String uid, WorkloadPhase phase, String decidedAt, String... pools) {
        TrainingJob job = new TrainingJob();
        job.setMetadata(
                new ObjectMetaBuilder().withName(uid).withNamespace("ml").withUid(uid).build());
        if (phase != null) {
            TrainingJobStatus status = new TrainingJobStatus();
            status.setPhase(phase);
            if (pools.length > 0) {
                PlacementStatus placement = new PlacementStatus();
                placement.setDecidedAt(decidedAt);
                placement.setAssignments(assignments(pools));
                status.setPlacement(placement);
            }
            job.setStatus(status);
        }
        return job;
    }

    static List<Assignment> assignments(String... pools) {
        List<Assignment> out = new ArrayList<>();
        for (String pool : pools) {
            out.add(new Assignment("c-" + pool, pool, 1, 8, 0.0));
        }
        return out;
    }

    static TrainingJob deleting(TrainingJob job) {
        job.getMetadata().setDeletionTimestamp("2026-12-01T09:00:00Z");
        return job;
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of("pending holds nothing", job("a", null, null), Map.of()),
                Arguments.of(
                        "placed holds its pool",
                        job("a", WorkloadPhase.PLACED, "t1", "p"),
                        Map.of("p", 8)),
                Arguments.of(
                        "running holds both its pools",
                        job("a", WorkloadPhase.RUNNING, "t1", "p", "q"),
                        Map.of("p", 8, "q", 8)),
                Arguments.of(
                        "two assignments on one pool add up",
                        job("a", WorkloadPhase.RUNNING, "t1", "p", "p"),
                        Map.of("p", 16)),
                Arguments.of(
                        "succeeded releases",
                        job("a", WorkloadPhase.SUCCEEDED, "t1", "p"),
                        Map.of()),
                Arguments.of(
                        "failed releases", job("a", WorkloadPhase.FAILED, "t1", "p"), Map.of()),
                Arguments.of(
                        "unschedulable holds nothing",
                        job("a", WorkloadPhase.UNSCHEDULABLE, null),
                        Map.of()),
                Arguments.of(
                        "being deleted releases",
                        deleting(job("a", WorkloadPhase.RUNNING, "t1", "p")),
                        Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void holdsFollowTheStatus(String name, TrainingJob job, Map<String, Integer> held) {
        ReservationLedger ledger = new ReservationLedger();
        ledger.observed(null, job);
        assertThat(ledger.heldPerPool()).isEqualTo(held);
    }

    @Test
    void aWorkloadThatChangesMovesItsHoldAndADeletedOneReleasesIt() {
        ReservationLedger ledger = new ReservationLedger();
        TrainingJob a = job("a", WorkloadPhase.RUNNING, "t1", "p");
        TrainingJob b = job("b", WorkloadPhase.RUNNING, "t1", "p");
        ledger.observed(null, a);
        ledger.observed(null, b);
        assertThat(ledger.held("p")).isEqualTo(16);
        assertThat(ledger.holders("p")).containsExactlyInAnyOrder("a", "b");

        TrainingJob moved = job("a", WorkloadPhase.PLACED, "t2", "q");
        ledger.observed(a, moved);
        assertThat(ledger.heldPerPool()).isEqualTo(Map.of("p", 8, "q", 8));

        ledger.observed(b, null);
        assertThat(ledger.heldPerPool()).isEqualTo(Map.of("q", 8));
        assertThat(ledger.holders("p")).isEmpty();
    }

    @Test
    void aWrittenPlacementCountsUntilTheCacheShowsIt() {
        ReservationLedger ledger = new ReservationLedger();
        TrainingJob pending = job("a", null, null);
        ledger.observed(null, pending);
        ledger.wrote("a", "t1", assignments("p"), NOW);
        assertThat(ledger.held("p")).isEqualTo(8);
        assertThat(ledger.inFlight("a")).isTrue();

        // The cache catches up with something else first (a label change): still in flight.
        ledger.observed(pending, job("a", null, null));
        assertThat(ledger.inFlight("a")).isTrue();
        assertThat(ledger.held("p")).isEqualTo(8);

        // Then it shows the placement: the status is what counts now, not twice.
        ledger.observed(pending, job("a", WorkloadPhase.PLACED, "t1", "p"));
        assertThat(ledger.inFlight("a")).isFalse();
        assertThat(ledger.held("p")).isEqualTo(8);
    }

    @Test
    void aWriteOfAnotherDecisionIsNotTakenForTheOneShown() {
        ReservationLedger ledger = new ReservationLedger();
        ledger.observed(null, job("a", WorkloadPhase.RUNNING, "t1", "p"));
        // A failover writes a new placement; the cache still shows the old one.
        ledger.wrote("a", "t2", assignments("q"), NOW);
        ledger.observed(null, job("a", WorkloadPhase.RUNNING, "t1", "p"));
        assertThat(ledger.inFlight("a")).isTrue();
        assertThat(ledger.heldPerPool()).isEqualTo(Map.of("p", 8, "q", 8));
    }

    @Test
    void aMoveHoldsTheOldPlacementUntilTheCacheShowsTheNewOne() {
        // Found by the soak: the accelerators a move left were handed to another workload while
        // the move was being written, so the hub showed the pool over-booked until it landed, and
        // for good when it failed.
        ReservationLedger ledger = new ReservationLedger();
        List<String> released = new ArrayList<>();
        ledger.onRelease(released::add);
        TrainingJob before = job("a", WorkloadPhase.RUNNING, "t1", "p", "r");
        ledger.observed(null, before);
        ledger.wrote("a", "t2", assignments("q", "r"), NOW);
        assertThat(ledger.heldPerPool()).isEqualTo(Map.of("p", 8, "q", 8, "r", 8));
        assertThat(released).isEmpty();

        // Shown: the old pool is released.
        ledger.observed(before, job("a", WorkloadPhase.PLACED, "t2", "q", "r"));
        assertThat(ledger.heldPerPool()).isEqualTo(Map.of("q", 8, "r", 8));
        assertThat(released).containsExactly("p");

        // A move whose write fails keeps what the hub shows.
        ledger.wrote("a", "t3", assignments("p"), NOW);
        ledger.forget("a");
        assertThat(ledger.heldPerPool()).isEqualTo(Map.of("q", 8, "r", 8));
    }

    @Test
    void aFailedWriteIsForgottenAndAnUnseenOneExpires() {
        ReservationLedger ledger = new ReservationLedger();
        ledger.wrote("a", "t1", assignments("p"), NOW);
        ledger.wrote("b", "t1", assignments("p"), NOW.plusSeconds(60));
        ledger.forget("a");
        assertThat(ledger.held("p")).isEqualTo(8);

        ledger.expire(NOW.plus(ReservationLedger.TTL).plusSeconds(30));
        assertThat(ledger.held("p")).isEqualTo(8);
        ledger.expire(NOW.plus(ReservationLedger.TTL).plusSeconds(61));
        assertThat(ledger.held("p")).isZero();
        assertThat(ledger.inFlight("b")).isFalse();
    }

    @Test
    void listenersHearOfEveryPoolWhoseHoldsChanged() {
        ReservationLedger ledger = new ReservationLedger();
        List<String> heard = new ArrayList<>();
        ledger.onPoolChange(heard::add);
        TrainingJob a = job("a", WorkloadPhase.RUNNING, "t1", "p");
        ledger.observed(null, a);
        ledger.observed(a, a); // nothing changed: nobody is told
        ledger.observed(a, job("a", WorkloadPhase.RUNNING, "t2", "q"));
        assertThat(heard).containsExactlyInAnyOrder("p", "p", "q");
    }

    @Test
    void nonsenseAssignmentsHoldNothing() {
        ReservationLedger ledger = new ReservationLedger();
        TrainingJob job = job("a", WorkloadPhase.RUNNING, "t1", "p");
        job.getStatus()
                .getPlacement()
                .setAssignments(
                        List.of(
                                new Assignment("c", "p", 1, -3, 0.0),
                                new Assignment("c", null, 1, 8, 0.0),
                                new Assignment("c", "q", 1, null, 0.0)));
        ledger.observed(null, job);
        assertThat(ledger.heldPerPool()).isEmpty();
    }
}
