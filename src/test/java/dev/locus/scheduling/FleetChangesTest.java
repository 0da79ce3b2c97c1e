package dev.locus.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.api.v1alpha1.Capacity;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.GPUPoolStatus;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.SovereigntyZoneStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which changes can change an answer: only those move the capacity epoch. */
class FleetChangesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static Cluster cluster(long generation, boolean ready, Instant since, String probe) {
        Cluster c = new Cluster();
        c.setMetadata(
                new ObjectMetaBuilder()
                        .withName("ams-1")
                        .withGeneration(generation)
                        .withLabels(Map.of("site", "ams"))
                        .build());
        ClusterStatus s = new ClusterStatus();
        Conditions.set(s.getConditions(), ClusterStatus.READY, ready, "r", "", generation, since);
        s.setLastProbeTime(probe);
        c.setStatus(s);
        return c;
    }

    static <T> T with(T object, UnaryOperator<T> change) {
        return change.apply(object);
    }

    static Stream<Arguments> clusterChanges() {
        Cluster base = cluster(1, true, T0, "2026-12-01T10:00:00Z");
        return Stream.of(
                Arguments.of(
                        "a new probe time",
                        base,
                        cluster(1, true, T0, "2026-12-01T10:00:30Z"),
                        false),
                Arguments.of(
                        "a spec change", base, cluster(2, true, T0, "2026-12-01T10:00:00Z"), true),
                Arguments.of(
                        "no longer Ready", base, cluster(1, false, T0.plusSeconds(5), "x"), true),
                Arguments.of(
                        "a label change",
                        base,
                        with(
                                cluster(1, true, T0, "2026-12-01T10:00:00Z"),
                                c -> {
                                    c.getMetadata()
                                            .setLabels(Map.of("site", "ams", "tier", "gold"));
                                    return c;
                                }),
                        true),
                Arguments.of("a new Cluster", null, base, true),
                Arguments.of("a deleted Cluster", base, null, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusterChanges")
    void aClusterChangeMovesTheEpochOnlyWhenAnAnswerMayChange(
            String name, Cluster before, Cluster after, boolean moves) {
        FleetChanges changes = new FleetChanges();
        assertThat(changes.clustersToRecheck(List.of(), Set.of()))
                .as("the first pass checks every placed workload")
                .isNull();
        long epoch = changes.epoch();
        assertThat(changes.clusterChanged(before, after)).isEqualTo(moves);
        assertThat(changes.epoch() != epoch).isEqualTo(moves);
        Set<String> recheck = changes.clustersToRecheck(List.of(), Set.of());
        assertThat(recheck.contains("ams-1")).isEqualTo(moves);
    }

    static GPUPool pool(long generation, Integer allocatable, Integer others) {
        GPUPool p = new GPUPool();
        p.setMetadata(new ObjectMetaBuilder().withName("p").withGeneration(generation).build());
        p.getSpec().setCapacity(8);
        if (allocatable != null) {
            GPUPoolStatus s = new GPUPoolStatus();
            Capacity c = new Capacity(allocatable, allocatable, 0, allocatable);
            c.setUsedByOthers(others);
            s.setCapacity(c);
            p.setStatus(s);
        }
        return p;
    }

    static Stream<Arguments> poolChanges() {
        return Stream.of(
                Arguments.of(
                        "Locus' own reservations moved", pool(1, 16, 0), pool(1, 16, 0), false),
                Arguments.of("another tenant took more", pool(1, 16, 0), pool(1, 16, 4), false),
                Arguments.of("another tenant released", pool(1, 16, 4), pool(1, 16, 0), true),
                Arguments.of("nodes were added", pool(1, 16, 0), pool(1, 24, 0), true),
                Arguments.of("its spec changed", pool(1, 16, 0), pool(2, 16, 0), true),
                Arguments.of("a new pool", null, pool(1, 16, 0), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poolChanges")
    void aPoolChangeMovesTheEpochOnlyWhenMoreMayFit(
            String name, GPUPool before, GPUPool after, boolean moves) {
        FleetChanges changes = new FleetChanges();
        long epoch = changes.epoch();
        assertThat(changes.poolChanged(before, after)).isEqualTo(moves);
        assertThat(changes.epoch() != epoch).isEqualTo(moves);
    }

    static SovereigntyZone zone(long generation, int placed) {
        SovereigntyZone z = new SovereigntyZone();
        z.setMetadata(new ObjectMetaBuilder().withName("eu").withGeneration(generation).build());
        z.getSpec().setJurisdictions(List.of("NL", "FR"));
        SovereigntyZoneStatus s = new SovereigntyZoneStatus();
        s.setPools(placed);
        z.setStatus(s);
        return z;
    }

    static Stream<Arguments> zoneChanges() {
        return Stream.of(
                Arguments.of(
                        "its status (counts the operator writes)", zone(1, 3), zone(1, 4), false),
                Arguments.of("its spec", zone(1, 3), zone(2, 3), true),
                Arguments.of(
                        "its labels",
                        zone(1, 3),
                        with(
                                zone(1, 3),
                                z -> {
                                    z.getMetadata().setLabels(Map.of("law", "gdpr"));
                                    return z;
                                }),
                        true),
                Arguments.of(
                        "it can no longer be read",
                        zone(1, 3),
                        with(
                                zone(1, 3),
                                z -> {
                                    z.problems(List.of("spec.countries: cannot be read"));
                                    return z;
                                }),
                        true),
                Arguments.of("a new zone", null, zone(1, 0), true),
                Arguments.of("a deleted zone", zone(1, 0), null, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zoneChanges")
    void aZoneChangeRechecksEveryPlacedWorkloadOnlyWhenAnAnswerMayChange(
            String name, SovereigntyZone before, SovereigntyZone after, boolean moves) {
        FleetChanges changes = new FleetChanges();
        assertThat(changes.clustersToRecheck(List.of(), Set.of())).isNull();
        long epoch = changes.epoch();
        assertThat(changes.zoneChanged(before, after)).isEqualTo(moves);
        assertThat(changes.epoch() != epoch).isEqualTo(moves);
        // null: every placed workload is checked again
        assertThat(changes.clustersToRecheck(List.of(), Set.of()) == null).isEqualTo(moves);
    }
}
