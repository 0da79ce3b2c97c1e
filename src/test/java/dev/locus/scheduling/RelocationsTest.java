package dev.locus.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.DataSpec;
import dev.locus.api.v1alpha1.FailoverSpec;
import dev.locus.api.v1alpha1.Location;
import dev.locus.api.v1alpha1.PlacementStatus;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.TrainingJobStatus;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.inventory.InventoryMapper;
import dev.locus.placement.Sovereignty;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which placed workloads move: off clusters not Ready for at least their toleration, and off
 * clusters that may no longer hold their data.
 */
class RelocationsTest {

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
                Relocations.lostClusters(
                        List.of(placedOn("c", phase, toleration)),
                        List.of(cluster("c", ready, downFor)),
                        NOW);
        assertThat(lost.containsKey("uid-1")).isEqualTo(moves);
    }

    /** The zone eu (NL, FR) over ams-1 in {@code amsCountry}, par-1 (FR) and iad-1 (US). */
    static Sovereignty rules(String amsCountry) {
        SovereigntyZone eu = new SovereigntyZone();
        eu.setMetadata(new ObjectMetaBuilder().withName("eu").build());
        eu.getSpec().setJurisdictions(List.of("NL", "FR"));
        List<Cluster> clusters =
                List.of(
                        located("ams-1", amsCountry),
                        located("par-1", "FR"),
                        located("iad-1", "US"));
        var fleet = InventoryMapper.snapshot(List.of(eu), clusters, List.of(), c -> true, p -> 0);
        return new Sovereignty(fleet.zones(), fleet.sites());
    }

    static Cluster located(String name, String country) {
        Cluster c = cluster(name, true, 0);
        Location location = new Location();
        location.setCountry(country);
        c.getSpec().setLocation(location);
        return c;
    }

    static TrainingJob holding(Classification classification, String zone, String... clusters) {
        TrainingJob job = placedOn(clusters[0], WorkloadPhase.RUNNING, null);
        DataSpec data = new DataSpec();
        data.setClassification(classification);
        data.setZone(zone);
        job.getSpec().setData(data);
        job.getStatus()
                .getPlacement()
                .setAssignments(
                        java.util.Arrays.stream(clusters)
                                .map(c -> new Assignment(c, c + "-h100", 1, 8, 0.0))
                                .toList());
        return job;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "still in its zone, PERSONAL, eu, NL, 'ams-1', ''",
        "the cluster's country left the zone, PERSONAL, eu, US, 'ams-1', 'ams-1'",
        "only the cluster that left must go, PERSONAL, eu, DE, 'ams-1,par-1', 'ams-1'",
        "a cluster without a country holds no restricted data, PERSONAL, eu, '', 'ams-1', 'ams-1'",
        "public data may stay anywhere, PUBLIC, , US, 'ams-1,iad-1', ''",
        "a zone that no longer exists, PERSONAL, gone, NL, 'ams-1', 'ams-1'",
        "a cluster no longer in the fleet, PERSONAL, eu, NL, 'ams-1,lux-1', 'lux-1'",
    })
    void placedDataLeavesClustersThatMayNoLongerHoldIt(
            String name,
            Classification classification,
            String zone,
            String amsCountry,
            String placedOn,
            String outside) {
        var moves =
                Relocations.outsideZone(
                        List.of(holding(classification, zone, placedOn.split(","))),
                        rules(amsCountry));
        if (outside.isEmpty()) {
            assertThat(moves).isEmpty();
        } else {
            assertThat(moves).containsEntry("uid-1", List.of(outside.split(",")));
        }
    }

    @org.junit.jupiter.api.Test
    void outsideTheZoneOverridesALostClusterSoTheDataLeavesEvenWithNowhereToGo() {
        // ams-1 is both down past its toleration and now in the US.
        var moves =
                Relocations.moves(
                        List.of(holding(Classification.PERSONAL, "eu", "ams-1")),
                        List.of(cluster("ams-1", false, 1000)),
                        rules("US"),
                        NOW);
        assertThat(moves).containsEntry("uid-1", new Relocations.Move(List.of("ams-1"), true));

        var lostOnly =
                Relocations.moves(
                        List.of(holding(Classification.PERSONAL, "eu", "ams-1")),
                        List.of(cluster("ams-1", false, 1000)),
                        rules("NL"),
                        NOW);
        assertThat(lostOnly).containsEntry("uid-1", new Relocations.Move(List.of("ams-1"), false));
    }

    @org.junit.jupiter.api.Test
    void aDeletedClusterLosesItsWorkloadsAtOnce() {
        var lost =
                Relocations.lostClusters(
                        List.of(placedOn("gone", WorkloadPhase.RUNNING, 300)), List.of(), NOW);
        assertThat(lost).containsEntry("uid-1", List.of("gone"));
    }
}
