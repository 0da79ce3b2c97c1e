package dev.locus.bench;

import dev.locus.placement.Decision;
import dev.locus.placement.LatencyCache;
import dev.locus.placement.PlacementEngine;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decisions per second of one scheduling pass with sharing: {@link PlacementBenchmark}'s 10,000
 * workloads on 1,000 pools in the operator's mode (FAILURES, latencies warm), under 10 FleetQuotas
 * in two cohorts, with 2,000 low-priority jobs placed already and 30 % of the workloads allowed to
 * preempt. Fair-share order, quota checks with borrowing, and victim searches included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class SharingBenchmark {

    static final int WORKLOADS = 10_000;

    SyntheticFleet fleet;
    LatencyCache latencies;

    @Setup(Level.Trial)
    public void setUp() {
        fleet = SyntheticFleet.shared(300, 1000, WORKLOADS, 2000, 42);
        latencies = new LatencyCache();
    }

    @Benchmark
    @OperationsPerInvocation(WORKLOADS)
    public void quotasAndPreemption(Blackhole blackhole) {
        List<Decision> decisions =
                new PlacementEngine(fleet.snapshot, PlacementEngine.Explain.FAILURES, latencies)
                        .decideAll(fleet.workloads);
        blackhole.consume(decisions);
    }
}
