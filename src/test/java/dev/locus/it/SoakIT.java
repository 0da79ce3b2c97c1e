package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.it.SoakFleet.Spec;
import dev.locus.testing.FaultProxy;
import dev.locus.testing.OperatorProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The soak: seeded workloads (training and inference, every classification, three zones, some
 * deleted, some completed) flow through the packaged operator while every API server answers with
 * faults, members are cut off and healed, and the operator is killed and started again at seeded
 * points. Once it settles, {@link SoakInvariants} are checked on the end state and on the whole
 * history, one line is printed, and any violation fails the test.
 *
 * <p>A short run is part of {@code ./mvnw verify}. A long one: {@code ./mvnw verify
 * -Dit.test=SoakIT -Dsoak.workloads=1000 -Dsoak.seed=7} (also {@code -Dsoak.restarts}, {@code
 * -Dsoak.faults} a factor on the fault rates, {@code -Dsoak.interval-ms} between arrivals). The
 * operator's logs stay in {@code target/soak/seed-<seed>/logs}.
 */
class SoakIT {

    record Params(
            long seed,
            int workloads,
            int restarts,
            int cuts,
            double faults,
            long intervalMillis,
            Duration settle) {

        static Params fromSystemProperties() {
            int n = Integer.getInteger("soak.workloads", 140);
            return new Params(
                    Long.getLong("soak.seed", 20261201L),
                    n,
                    Integer.getInteger("soak.restarts", Math.max(2, n / 100)),
                    Integer.getInteger("soak.cuts", Math.max(1, n / 200)),
                    Double.parseDouble(System.getProperty("soak.faults", "1")),
                    Long.getLong("soak.interval-ms", 250),
                    Duration.ofSeconds(Long.getLong("soak.settle-seconds", n > 300 ? 300 : 75)));
        }
    }

    /** What happens at one step, besides creating that step's workload. */
    sealed interface Action {}

    record Kill(boolean waitBeforeStart) implements Action {}

    record Cut(String member) implements Action {}

    record Heal(String member) implements Action {}

    record Delete(int index) implements Action {}

    record Complete() implements Action {}

    static Map<Integer, List<Action>> plan(Random r, Params p) {
        Map<Integer, List<Action>> at = new TreeMap<>();
        int n = p.workloads();
        // Kills spread over the run, each at a random point of its own stretch.
        for (int k = 0; k < p.restarts(); k++) {
            int from = n * k / p.restarts() + n / (4 * p.restarts());
            int to = n * (k + 1) / p.restarts();
            add(at, from + r.nextInt(Math.max(1, to - from)), new Kill(r.nextInt(4) == 0));
        }
        // Members cut off for 8 to 20 s.
        List<String> members = SoakFleet.CLUSTERS.stream().map(SoakFleet.ClusterDef::name).toList();
        for (int k = 0; k < p.cuts(); k++) {
            int from = n * k / p.cuts() + n / 10;
            int step = Math.min(n - 2, from + r.nextInt(Math.max(1, n / p.cuts() / 2)));
            String member = members.get(r.nextInt(members.size()));
            int steps = (int) ((8_000 + r.nextInt(12_000)) / p.intervalMillis());
            add(at, step, new Cut(member));
            add(at, Math.min(n - 1, step + steps), new Heal(member));
        }
        for (int i = 0; i < n; i++) {
            // Endpoints never finish: more of them are deleted.
            if (r.nextDouble() < (i % 2 == 0 ? 0.25 : 0.35)) {
                add(at, Math.min(n - 1, i + 1 + r.nextInt(60)), new Delete(i));
            }
            if (r.nextDouble() < 0.5) {
                add(at, i, new Complete());
            }
        }
        return at;
    }

    private static void add(Map<Integer, List<Action>> at, int step, Action a) {
        at.computeIfAbsent(step, s -> new ArrayList<>()).add(a);
    }

    @Test
    void locusKeepsItsPromisesThroughFaultsAndRestarts() throws Exception {
        Params p = Params.fromSystemProperties();
        Random random = new Random(p.seed());
        Path dir = Path.of("target", "soak", "seed-" + p.seed());
        try (SoakFleet fleet = new SoakFleet(p.seed(), dir, false)) {
            Soak soak = new Soak(fleet, new Random(p.seed() + 1));
            List<Spec> specs = Soak.workloads(random, p.workloads(), 0);
            Map<Integer, List<Action>> plan = plan(random, p);
            fleet.faults(FaultProxy.Faults.moderate().times(p.faults()));
            int generation = 0;
            OperatorProcess operator = fleet.startOperator("locus-" + generation, "standalone");
            operator.awaitReady(Duration.ofSeconds(120));
            int restarts = 0;
            long next = System.nanoTime();
            for (int i = 0; i < specs.size(); i++) {
                soak.create(specs.get(i));
                for (Action a : plan.getOrDefault(i, List.of())) {
                    if (a instanceof Kill k) {
                        operator.kill();
                        restarts++;
                        if (k.waitBeforeStart()) {
                            // Down for a while: work keeps arriving meanwhile.
                            pace(3 * 1_000_000_000L);
                        }
                        operator = fleet.startOperator("locus-" + ++generation, "standalone");
                    } else if (a instanceof Cut c) {
                        fleet.memberProxies.get(c.member()).cutOff();
                    } else if (a instanceof Heal h) {
                        fleet.memberProxies.get(h.member()).heal();
                    } else if (a instanceof Delete d) {
                        soak.delete(specs.get(d.index()));
                    } else if (a instanceof Complete) {
                        soak.completeSomeJob();
                    }
                }
                if (!operator.isAlive()) {
                    soak.died(operator);
                    operator = fleet.startOperator("locus-" + ++generation, "standalone");
                    restarts++;
                }
                // The arrival rate of the workload stream.
                next += TimeUnit.MILLISECONDS.toNanos(p.intervalMillis());
                pace(next - System.nanoTime());
            }
            List<String> violations = soak.settleAndCheck(p.settle());
            if (!operator.isAlive()) {
                soak.died(operator);
                violations.add("the operator was not running at the end");
            }
            String summary = soak.summary(restarts, violations);
            System.out.println(summary);
            assertThat(violations).as(summary).isEmpty();
        }
    }

    /** Waits between arrivals: the pace of the workload stream, not a wait for an outcome. */
    static void pace(long nanos) throws InterruptedException {
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }
}
