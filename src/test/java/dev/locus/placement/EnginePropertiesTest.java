package dev.locus.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of the engine over random fleets and workloads. */
class EnginePropertiesTest {

    private static final List<String> COUNTRIES = List.of("AA", "BB", "CC", "DD");
    private static final List<String> MODELS = List.of("H100", "H200", "L40S");
    private static final List<String> FEATURES = List.of("ib", "nvlink");

    record Scenario(Snapshot snapshot, List<Workload> workloads) {}

    @Property(tries = 300)
    void restrictedDataNeverLeavesItsZoneOrAllowedTransfers(@ForAll("scenarios") Scenario s) {
        Map<String, Zone> zones = new HashMap<>();
        s.snapshot().zones().forEach(z -> zones.putIfAbsent(z.name(), z));
        Map<String, Site> sites = new HashMap<>();
        s.snapshot().sites().forEach(site -> sites.putIfAbsent(site.name(), site));
        for (Decision d : engine(s.snapshot()).decideAll(s.workloads())) {
            Workload w = d.workload();
            if (w.zone() != null && !zones.containsKey(w.zone())) {
                assertThat(d.placed()).as("unknown zone %s", w.zone()).isFalse();
                continue;
            }
            if (!d.placed()) {
                continue;
            }
            if (w.zone() == null) {
                assertThat(w.classification())
                        .as("restricted data placed without a zone")
                        .isEqualTo(DataClass.PUBLIC);
                continue;
            }
            Zone zone = zones.get(w.zone());
            if (!zone.restricted().contains(w.classification())) {
                continue;
            }
            Set<String> allowedCountries = new HashSet<>(zone.jurisdictions());
            for (String t : zone.transfersAllowedTo()) {
                if (zones.containsKey(t)) {
                    allowedCountries.addAll(zones.get(t).jurisdictions());
                }
            }
            for (Assignment a : d.assignments()) {
                String country = sites.get(a.cluster()).country();
                assertThat(country).as("%s placed on %s", w.ref(), a.cluster()).isNotNull();
                assertThat(allowedCountries)
                        .as("%s placed on %s", w.ref(), a.cluster())
                        .contains(country);
            }
        }
    }

    @Property(tries = 300)
    void noPoolEverExceedsItsFreeCapacity(@ForAll("scenarios") Scenario s) {
        Map<String, Integer> free = new HashMap<>();
        s.snapshot().pools().forEach(p -> free.putIfAbsent(p.name(), Math.max(0, p.free())));
        Map<String, Integer> used = new HashMap<>();
        for (Decision d : engine(s.snapshot()).decideAll(s.workloads())) {
            if (d.placed()) {
                assertThat(d.accelerators()).isEqualTo((int) d.workload().totalAccelerators());
                int replicas = d.assignments().stream().mapToInt(Assignment::replicas).sum();
                assertThat(replicas).isEqualTo(d.workload().units());
                if (d.workload().isGang()) {
                    assertThat(d.assignments()).hasSize(1);
                }
            }
            d.assignments().forEach(a -> used.merge(a.pool(), a.accelerators(), Integer::sum));
        }
        used.forEach(
                (pool, n) -> assertThat(n).as("pool %s", pool).isLessThanOrEqualTo(free.get(pool)));
    }

    @Property(tries = 500)
    void theChosenPoolIsTheBestFeasiblePoolByBruteForce(@ForAll("scenarios") Scenario s) {
        for (Workload w : s.workloads()) {
            if (!w.isGang()) {
                continue;
            }
            Decision d = engine(s.snapshot()).decide(w);
            String expected = Oracle.best(s.snapshot(), w);
            if (expected == null) {
                assertThat(d.placed()).as("%s: oracle finds no pool", w).isFalse();
            } else {
                assertThat(d.placed()).as("%s: oracle chooses %s", w, expected).isTrue();
                assertThat(d.assignments().get(0).pool()).isEqualTo(expected);
            }
        }
    }

