package dev.locus.cli.demo.bench;

import dev.locus.cli.LocusMain;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kubectl locus bench}: the operator end to end, on this machine, bounded in time and count.
 * It starts a hub and member API servers (fabric8's mock in CRUD mode) with a realistic fleet,
 * measures what a bare client can do against that hub, starts the real operator as its own process,
 * applies bursts and a steady stream of workloads, and reports throughput, latency from apply to
 * placed and dispatched (as a hub informer of this process sees them), the operator's CPU per
 * placed workload and its scheduling passes, then its memory holding many placed workloads, on this
 * fleet and on a wide one.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Benchmark the operator end to end on embedded API servers (localhost only).",
            "",
            "Phases: ceiling (bare-client creates and status writes, no operator); burst (bursts"
                    + " of workloads); steady (a steady stream); hold (the operator's memory"
                    + " holding placed workloads); many-members (the same hold on a fleet of many"
                    + " member clusters).",
            "",
            "Every wait is bounded by --timeout: a phase that runs out of time reports what it"
                    + " reached and the run goes on. Exit code 0: every phase completed; 1: one"
                    + " did not (the reasons are printed last); 2: bad options."
        })
public class BenchCommand implements Callable<Integer> {

    /** The phases, in the order they run. */
    static final List<String> PHASES =
            List.of("ceiling", "burst", "steady", "hold", "many-members");

    @Spec CommandSpec spec;

    @Option(
            names = "--quick",
            description =
                    "A smoke run for CI (under 2 minutes): bursts of 100 and 200, 10 s steady at"
                            + " 10/s, 150 held, 10 members of 20 nodes in the many-members phase,"
                            + " pools of 128 GPUs, no warm-up, 60 s timeouts. Options given"
                            + " explicitly still apply.")
    boolean quick;

    @Option(
            names = "--phases",
            split = ",",
            paramLabel = "PHASE",
            description = "Phases to run (default: all): ${COMPLETION-CANDIDATES}.",
            completionCandidates = PhaseNames.class)
    List<String> phases;

    @Option(names = "--members", paramLabel = "N", description = "Member clusters (default 8).")
    Integer members;

    @Option(
            names = "--pools-per-member",
            paramLabel = "N",
            description = "GPU pools per member (default 2).")
    Integer poolsPerMember;

    @Option(
            names = "--gpus-per-pool",
            paramLabel = "N",
            description = "Accelerators per pool (default 2048; --quick 128).")
    Integer gpusPerPool;

    @Option(
            names = "--gpus-per-node",
            paramLabel = "N",
            description = "Accelerators per GPU node (default 8).")
    Integer gpusPerNode;

    @Option(
            names = "--bursts",
            split = ",",
            paramLabel = "N",
            description = "Burst sizes (default 1000,5000; --quick 100,200).")
    List<Integer> bursts;

    @Option(
            names = "--steady-rate",
            paramLabel = "PER_SECOND",
            description = "Workloads per second of the steady phase (default 50; --quick 10).")
    Integer steadyRate;

    @Option(
            names = "--steady-seconds",
            paramLabel = "SECONDS",
            description = "Length of the steady phase (default 60; --quick 10).")
    Integer steadySeconds;

    @Option(
            names = "--hold",
            paramLabel = "N",
            description =
                    "Placed workloads to hold for the memory figures (default 15000; --quick 150).")
    Integer hold;

    @Option(
            names = "--many-members",
            paramLabel = "N",
            description = "Member clusters of the many-members phase (default 100; --quick 10).")
    Integer manyMembers;

