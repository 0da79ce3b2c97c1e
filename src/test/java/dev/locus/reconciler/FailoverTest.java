package dev.locus.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.FailoverSpec;
import dev.locus.api.v1alpha1.PlacementStatus;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.TrainingJobStatus;
import dev.locus.api.v1alpha1.WorkloadPhase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which placed workloads fail over: not Ready for at least their toleration. */
class FailoverTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    static Cluster cluster(String name, Boolean ready, long secondsAgo) {
        Cluster c = new Cluster();
        c.setMetadata(new ObjectMetaBuilder().withName(name).build());
        if (ready != null) {
            ClusterStatus s = new ClusterStatus();
            Conditions.set(
                    s.getConditions(),
                    ClusterStatus.READY,
                    ready,
                    "x",
                    "",
                    1L,
                    NOW.minusSeconds(secondsAgo));
            c.setStatus(s);
        }
        return c;
    }

    static TrainingJob placedOn(String cluster, WorkloadPhase phase, Integer toleration) {
        TrainingJob job = new TrainingJob();
        job.setMetadata(
                new ObjectMetaBuilder().withName("j").withNamespace("ml").withUid("uid-1").build());
        if (toleration != null) {
            FailoverSpec f = new FailoverSpec();
            f.setTolerationSeconds(toleration);
            job.getSpec().setFailover(f);
        }
        TrainingJobStatus status = new TrainingJobStatus();
        status.setPhase(phase);
        PlacementStatus placement = new PlacementStatus();
        placement.setAssignments(List.of(new Assignment(cluster, "p", 1, 8, 0.0)));
        status.setPlacement(placement);
        job.setStatus(status);
        return job;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "Ready cluster, true, 1000, RUNNING, 300, false",
        "not Ready for less than the toleration, false, 299, RUNNING, 300, false",
        "not Ready for exactly the toleration, false, 300, RUNNING, 300, true",
        "the default toleration is 300 s, false, 301, PLACED, , true",
        "a finished workload does not move, false, 1000, SUCCEEDED, 300, false",
        "a cluster never probed is not lost, , 0, RUNNING, 0, false"
    })
    void movesAfterTheToleration(
            String name,
            Boolean ready,
            long downFor,
            WorkloadPhase phase,
            Integer toleration,
            boolean moves) {
        var lost =
                Failover.lostClusters(
                        List.of(placedOn("c", phase, toleration)),
                        List.of(cluster("c", ready, downFor)),
                        NOW);
        assertThat(lost.containsKey("uid-1")).isEqualTo(moves);
    }

    @org.junit.jupiter.api.Test
    void aDeletedClusterLosesItsWorkloadsAtOnce() {
        var lost =
                Failover.lostClusters(
                        List.of(placedOn("gone", WorkloadPhase.RUNNING, 300)), List.of(), NOW);
        assertThat(lost).containsEntry("uid-1", List.of("gone"));
    }
}