    @Property(tries = 300)
    void decisionsDoNotDependOnTheOrderOfPoolsClustersAndZones(
            @ForAll("scenarios") Scenario s, @ForAll long seed) {
        Random random = new Random(seed);
        List<Zone> zones = new ArrayList<>(s.snapshot().zones());
        List<Site> sites = new ArrayList<>(s.snapshot().sites());
        List<Pool> pools = new ArrayList<>(s.snapshot().pools());
        Collections.shuffle(zones, random);
        Collections.shuffle(sites, random);
        Collections.shuffle(pools, random);
        List<Decision> original = engine(s.snapshot()).decideAll(s.workloads());
        List<Decision> shuffled =
                engine(new Snapshot(zones, sites, pools)).decideAll(s.workloads());
        assertThat(shuffled).isEqualTo(original);
    }

    private static PlacementEngine engine(Snapshot snapshot) {
        return new PlacementEngine(snapshot, PlacementEngine.Explain.ALL);
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<List<Zone>> zones =
                zone().list().ofMinSize(0).ofMaxSize(3).map(EnginePropertiesTest::uniqueZones);
        Arbitrary<List<Site>> sites =
                site().list().ofMinSize(1).ofMaxSize(7).map(EnginePropertiesTest::uniqueSites);
        return Combinators.combine(zones, sites)
                .flatAs(
                        (z, st) ->
                                Combinators.combine(
                                                pool(st).list()
                                                        .ofMinSize(1)
                                                        .ofMaxSize(10)
                                                        .map(EnginePropertiesTest::uniquePools),
                                                workload(z, st).list().ofMinSize(1).ofMaxSize(6))
                                        .as(
                                                (p, w) -> {
                                                    List<Workload> numbered = new ArrayList<>();
                                                    for (int i = 0; i < w.size(); i++) {
                                                        numbered.add(renumber(w.get(i), i));
                                                    }
                                                    return new Scenario(
                                                            new Snapshot(z, st, p), numbered);
                                                }));
    }

    private static Arbitrary<Zone> zone() {
        return Combinators.combine(
                        Arbitraries.of("z0", "z1", "z2"),
                        Arbitraries.subsetOf(COUNTRIES),
                        Arbitraries.subsetOf(DataClass.values()),
                        Arbitraries.subsetOf("z0", "z1", "z2", "gone"))
                .as(Zone::new);
    }

    private static Arbitrary<Site> site() {
        Arbitrary<GeoPoint> point =
                Combinators.combine(
                                Arbitraries.doubles().between(-60, 60).ofScale(2),
                                Arbitraries.doubles().between(-170, 170).ofScale(2))
                        .as(GeoPoint::new)
                        .injectNull(0.2);
        Arbitrary<List<Link>> links =
                Combinators.combine(
                                Arbitraries.of("s0", "s1", "s2", "s3", "s4", "s5", "s6", "nowhere"),
                                Arbitraries.doubles().between(0.5, 60).ofScale(2))
                        .as(Link::new)
                        .list()
                        .ofMaxSize(3);
        return Combinators.combine(
                        Arbitraries.of("s0", "s1", "s2", "s3", "s4", "s5", "s6"),
                        Arbitraries.of(COUNTRIES).injectNull(0.15),
                        point,
                        Arbitraries.of("a", "b").map(t -> Map.of("tier", t)),
                        Arbitraries.of(true, true, true, false),
                        Arbitraries.of(false, false, false, true),
                        Arbitraries.doubles().between(10, 500).ofScale(0).injectNull(0.2),
                        links)
                .as(Site::new);
    }

    private static Arbitrary<Pool> pool(List<Site> sites) {
        List<String> clusters = new ArrayList<>(sites.stream().map(Site::name).toList());
        clusters.add("ghost");
        return Combinators.combine(
                        Arbitraries.strings().withCharRange('a', 'z').ofLength(4),
                        Arbitraries.of(clusters),
                        Arbitraries.of("gpu", "gpu", "tpu"),
                        Arbitraries.of(MODELS),
                        Arbitraries.of(48, 80, 141).injectNull(0.1),
                        Arbitraries.subsetOf(FEATURES),
                        Arbitraries.of(1.0, 2.0, 2.5, 3.0).injectNull(0.15),
                        Arbitraries.integers().between(0, 64))
                .as(Pool::new);
    }

