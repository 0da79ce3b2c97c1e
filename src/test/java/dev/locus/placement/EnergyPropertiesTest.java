package dev.locus.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Power budgets, forecasts and deferral over random fleets: three sites with random budgets and
 * hourly forecasts, pools of random watts, placed work, and a mix of scheduled TrainingJobs and
 * endpoints decided at a random time.
 */
class EnergyPropertiesTest {

    private static final Instant DAY = Instant.parse("2026-12-01T00:00:00Z");
    private static final List<String> SITES = List.of("s0", "s1", "s2");

    record Scenario(Snapshot snapshot, List<Workload> pending) {}

    private static Scenario scenario(long seed) {
        Random r = new Random(seed);
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < SITES.size(); i++) {
            List<SitePower.ForecastHour> forecast = new ArrayList<>();
            int start = r.nextInt(6);
            for (int h = start; h < start + r.nextInt(40); h++) {
                forecast.add(
                        new SitePower.ForecastHour(
                                DAY.plus(Duration.ofHours(h)),
                                r.nextInt(5) == 0 ? null : (double) 10 + r.nextInt(400),
                                r.nextInt(5) == 0 ? null : r.nextInt(30) / 100.0));
            }
            sites.add(
                    new Site(
                            SITES.get(i),
                            "DE",
                            null,
                            Map.of(),
                            true,
                            false,
                            r.nextInt(6) == 0 ? null : (double) 20 + r.nextInt(400),
                            i == 0 ? List.of() : List.of(new Link(SITES.get(i - 1), 3.0 * i)),
                            new SitePower(
                                    0.5,
                                    r.nextInt(4) == 0 ? null : r.nextInt(30) / 100.0,
                                    r.nextInt(4) == 0 ? null : r.nextInt(60) * 0.35,
                                    forecast)));
        }
        List<Pool> pools = new ArrayList<>();
        for (int i = 0; i < 2 + r.nextInt(4); i++) {
            pools.add(
                    new Pool(
                            "p" + i,
                            SITES.get(r.nextInt(SITES.size())),
                            "gpu",
                            "H100",
                            80,
                            java.util.Set.of(),
                            1.0 + r.nextInt(3),
                            r.nextInt(40),
                            0,
                            r.nextInt(3) == 0 ? null : 300.0 + 50 * r.nextInt(15)));
        }
        List<PlacedWorkload> placed = new ArrayList<>();
        for (int i = 0; i < r.nextInt(4); i++) {
            Pool p = pools.get(r.nextInt(pools.size()));
            placed.add(
                    new PlacedWorkload(
                            Fleet.job("old" + i).priority(r.nextInt(3)).build(),
                            List.of(
                                    new PlacedWorkload.Holding(
                                            p.cluster(), p.name(), 1 + r.nextInt(8), false)),
                            DAY));
        }
        Instant now = DAY.plus(Duration.ofMinutes(r.nextInt(30 * 60)));
        List<Workload> pending = new ArrayList<>();
        for (int i = 0; i < 1 + r.nextInt(8); i++) {
            boolean endpoint = r.nextInt(4) == 0;
            Workload.Builder b =
                    (endpoint ? Fleet.endpoint("w" + i) : Fleet.job("w" + i))
                            .sequence(i)
                            .priority(r.nextInt(3))
                            .origin(Origin.ofCluster(SITES.get(r.nextInt(SITES.size()))))
                            .objective(Objective.values()[r.nextInt(3)])
                            .shape(1 + r.nextInt(3), 1 + r.nextInt(8));
            if (!endpoint && r.nextInt(4) > 0) {
                double hours = r.nextInt(4) == 0 ? r.nextInt(50) / 10.0 : 1 + r.nextInt(8);
                b.schedule(
                        new Schedule(
                                now.plus(Duration.ofMinutes(r.nextInt(40 * 60) - 5 * 60)), hours));
            }
            if (r.nextInt(4) == 0) {
                b.preemption(PreemptionPolicy.PREEMPT_LOWER_PRIORITY);
            }
            pending.add(b.build());
        }
        return new Scenario(
                new Snapshot(List.of(), sites, pools, List.of(), Map.of(), placed, now), pending);
    }

    private static List<Decision> decide(Scenario s) {
        return new PlacementEngine(s.snapshot(), PlacementEngine.Explain.ALL)
                .decideAll(s.pending());
    }

    @Property(tries = 400)
    void aDeferralNeverMissesItsDeadline(@ForAll @LongRange(min = 0, max = 1L << 40) long seed) {
        Scenario s = scenario(seed);
        Instant now = s.snapshot().now();
        for (Decision d : decide(s)) {
            Statistics.collect(d.isDeferred() ? "Deferred" : d.placed() ? "Placed" : "not placed");
            if (!d.isDeferred()) {
                continue;
            }
            Schedule schedule = d.workload().schedule();
            assertThat(d.startAfter().plus(schedule.duration()))
                    .isBeforeOrEqualTo(schedule.deadline());
            assertThat(d.startAfter()).isAfter(now);
            assertThat(d.startAfter().truncatedTo(ChronoUnit.HOURS)).isEqualTo(d.startAfter());
            assertThat(d.deferral().later() * 10)
                    .isLessThanOrEqualTo(d.deferral().now() * 9 + 1e-9);
            assertThat(d.workload().isGang()).isTrue();
            assertThat(d.workload().objective()).isNotEqualTo(Objective.LATENCY);
            assertThat(d.assignments()).isEmpty();
        }
    }

    @Property(tries = 300)
    void aJobPastItsLastStartIsDecidedNow(@ForAll @LongRange(min = 0, max = 1L << 40) long seed) {
        Scenario s = scenario(seed);
        Instant now = s.snapshot().now();
        // Every schedule ends before its run could: the same decisions as without schedules.
        List<Workload> late = new ArrayList<>();
        List<Workload> unscheduled = new ArrayList<>();
        for (Workload w : s.pending()) {
            late.add(withSchedule(w, new Schedule(now.plus(Duration.ofMinutes(59)), 1)));
            unscheduled.add(withSchedule(w, null));
        }
        List<Decision> lateDecisions = decide(new Scenario(s.snapshot(), late));
        List<Decision> nowDecisions = decide(new Scenario(s.snapshot(), unscheduled));
        for (int i = 0; i < lateDecisions.size(); i++) {
            Decision a = lateDecisions.get(i);
            Decision b = nowDecisions.get(i);
            assertThat(a.isDeferred()).isFalse();
            assertThat(a.reason()).isNotEqualTo(Reason.DEFERRED);
            assertThat(a.placed()).isEqualTo(b.placed());
            assertThat(a.assignments()).isEqualTo(b.assignments());
        }
    }

    @Property(tries = 400)
    void aPowerBudgetIsNeverExceeded(@ForAll @LongRange(min = 0, max = 1L << 40) long seed) {
        Scenario s = scenario(seed);
        Map<String, Pool> pools = new HashMap<>();
        s.snapshot().pools().forEach(p -> pools.put(p.name(), p));
        Map<String, Double> budget = new HashMap<>();
        s.snapshot()
                .sites()
                .forEach(site -> budget.put(site.name(), site.power().budgetKilowatts()));
        // The oracle: watts held per site, summed from scratch.
        Map<WorkloadRef, Map<String, Double>> holds = new HashMap<>();
        for (PlacedWorkload p : s.snapshot().placed()) {
            for (PlacedWorkload.Holding h : p.holdings()) {
                holds.computeIfAbsent(p.workload().ref(), k -> new HashMap<>())
                        .merge(
                                h.cluster(),
                                h.accelerators() * watts(pools.get(h.pool())),
                                Double::sum);
            }
        }
        for (Decision d : decide(s)) {
            d.preempts().forEach(holds::remove);
            if (!d.placed()) {
                continue;
            }
            Map<String, Double> mine = new HashMap<>();
            d.assignments()
                    .forEach(
                            a ->
                                    mine.merge(
                                            a.cluster(),
                                            a.accelerators() * watts(pools.get(a.pool())),
                                            Double::sum));
            holds.put(d.workload().ref(), mine);
            for (String cluster : mine.keySet()) {
                Double kw = budget.get(cluster);
                if (kw == null) {
                    continue;
                }
                double used =
                        holds.values().stream()
                                .mapToDouble(m -> m.getOrDefault(cluster, 0.0))
                                .sum();
                Statistics.collect(used > kw * 1000 * 0.9 ? "near the budget" : "within");
                assertThat(used)
                        .as("W on %s after %s", cluster, d.workload().ref())
                        .isLessThanOrEqualTo(kw * 1000 + 1e-6);
            }
        }
    }

    private static double watts(Pool p) {
        return p.watts() == null ? 700 : p.watts();
    }

    private static Workload withSchedule(Workload w, Schedule schedule) {
        return new Workload(
                w.ref(),
                w.sequence(),
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
                w.preemption(),
                schedule);
    }
}
