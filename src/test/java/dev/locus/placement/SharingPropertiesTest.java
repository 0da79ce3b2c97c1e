package dev.locus.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Quotas, preemption, tiers and fair share over random fleets, replayed decision by decision
 * against a naive oracle ({@link SharingOracle}) that sums usage from scratch and finds victim sets
 * by brute force.
 */
class SharingPropertiesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final List<String> SITES = List.of("s0", "s1", "s2", "s3");
    private static final List<String> NAMESPACES = List.of("n0", "n1", "n2");

    record Scenario(Snapshot snapshot, List<Workload> pending) {}

    /** Runs the engine, and calls {@code check} with the oracle as each decision found it. */
    private static void replay(Scenario s, BiConsumer<SharingOracle, Decision> check) {
        SharingOracle oracle = new SharingOracle(s.snapshot());
        for (Decision d :
                new PlacementEngine(s.snapshot(), PlacementEngine.Explain.ALL)
                        .decideAll(s.pending())) {
            check.accept(oracle, d);
            for (WorkloadRef victim : d.preempts()) {
                oracle.release(oracle.find(victim));
            }
            if (d.placed()) {
                oracle.place(d.workload(), d.assignments(), s.snapshot().now());
            }
        }
    }

    private static Map<String, Integer> byPool(Decision d) {
        Map<String, Integer> out = new HashMap<>();
        d.assignments().forEach(a -> out.merge(a.pool(), a.accelerators(), Integer::sum));
        return out;
    }

    @Property(tries = 300)
    void noQuotaIsEverExceededBeyondWhatBorrowingAllows(@ForAll("scenarios") Scenario s) {
        replay(
                s,
                (oracle, d) -> {
                    if (!d.placed()) {
                        return;
                    }
                    String ns = d.workload().ref().namespace();
                    assertThat(oracle.quotasOf(ns))
                            .as("overlapping quotas place nothing")
                            .hasSizeLessThan(2);
                    if (d.preempts().isEmpty()) {
                        assertThat(oracle.quotaFits(ns, byPool(d)))
                                .as("%s within its quota", d.workload().ref())
                                .isTrue();
                        byPool(d)
                                .forEach(
                                        (pool, n) ->
                                                assertThat(oracle.free.get(pool))
                                                        .as("free on %s", pool)
                                                        .isGreaterThanOrEqualTo(n));
                    } else {
                        var victims = d.preempts().stream().map(oracle::find).toList();
                        String pool = d.assignments().get(0).pool();
                        assertThat(
                                        oracle.fitsWithout(
                                                d.workload(), pool, d.accelerators(), victims))
                                .as("%s fits once its victims are gone", d.workload().ref())
                                .isTrue();
                    }
                });
    }

    /**
     * A dense cohort: three quotas of one cohort, each with one limit on everything, some already
     * over it; a job fits exactly when the naive rule says so (nothing lent twice, within
     * borrowingLimit and lendingLimit).
     */
    @Property(tries = 500)
    void borrowingFollowsTheNaiveRuleInADenseCohort(
            @ForAll("cohortLimits") List<Quota.Limit> limits,
            @ForAll("holdings") List<Integer> held,
            @ForAll("namespace") String namespace,
            @ForAll("need") int need) {
        List<Quota> quotas = new ArrayList<>();
        Map<String, Map<String, String>> namespaces = new HashMap<>();
        List<PlacedWorkload> placed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String ns = NAMESPACES.get(i);
            namespaces.put(ns, Map.of("team", ns));
            quotas.add(
                    new Quota(
                            "q" + i,
                            new LabelSelector(Map.of("team", ns), List.of()),
                            "ml",
                            List.of(limits.get(i)),
                            1));
            if (held.get(i) > 0) {
                placed.add(
                        new PlacedWorkload(
                                Workload.builder(WorkloadRef.Kind.TRAINING_JOB, ns, "h").build(),
                                List.of(new PlacedWorkload.Holding("s0", "p", held.get(i), false)),
                                null));
            }
        }
        Snapshot snapshot =
                new Snapshot(
                        zones(),
                        List.of(new Site("s0", "AA", null, Map.of(), true, false, null, List.of())),
                        List.of(new Pool("p", "s0", "gpu", "H100", 80, Set.of(), 1.0, 1000)),
                        quotas,
                        namespaces,
                        placed,
                        null);
        Decision d =
                new PlacementEngine(snapshot, PlacementEngine.Explain.ALL)
                        .decide(
                                Workload.builder(WorkloadRef.Kind.TRAINING_JOB, namespace, "new")
                                        .shape(1, need)
                                        .build());
        boolean fits = new SharingOracle(snapshot).quotaFits(namespace, Map.of("p", need));
        assertThat(d.placed()).as(d.message()).isEqualTo(fits);
        Statistics.collect(fits ? "fits" : "QuotaExceeded");
    }

    @Provide
    Arbitrary<List<Quota.Limit>> cohortLimits() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 32),
                        Arbitraries.integers().between(0, 24).injectNull(0.4),
                        Arbitraries.integers().between(0, 24).injectNull(0.4))
                .as(
                        (n, borrowing, lending) ->
                                new Quota.Limit(null, Set.of(), n, borrowing, lending))
                .list()
                .ofSize(3);
    }

    @Provide
    Arbitrary<List<Integer>> holdings() {
        return Arbitraries.integers().between(0, 48).list().ofSize(3);
    }

    @Provide
    Arbitrary<String> namespace() {
        return Arbitraries.of(NAMESPACES);
    }

    @Provide
    Arbitrary<Integer> need() {
        return Arbitraries.integers().between(1, 24);
    }

    @Property(tries = 300)
    void workOfEqualOrHigherPriorityIsNeverPreempted(@ForAll("scenarios") Scenario s) {
        replay(
                s,
                (oracle, d) -> {
                    if (d.preempts().isEmpty()) {
                        return;
                    }
                    assertThat(d.workload().mayPreempt()).isTrue();
                    String pool = d.assignments().get(0).pool();
                    for (WorkloadRef ref : d.preempts()) {
                        SharingOracle.Held victim = oracle.find(ref);
                        assertThat(victim).as("%s holds accelerators", ref).isNotNull();
                        assertThat(victim.priority()).isLessThan(d.workload().priority());
                        assertThat(victim.onPool().getOrDefault(pool, 0))
                                .as("%s holds some of %s", ref, pool)
                                .isPositive();
                    }
                });
    }

    @Property(tries = 300)
    void noVictimIsChosenWhenAPoolFitsWithoutOne(@ForAll("scenarios") Scenario s) {
        replay(
                s,
                (oracle, d) -> {
                    if (!d.preempts().isEmpty()) {
                        assertThat(oracle.fitting(d.workload()))
                                .as("%s fits somewhere as it is", d.workload().ref())
                                .isEmpty();
                    }
                });
    }

    @Property(tries = 300)
    void theVictimSetIsTheMinimalOneOnTheRightPool(@ForAll("scenarios") Scenario s) {
        replay(
                s,
                (oracle, d) -> {
                    Workload w = d.workload();
                    Statistics.collect(
                            !d.preempts().isEmpty()
                                    ? "preempts"
                                    : d.placed()
                                            ? "placed"
                                            : d.reason() == Reason.QUOTA_EXCEEDED
                                                    ? "QuotaExceeded"
                                                    : "other");
                    if (!w.mayPreempt() || !oracle.fitting(w).isEmpty()) {
                        return;
                    }
                    SharingOracle.Preemption expected = oracle.preemption(w);
                    if (expected == null) {
                        assertThat(d.placed())
                                .as("%s: no preemption makes room", w.ref())
                                .isFalse();
                        return;
                    }
                    assertThat(d.placed()).as("%s preempts %s", w.ref(), expected).isTrue();
                    assertThat(d.assignments().get(0).pool()).isEqualTo(expected.pool());
                    assertThat(d.preempts())
                            .containsExactlyElementsOf(
                                    expected.victims().stream()
                                            .map(SharingOracle.Held::ref)
                                            .toList());
                });
    }

    @Property(tries = 300)
    void restrictedDataStaysInItsZoneWithPreemptionOn(@ForAll("scenarios") Scenario s) {
        replay(
                s,
                (oracle, d) -> {
                    if (!d.placed()) {
                        return;
                    }
                    Set<String> allowed = oracle.allowedCountries(d.workload());
                    if (allowed == null) {
                        return;
                    }
                    for (Assignment a : d.assignments()) {
                        assertThat(allowed)
                                .as("%s placed on %s", d.workload().ref(), a.cluster())
                                .contains(oracle.countryOf(a.cluster()));
                    }
                });
    }

    @Property(tries = 300)
    void aGangGoesToTheBestPoolThatFitsChecksQuotaAndCapacity(@ForAll("scenarios") Scenario s) {
        replay(
                s,
                (oracle, d) -> {
                    Workload w = d.workload();
                    if (!w.isGang() || !d.preempts().isEmpty()) {
                        return;
                    }
                    var fitting = oracle.fitting(w);
                    if (fitting.isEmpty()) {
                        assertThat(d.placed()).as("%s fits nowhere", w.ref()).isFalse();
                    } else {
                        assertThat(d.placed()).as("%s fits %s", w.ref(), fitting.get(0)).isTrue();
                        assertThat(d.assignments().get(0).pool())
                                .isEqualTo(fitting.get(0).pool().name());
                    }
                });
    }

    @Property(tries = 200)
    void eachDecisionTakesTheWorkloadOfHighestPriorityThenLowestShare(
            @ForAll("scenarios") Scenario s) {
        if (s.snapshot().quotas().isEmpty()) {
            return;
        }
        List<Workload> remaining = new ArrayList<>(s.pending());
        replay(
                s,
                (oracle, d) -> {
                    Workload w = d.workload();
                    double share = share(oracle, s, w);
                    for (Workload other : remaining) {
                        if (other.priority() > w.priority()) {
                            throw new AssertionError(
                                    other.ref() + " has higher priority than " + w.ref());
                        }
                        if (other.priority() == w.priority()) {
                            assertThat(share)
                                    .as("%s's share vs %s's", w.ref(), other.ref())
                                    .isLessThanOrEqualTo(share(oracle, s, other));
                        }
                    }
                    remaining.remove(w);
                });
    }

    /** Accelerators held by the workload's quota's workloads / weight; 0 without one quota. */
    private static double share(SharingOracle oracle, Scenario s, Workload w) {
        List<Integer> of = oracle.quotasOf(w.ref().namespace());
        if (of.size() != 1) {
            return 0;
        }
        long held = 0;
        for (SharingOracle.Held h : oracle.active) {
            if (oracle.quotasOf(h.ref().namespace()).contains(of.get(0))) {
                held += h.onPool().values().stream().mapToInt(Integer::intValue).sum();
            }
        }
        return held / oracle.uniqueQuotas().get(of.get(0)).weight();
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<List<Site>> sites =
                site().list().ofSize(SITES.size()).map(SharingPropertiesTest::named);
        Arbitrary<List<Pool>> pools =
                pool().list().ofMinSize(1).ofMaxSize(5).map(SharingPropertiesTest::numberPools);
        Arbitrary<List<Quota>> quotas =
                quota().list().ofMaxSize(3).map(SharingPropertiesTest::numberQuotas);
        Arbitrary<Map<String, Map<String, String>>> namespaces =
                Arbitraries.of("a", "b", "c", "")
                        .list()
                        .ofSize(NAMESPACES.size())
                        .map(
                                teams -> {
                                    Map<String, Map<String, String>> out = new HashMap<>();
                                    for (int i = 0; i < teams.size(); i++) {
                                        out.put(
                                                NAMESPACES.get(i),
                                                teams.get(i).isEmpty()
                                                        ? Map.of()
                                                        : Map.of("team", teams.get(i)));
                                    }
                                    return out;
                                });
        return Combinators.combine(sites, pools, quotas, namespaces, Arbitraries.of(true, false))
                .flatAs(
                        (st, p, q, ns, clock) ->
                                Combinators.combine(
                                                placed(p).list().ofMinSize(1).ofMaxSize(6),
                                                workload().list().ofMinSize(1).ofMaxSize(5))
                                        .as(
                                                (held, pending) -> {
                                                    List<PlacedWorkload> numbered =
                                                            new ArrayList<>();
                                                    for (int i = 0; i < held.size(); i++) {
                                                        numbered.add(rename(held.get(i), "h" + i));
                                                    }
                                                    List<Workload> work = new ArrayList<>();
                                                    for (int i = 0; i < pending.size(); i++) {
                                                        work.add(renumber(pending.get(i), i));
                                                    }
                                                    return new Scenario(
                                                            new Snapshot(
                                                                    zones(),
                                                                    st,
                                                                    p,
                                                                    q,
                                                                    ns,
                                                                    numbered,
                                                                    clock
                                                                            ? T0.plusSeconds(3600)
                                                                            : null),
                                                            work);
                                                }));
    }

    private static List<Zone> zones() {
        return List.of(
                new Zone("z0", Set.of("AA", "BB"), DataClass.defaultRestricted(), Set.of("z1")),
                new Zone("z1", Set.of("CC"), DataClass.defaultRestricted(), Set.of()));
    }

    private static Arbitrary<Site> site() {
        return Combinators.combine(
                        Arbitraries.of("AA", "BB", "CC", "DD"),
                        Arbitraries.doubles().between(-50, 50).ofScale(1),
                        Arbitraries.doubles().between(-120, 120).ofScale(1),
                        Arbitraries.doubles().between(10, 400).ofScale(0).injectNull(0.2))
                .as(
                        (country, lat, lon, carbon) ->
                                new Site(
                                        "?",
                                        country,
                                        new GeoPoint(lat, lon),
                                        Map.of(),
                                        true,
                                        false,
                                        carbon,
                                        List.of()));
    }

    private static List<Site> named(List<Site> sites) {
        List<Site> out = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) {
            Site s = sites.get(i);
            List<Link> links = i == 0 ? List.of() : List.of(new Link(SITES.get(i - 1), 5.0 * i));
            out.add(
                    new Site(
                            SITES.get(i),
                            s.country(),
                            s.location(),
                            s.labels(),
                            true,
                            false,
                            s.carbonIntensity(),
                            links));
        }
        return out;
    }

    private static Arbitrary<Pool> pool() {
        return Combinators.combine(
                        Arbitraries.of(SITES),
                        Arbitraries.of("H100", "H200"),
                        Arbitraries.of(1.0, 2.0, 3.0).injectNull(0.1),
                        Arbitraries.integers().between(0, 48),
                        Arbitraries.integers().between(0, 2))
                .as(
                        (cluster, model, cost, free, tier) ->
                                new Pool(
                                        "?", cluster, "gpu", model, 80, Set.of(), cost, free,
                                        tier));
    }

    private static List<Pool> numberPools(List<Pool> pools) {
        List<Pool> out = new ArrayList<>();
        for (int i = 0; i < pools.size(); i++) {
            Pool p = pools.get(i);
            out.add(
                    new Pool(
                            "p" + i,
                            p.cluster(),
                            p.type(),
                            p.model(),
                            p.memoryGiB(),
                            p.features(),
                            p.costPerAcceleratorHour(),
                            p.free(),
                            p.tier()));
        }
        return out;
    }

    private static Arbitrary<Quota.Limit> limit() {
        return Combinators.combine(
                        // Few distinct (zone, models) pairs, so that quotas of a cohort lend to
                        // each other often.
                        Arbitraries.frequency(
                                        net.jqwik.api.Tuple.of(6, "z0"),
                                        net.jqwik.api.Tuple.of(1, "z1"),
                                        net.jqwik.api.Tuple.of(1, "zz"))
                                .injectNull(0.4),
                        Arbitraries.frequency(
                                net.jqwik.api.Tuple.of(3, Set.<String>of()),
                                net.jqwik.api.Tuple.of(3, Set.of("H100")),
                                net.jqwik.api.Tuple.of(1, Set.of("H100", "H200"))),
                        Arbitraries.integers().between(0, 40),
                        Arbitraries.integers().between(0, 32).injectNull(0.5),
                        Arbitraries.integers().between(0, 64).injectNull(0.5))
                .as(Quota.Limit::new);
    }

    private static Arbitrary<Quota> quota() {
        Arbitrary<LabelSelector> selector =
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(1, Arbitraries.just((LabelSelector) null)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(LabelSelector.everything())),
                        net.jqwik.api.Tuple.of(
                                6,
                                Arbitraries.of("a", "b", "c")
                                        .map(
                                                t ->
                                                        new LabelSelector(
                                                                Map.of("team", t), List.of()))));
        return Combinators.combine(
                        selector,
                        Arbitraries.of("ml").injectNull(0.2),
                        limit().list().ofMinSize(1).ofMaxSize(2),
                        Arbitraries.of(1.0, 1.0, 2.0))
                .as((sel, cohort, limits, weight) -> new Quota("?", sel, cohort, limits, weight));
    }

    private static List<Quota> numberQuotas(List<Quota> quotas) {
        List<Quota> out = new ArrayList<>();
        for (int i = 0; i < quotas.size(); i++) {
            Quota q = quotas.get(i);
            out.add(new Quota("q" + i, q.namespaceSelector(), q.cohort(), q.limits(), q.weight()));
        }
        return out;
    }

    private static Arbitrary<PlacedWorkload> placed(List<Pool> pools) {
        List<String> names = pools.stream().map(Pool::name).toList();
        Map<String, String> cluster = new HashMap<>();
        pools.forEach(p -> cluster.put(p.name(), p.cluster()));
        Arbitrary<PlacedWorkload.Holding> holding =
                Combinators.combine(
                                Arbitraries.of(names),
                                Arbitraries.integers().between(1, 32),
                                Arbitraries.of(true, false))
                        .as(
                                (pool, n, taken) ->
                                        new PlacedWorkload.Holding(
                                                cluster.get(pool), pool, n, taken));
        return Combinators.combine(
                        Arbitraries.of(WorkloadRef.Kind.values()),
                        Arbitraries.of(NAMESPACES),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.of(T0, T0.plusSeconds(60), T0.plusSeconds(120)).injectNull(0.2),
                        holding.list()
                                .ofMinSize(1)
                                .ofMaxSize(2)
                                .uniqueElements(PlacedWorkload.Holding::pool))
                .as(
                        (kind, ns, priority, at, holdings) ->
                                new PlacedWorkload(
                                        Workload.builder(kind, ns, "?").priority(priority).build(),
                                        kind == WorkloadRef.Kind.TRAINING_JOB
                                                ? holdings.subList(0, 1)
                                                : holdings,
                                        at));
    }

    private static PlacedWorkload rename(PlacedWorkload w, String name) {
        Workload old = w.workload();
        Workload renamed =
                Workload.builder(old.ref().kind(), old.ref().namespace(), name)
                        .priority(old.priority())
                        .build();
        return new PlacedWorkload(renamed, w.holdings(), w.decidedAt());
    }

    private static Arbitrary<Workload> workload() {
        Arbitrary<Origin> origin =
                Arbitraries.oneOf(
                        Arbitraries.just(Origin.none()),
                        Arbitraries.of(SITES).map(Origin::ofCluster));
        Arbitrary<Workload.Builder> base =
                Combinators.combine(
                                Arbitraries.frequency(
                                        net.jqwik.api.Tuple.of(7, WorkloadRef.Kind.TRAINING_JOB),
                                        net.jqwik.api.Tuple.of(
                                                3, WorkloadRef.Kind.INFERENCE_ENDPOINT)),
                                Arbitraries.of(NAMESPACES),
                                Arbitraries.integers().between(0, 5),
                                Arbitraries.frequency(
                                        net.jqwik.api.Tuple.of(1, PreemptionPolicy.NEVER),
                                        net.jqwik.api.Tuple.of(
                                                2, PreemptionPolicy.PREEMPT_LOWER_PRIORITY)),
                                Arbitraries.of("public", "z0", "z1", "z0c"),
                                origin,
                                Arbitraries.of(Set.<String>of(), Set.of("H100"), Set.of("H200")),
                                Arbitraries.of(Objective.values()))
                        .as(
                                (kind, ns, priority, policy, data, o, models, objective) -> {
                                    Workload.Builder b =
                                            Workload.builder(kind, ns, "?")
                                                    .priority(priority)
                                                    .preemption(policy)
                                                    .origin(o)
                                                    .accelerator(
                                                            new AcceleratorRequest(
                                                                    null, models, null))
                                                    .objective(objective);
                                    return switch (data) {
                                        case "public" -> b.data(DataClass.PUBLIC, null);
                                        case "z0c" -> b.data(DataClass.CONFIDENTIAL, "z0");
                                        default -> b.data(DataClass.PERSONAL, data);
                                    };
                                });
        return Combinators.combine(
                        base,
                        Arbitraries.integers().between(1, 3),
                        Arbitraries.integers().between(1, 16),
                        Arbitraries.integers().between(0, 30).injectNull(0.5))
                .as(
                        (b, units, per, minute) -> {
                            b.shape(units, per);
                            if (minute != null) {
                                b.created(T0.plusSeconds(60L * minute));
                            }
                            return b.build();
                        });
    }

    private static Workload renumber(Workload w, int i) {
        return new Workload(
                new WorkloadRef(w.ref().kind(), w.ref().namespace(), "w" + i),
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
                w.users(),
                w.preemption());
    }
}
