package dev.locus.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.api.v1alpha1.Capacity;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.GPUPoolStatus;
import dev.locus.api.v1alpha1.Location;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.inventory.Memberships;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cluster and zone status: pure aggregation of what the probes and pools report. */
class StatusAggregatorsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    static Cluster cluster(String name, String country, Boolean ready) {
        Cluster c = new Cluster();
        c.setMetadata(new ObjectMetaBuilder().withName(name).withGeneration(2L).build());
        if (country != null) {
            Location l = new Location();
            l.setCountry(country);
            c.getSpec().setLocation(l);
        }
        if (ready != null) {
            ClusterStatus s = new ClusterStatus();
            Conditions.set(
                    s.getConditions(),
                    ClusterStatus.READY,
                    ready,
                    ready ? "Reachable" : "Unreachable",
                    "",
                    2L,
                    NOW);
            c.setStatus(s);
        }
        return c;
    }

    static GPUPool pool(String name, String cluster, int allocatable, int available) {
        GPUPool p = new GPUPool();
        p.setMetadata(new ObjectMetaBuilder().withName(name).build());
        p.getSpec().setCluster(cluster);
        GPUPoolStatus s = new GPUPoolStatus();
        s.setCapacity(new Capacity(allocatable, allocatable, allocatable - available, available));
        p.setStatus(s);
        return p;
    }

    static SovereigntyZone zone(String... countries) {
        SovereigntyZone z = new SovereigntyZone();
        z.setMetadata(new ObjectMetaBuilder().withName("eu").withGeneration(1L).build());
        z.getSpec().setJurisdictions(List.of(countries));
        return z;
    }

    /** The clusters of the fleet that belong to the zone, by the engine's membership rule. */
    static List<Cluster> members(SovereigntyZone zone, List<Cluster> fleet) {
        var names = Memberships.of(List.of(zone), fleet).clustersOf(zone.getMetadata().getName());
        return fleet.stream().filter(c -> names.contains(c.getMetadata().getName())).toList();
    }

    /** The zones a cluster belongs to. */
    static List<String> zonesOf(Cluster cluster, List<SovereigntyZone> zones) {
        return Memberships.of(zones, List.of(cluster)).zonesOf(cluster.getMetadata().getName());
    }

    @Test
    void aZoneCountsItsClustersAndPoolsAndSumsTheirCapacity() {
        var status =
                ZoneStatusAggregator.desired(
                        zone("DE", "FR"),
                        members(
                                zone("DE", "FR"),
                                List.of(
                                        cluster("fra", "DE", true),
                                        cluster("par", "FR", false),
                                        cluster("iad", "US", true),
                                        cluster("nowhere", null, true))),
                        List.of(
                                pool("a", "fra", 16, 8),
                                pool("b", "par", 8, 8),
                                pool("c", "iad", 64, 64)),
                        NOW);
        assertThat(status.getClusters()).isEqualTo(2);
        assertThat(status.getPools()).isEqualTo(2);
        assertThat(status.getCapacity().getAllocatable()).isEqualTo(24);
        assertThat(status.getCapacity().getAvailable()).isEqualTo(16);
        var ready =
                Conditions.find(status.getConditions(), ZoneStatusAggregator.READY).orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("True");
        assertThat(ready.getMessage())
                .isEqualTo("16 allocatable accelerator(s) on 1 Ready cluster(s)");
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
    }

    @Test
    void aZoneWhoseClustersAreAllDownHasNoReachableCapacity() {
        var status =
                ZoneStatusAggregator.desired(
                        zone("DE"),
                        members(zone("DE"), List.of(cluster("fra", "DE", false))),
                        List.of(pool("a", "fra", 16, 16)),
                        NOW);
        var ready =
                Conditions.find(status.getConditions(), ZoneStatusAggregator.READY).orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("NoReachableCapacity");
    }

    @Test
    void aZoneWithoutClustersSaysSo() {
        var status =
                ZoneStatusAggregator.desired(
                        zone("JP"),
                        members(zone("JP"), List.of(cluster("fra", "DE", true))),
                        List.of(),
                        NOW);
        assertThat(status.getClusters()).isZero();
        assertThat(
                        Conditions.find(status.getConditions(), ZoneStatusAggregator.READY)
                                .orElseThrow()
                                .getReason())
                .isEqualTo("NoClusters");
    }

    @Test
    void aClusterStatusAfterAProbe() {
        Cluster fra = cluster("fra", "DE", null);
        var up =
                ClusterStatusAggregator.desired(
                        fra,
                        null,
                        zonesOf(fra, List.of(zone("DE", "FR"))),
                        List.of(
                                pool("a", "fra", 16, 8),
                                pool("b", "fra", 8, 8),
                                pool("c", "par", 64, 64)),
                        new ClusterStatusAggregator.Probe(true, "v1.31.0", "Probed", "ok"),
                        NOW);
        assertThat(up.getZones()).containsExactly("eu");
        assertThat(up.getCapacity().getAllocatable()).isEqualTo(24);
        assertThat(up.getKubernetesVersion()).isEqualTo("v1.31.0");
        assertThat(up.getLastProbeTime()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(Conditions.isTrue(up.getConditions(), ClusterStatus.READY)).isTrue();
        assertThat(Conditions.isTrue(up.getConditions(), ClusterStatus.REACHABLE)).isTrue();
        assertThat(up.getObservedGeneration()).isEqualTo(2L);

        var down =
                ClusterStatusAggregator.desired(
                        fra,
                        up,
                        List.of(),
                        List.of(),
                        new ClusterStatusAggregator.Probe(false, null, "Unreachable", "no answer"),
                        NOW.plusSeconds(30));
        var ready = Conditions.find(down.getConditions(), ClusterStatus.READY).orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("Unreachable");
        assertThat(ready.getLastTransitionTime()).isEqualTo("2026-11-23T10:00:30Z");
        // The version last seen is kept while the member does not answer.
        assertThat(down.getKubernetesVersion()).isEqualTo("v1.31.0");
    }
}
