package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Placed data follows the fleet's rules as they change: when a zone drops a country, or a cluster's
 * country changes, the workload leaves clusters that may no longer hold its data, for a compliant
 * pool or, when there is none, for nowhere; the copies it leaves behind are removed.
 */
class ZoneChangeIT {

    static Fleet fleet;

    @BeforeAll
    static void startFleet() {
        // iad-1 is the cheapest and roomiest pool, and never a home for eu's personal data.
        fleet = Fleet.amsParIad(16, 1.0, 16, 2.0, 64, 0.5);
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    static TrainingJob job() {
        return fleet.hub
                .resources(TrainingJob.class)
                .inNamespace(Fleet.NAMESPACE)
                .withName("records")
                .get();
    }

    static boolean remoteJobIn(String cluster) {
        return fleet.member(cluster)
                        .batch()
                        .v1()
                        .jobs()
                        .inNamespace(Fleet.NAMESPACE)
                        .withName("records")
                        .get()
                != null;
    }

    static String placedOn() {
        var placement = job().getStatus().getPlacement();
        return placement == null ? null : placement.getAssignments().get(0).getCluster();
    }

    static void jurisdictions(String... countries) {
        fleet.hub
                .resources(SovereigntyZone.class)
                .withName("eu")
                .edit(
                        z -> {
                            z.getSpec().setJurisdictions(List.of(countries));
                            return z;
                        });
        assertThat(fleet.hub.resources(SovereigntyZone.class).withName("eu").get())
                .extracting(z -> z.getSpec().getJurisdictions())
                .isEqualTo(List.of(countries));
    }

    @Test
    void placedDataLeavesClustersThatMayNoLongerHoldIt() {
        fleet.hub
                .resource(Hub.job(Fleet.NAMESPACE, "records", Classification.PERSONAL, "eu", 1, 8))
                .create();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                job().getStatus() != null
                                        && job().getStatus().getPhase() == WorkloadPhase.RUNNING
                                        && remoteJobIn("ams-1"));
        assertThat(placedOn()).isEqualTo("ams-1");

        // The zone drops the Netherlands: the job moves to par-1, its copy leaves ams-1.
        jurisdictions("FR");
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                "par-1".equals(placedOn())
                                        && job().getStatus().getPhase() == WorkloadPhase.RUNNING
                                        && remoteJobIn("par-1")
                                        && !remoteJobIn("ams-1"));
        TrainingJob moved = job();
        assertThat(moved.getStatus().getRestarts()).isEqualTo(1);
        assertThat(
                        Conditions.find(moved.getStatus().getConditions(), WorkloadStatus.PLACED)
                                .orElseThrow()
                                .getReason())
                .isEqualTo("OutsideSovereigntyZone");
        assertThat(moved.getStatus().getMessage()).contains("cluster ams-1 may no longer hold");

        // par-1 turns out to be in the US: no compliant pool is left, so the job is withdrawn
        // rather than kept, and never sent to the roomy US pool.
        fleet.mergePatch(Cluster.class, "par-1", "{\"spec\":{\"location\":{\"country\":\"US\"}}}");
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                job().getStatus().getPhase() == WorkloadPhase.UNSCHEDULABLE
                                        && !remoteJobIn("par-1"));
        TrainingJob withdrawn = job();
        assertThat(withdrawn.getStatus().getPlacement()).isNull();
        assertThat(
                        Conditions.find(
                                        withdrawn.getStatus().getConditions(),
                                        WorkloadStatus.DISPATCHED)
                                .orElseThrow())
                .satisfies(c -> assertThat(c.getReason()).isEqualTo("Withdrawn"))
                .satisfies(c -> assertThat(c.getMessage()).contains("par-1"));
        assertThat(
                        Conditions.find(
                                        withdrawn.getStatus().getConditions(),
                                        WorkloadStatus.PLACED)
                                .orElseThrow()
                                .getReason())
                .isEqualTo("NoFeasiblePool");
        assertThat(withdrawn.getStatus().getCandidates())
                .filteredOn(c -> c.getCluster().equals("iad-1"))
                .singleElement()
                .satisfies(c -> assertThat(c.getReason()).isEqualTo("OutsideSovereigntyZone"));
        assertThat(remoteJobIn("iad-1")).isFalse();
        assertThat(remoteJobIn("ams-1")).isFalse();

        // The Netherlands rejoins: the job is placed again, on ams-1.
        jurisdictions("NL", "FR");
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                "ams-1".equals(placedOn())
                                        && job().getStatus().getPhase() == WorkloadPhase.RUNNING
                                        && remoteJobIn("ams-1"));
        assertThat(remoteJobIn("iad-1")).isFalse();
        assertThat(remoteJobIn("par-1")).isFalse();
    }
}
