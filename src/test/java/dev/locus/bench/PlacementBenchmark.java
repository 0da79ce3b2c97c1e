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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decisions per second of one scheduling pass: 10,000 pending workloads against 100 or 1,000 pools
 * over 300 clusters, single thread. Each operation is one decision; the pass includes building the
 * engine's indices from the snapshot, as the operator does every pass.
 *
 * <p>Run: {@code ./mvnw -q test-compile exec:exec -Pbench} (see BENCHMARKS.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class PlacementBenchmark {

    static final int WORKLOADS = 10_000;

    @Param({"100", "1000"})
    int pools;

    @Param({"FAILURES", "ALL"})
    PlacementEngine.Explain explain;

    /**
     * COLD computes every latency afresh, as a pass after the clusters changed does; WARM reuses
     * them, as the operator's passes do while the clusters stay the same.
     */
    @Param({"WARM", "COLD"})
    String topology;

    SyntheticFleet fleet;
    LatencyCache latencies;

    @Setup(Level.Trial)
    public void setUp() {
        fleet = new SyntheticFleet(300, pools, WORKLOADS, 42);
        latencies = new LatencyCache();
    }

    @Benchmark
    @OperationsPerInvocation(WORKLOADS)
    public void schedulingPass(Blackhole blackhole) {
        LatencyCache cache = topology.equals("WARM") ? latencies : new LatencyCache();
        List<Decision> decisions =
                new PlacementEngine(fleet.snapshot, explain, cache).decideAll(fleet.workloads);
        blackhole.consume(decisions);
    }
}