    @Option(
            names = "--many-nodes",
            paramLabel = "N",
            description =
                    "GPU nodes per member in the many-members phase (default 100; --quick 20).")
    Integer manyNodes;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            description =
                    "Workloads applied, placed and deleted before the first measured phase, not"
                            + " measured: the operator's JIT compiles its hot paths; the same number"
                            + " warms up the bare client before the ceiling (default 3,000, about"
                            + " what the JIT needs to settle on this code; --quick 0; 0: none).")
    Integer warmup;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Client threads that apply workloads (default 8).")
    Integer threads;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "Bound of every wait (default 1200; --quick 60).")
    Integer timeoutSeconds;

    @Option(
            names = "--operator-heap",
            paramLabel = "SIZE",
            description =
                    "The operator's -Xmx (default 576m: 75 %% of the Helm chart's 768Mi limit, as"
                            + " the image's MaxRAMPercentage=75 gives it); 'none' for the JVM's"
                            + " default.")
    String operatorHeap = "576m";

    /**
     * The collector options the image's launcher (run-java.sh of the UBI OpenJDK runtime image,
     * src/main/docker/Dockerfile.jvm) gives the operator: the benchmark measures what ships.
     */
    static final List<String> IMAGE_GC_OPTIONS =
            List.of(
                    "-XX:+UseParallelGC",
                    "-XX:MinHeapFreeRatio=10",
                    "-XX:MaxHeapFreeRatio=20",
                    "-XX:GCTimeRatio=4",
                    "-XX:AdaptiveSizePolicyWeight=90");

    @Option(
            names = "--operator-gc",
            paramLabel = "image|jvm",
            description =
                    "The operator's garbage collector: 'image' (default) as the container image"
                            + " runs it (ParallelGC, heap free ratios 10-20 %%), 'jvm' for this"
                            + " JVM's own choice.")
    String operatorGc = "image";

    @Option(
            names = "--operator-jvm-option",
            paramLabel = "OPTION",
            description = "An extra JVM option of the operator's process (repeatable).")
    List<String> operatorJvmOptions = new ArrayList<>();

    @Option(
            names = "--profile",
            description =
                    "Record JFR (settings=profile) of the operator and of this process (the API"
                            + " servers and the clients) into the work directory, and the"
                            + " operator's native memory (NMT summary) and threads when it holds"
                            + " its workloads.")
    boolean profile;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Seed of the workload mix (default 42).")
    long seed = 42;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Option(
            names = "--markdown",
            paramLabel = "FILE",
            description = "Also write the results as markdown tables.")
    Path markdown;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description = "Where logs (and recordings) go (default: a new temporary directory).")
    Path workDir;

    @Option(
            names = "--app",
            paramLabel = "DIR",
            description =
                    "The operator's application (default: the target/quarkus-app this command runs from).")
    Path app;

    /** The run's sizes, options and --quick resolved. */
    record Settings(
            boolean quick,
            Set<String> phases,
            BenchFleet.Shape fleet,
            BenchFleet.Shape manyFleet,
            List<Integer> bursts,
            int steadyRate,
            int steadySeconds,
            int hold,
            int warmup,
            int threads,
            Duration timeout,
            String heap,
            long seed) {

        int steadyCount() {
            return steadyRate * steadySeconds;
        }

        boolean runs(String phase) {
            return phases.contains(phase);
        }
    }

    static final class PhaseNames extends ArrayList<String> {
        PhaseNames() {
            super(PHASES);
        }
    }

    Settings settings() {
        Set<String> chosen = new LinkedHashSet<>();
        for (String p : phases == null ? PHASES : phases) {
            String name = p.trim().toLowerCase(Locale.ROOT);
            if (!PHASES.contains(name)) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "unknown phase '" + p + "': one of " + PHASES);
            }
            chosen.add(name);
        }
        int perNode = or(gpusPerNode, 8);
        int poolsEach = or(poolsPerMember, 2);
        BenchFleet.Shape fleet =
                new BenchFleet.Shape(
                        or(members, 8), poolsEach, or(gpusPerPool, quick ? 128 : 2048), perNode);
        int wideNodes = or(manyNodes, quick ? 20 : 100);
        BenchFleet.Shape wide =
                new BenchFleet.Shape(
                        or(manyMembers, quick ? 10 : 100),
                        poolsEach,
                        Math.max(1, wideNodes / poolsEach) * perNode,
                        perNode);
        List<Integer> sizes =
                bursts == null ? (quick ? List.of(100, 200) : List.of(1000, 5000)) : bursts;
        for (int n : sizes) {
            positive("--bursts", n);
        }
        Settings s =
                new Settings(
                        quick,
                        chosen,
                        fleet,
                        wide,
                        List.copyOf(sizes),
                        positive("--steady-rate", or(steadyRate, quick ? 10 : 50)),
                        positive("--steady-seconds", or(steadySeconds, quick ? 10 : 60)),
                        positive("--hold", or(hold, quick ? 150 : 15000)),
                        Math.max(0, or(warmup, quick ? 0 : 3000)),
                        positive("--threads", or(threads, 8)),
                        Duration.ofSeconds(
                                positive("--timeout", or(timeoutSeconds, quick ? 60 : 1200))),
                        "none".equalsIgnoreCase(operatorHeap) ? null : operatorHeap,
                        seed);
        positive("--members", fleet.members());
        positive("--many-members", wide.members());
        positive("--gpus-per-pool", fleet.gpusPerPool());
        positive("--gpus-per-node", perNode);
        positive("--pools-per-member", poolsEach);
        return s;
    }

    private int positive(String option, int value) {
        if (value < 1) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), option + " must be at least 1, got " + value);
        }
        return value;
    }

    private static int or(Integer value, int otherwise) {
        return value == null ? otherwise : value;
    }

    /** When the command was made: the run's story counts its seconds from here. */
    private final long begun = System.nanoTime();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Settings settings = settings();
        Path application = app != null ? app : defaultApp();
        Path work =
                workDir != null
                        ? Files.createDirectories(workDir)
                        : Files.createTempDirectory("locus-bench-");
        BenchLog.toFile(work.resolve("bench.log"));
        Results results = new Results();
        return new BenchRun(
                        settings,
                        work,
                        profile,
                        jvmOptions(),
                        results,
                        new BenchStory(out, begun, results))
                .run(application, json, markdown);
    }

    /** The operator's JVM options: the collector's (--operator-gc), then the extra ones. */
    List<String> jvmOptions() {
        List<String> options = new ArrayList<>();
        switch (operatorGc) {
            case "image" -> options.addAll(IMAGE_GC_OPTIONS);
            case "jvm" -> {}
            default ->
                    throw new picocli.CommandLine.ParameterException(
                            spec.commandLine(),
                            "--operator-gc must be image or jvm, not " + operatorGc);
        }
        options.addAll(operatorJvmOptions);
        return options;
    }

    /** target/quarkus-app, found from the jar this class was loaded from (its app/ folder). */
    static Path defaultApp() {
        try {
            Path source =
                    Path.of(
                            LocusMain.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            for (Path p = source; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("quarkus-run.jar"))) {
                    return p;
                }
                if (Files.isRegularFile(p.resolve("target/quarkus-app/quarkus-run.jar"))) {
                    return p.resolve("target/quarkus-app");
                }
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // Fall through to the working directory's.
        }
        return Path.of("target", "quarkus-app").toAbsolutePath();
    }
}