    private static Arbitrary<Workload> workload(List<Zone> zones, List<Site> sites) {
        List<String> zoneNames = new ArrayList<>(zones.stream().map(Zone::name).toList());
        zoneNames.add("typo");
        Arbitrary<String> zone = Arbitraries.of(zoneNames).injectNull(0.15);
        Arbitrary<Origin> origin =
                Arbitraries.oneOf(
                        Arbitraries.just(Origin.none()),
                        Arbitraries.of(sites.stream().map(Site::name).toList())
                                .map(Origin::ofCluster),
                        Combinators.combine(
                                        Arbitraries.doubles().between(-60, 60).ofScale(2),
                                        Arbitraries.doubles().between(-170, 170).ofScale(2))
                                .as((a, b) -> Origin.ofPlace("AA", new GeoPoint(a, b))));
        Arbitrary<AcceleratorRequest> accelerator =
                Combinators.combine(
                                Arbitraries.of("gpu", "tpu").injectNull(0.6),
                                Arbitraries.subsetOf(MODELS),
                                Arbitraries.of(48, 80, 100).injectNull(0.5))
                        .as(AcceleratorRequest::new);
        Arbitrary<LabelSelector> selector =
                Arbitraries.of(
                        LabelSelector.everything(),
                        new LabelSelector(Map.of("tier", "a"), List.of()),
                        new LabelSelector(
                                Map.of(),
                                List.of(
                                        new LabelSelector.Requirement(
                                                "tier",
                                                LabelSelector.Operator.NOT_IN,
                                                Set.of("b")))));
        Arbitrary<List<UserRegion>> users =
                Combinators.combine(
                                Arbitraries.of("r1", "r2", "r3"),
                                origin,
                                Arbitraries.integers().between(1, 5))
                        .as(UserRegion::new)
                        .list()
                        .ofMaxSize(3)
                        .uniqueElements(UserRegion::name);
        Arbitrary<Workload.Builder> base =
                Combinators.combine(
                                Arbitraries.of(WorkloadRef.Kind.values()),
                                Arbitraries.strings().withCharRange('a', 'z').ofLength(5),
                                Arbitraries.integers().between(0, 2),
                                Arbitraries.of(DataClass.values()),
                                zone,
                                origin,
                                accelerator,
                                Arbitraries.of(Objective.values()))
                        .as(
                                (kind, name, priority, cls, z, o, acc, obj) ->
                                        Workload.builder(kind, "ns", name)
                                                .priority(priority)
                                                .data(cls, z)
                                                .origin(o)
                                                .accelerator(acc)
                                                .objective(obj));
        return Combinators.combine(
                        base,
                        Arbitraries.doubles().between(1, 150).ofScale(1).injectNull(0.6),
                        Arbitraries.subsetOf(FEATURES),
                        selector,
                        Arbitraries.integers().between(1, 4),
                        Arbitraries.integers().between(1, 16),
                        users)
                .as(
                        (b, max, features, sel, units, per, regions) -> {
                            b.maxLatencyMs(max)
                                    .requiredFeatures(features)
                                    .clusterSelector(sel)
                                    .shape(units, per);
                            regions.forEach(b::user);
                            return b.build();
                        });
    }

    private static Workload renumber(Workload w, int i) {
        return new Workload(
                new WorkloadRef(w.ref().kind(), w.ref().namespace(), w.ref().name() + i),
                i,
                w.priority(),
                w.created(),
                w.classification(),
                w.zone(),
                w.origin(),
                w.accelerator(),
                w.objective(),
                w.maxLatencyMs(),
                w.requiredFeatures(),
                w.clusterSelector(),
                w.units(),
                w.acceleratorsPerUnit(),
                w.isGang() ? List.of() : w.users());
    }

    private static List<Zone> uniqueZones(List<Zone> zones) {
        Map<String, Zone> byName = new HashMap<>();
        zones.forEach(z -> byName.putIfAbsent(z.name(), z));
        return byName.values().stream().sorted(Comparator.comparing(Zone::name)).toList();
    }

    private static List<Site> uniqueSites(List<Site> sites) {
        Map<String, Site> byName = new HashMap<>();
        sites.forEach(s -> byName.putIfAbsent(s.name(), s));
        return byName.values().stream().sorted(Comparator.comparing(Site::name)).toList();
    }

    private static List<Pool> uniquePools(List<Pool> pools) {
        Map<String, Pool> byName = new HashMap<>();
        pools.forEach(p -> byName.putIfAbsent(p.name(), p));
        return byName.values().stream().sorted(Comparator.comparing(Pool::name)).toList();
    }
}
