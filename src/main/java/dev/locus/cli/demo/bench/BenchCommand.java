package dev.locus.cli.demo.bench;

import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.cli.LocusMain;
import dev.locus.cli.demo.MockApiServers;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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

    static final String CEILING_NAMESPACE = "bench-ceiling";

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
                            + " warms up the bare client before the ceiling (default 300; --quick"
                            + " 0; 0: none).")
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
                        Math.max(0, or(warmup, quick ? 0 : 300)),
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

    private PrintWriter out;
    private Path work;
    private Results results;
    private Settings settings;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        settings = settings();
        Path application = app != null ? app : defaultApp();
        work =
                workDir != null
                        ? Files.createDirectories(workDir)
                        : Files.createTempDirectory("locus-bench-");
        BenchLog.toFile(work.resolve("bench.log"));
        results = new Results();
        Map<String, Object> described = describe(settings, application);
        say("Locus end-to-end benchmark. Logs in %s", work);
        described.forEach((k, v) -> say("  %-18s %s", k + ":", v));
        long started = System.nanoTime();
        if (settings.runs("ceiling")
                || settings.runs("burst")
                || settings.runs("steady")
                || settings.runs("hold")) {
            runMainFleet(application);
        }
        if (settings.runs("many-members")) {
            runManyMembers(application);
        }
        say("");
        say("Done in %.0f s.", (System.nanoTime() - started) / 1e9);
        BenchReport report = new BenchReport(described, results);
        out.print(report.text());
        if (json != null) {
            Files.writeString(json, report.json(), StandardCharsets.UTF_8);
            say("Wrote %s", json);
        }
        if (markdown != null) {
            Files.writeString(markdown, report.markdown(), StandardCharsets.UTF_8);
            say("Wrote %s", markdown);
        }
        if (!results.complete()) {
            say("");
            say("INCOMPLETE: %d problem(s):", results.problems.size());
            results.problems.forEach(p -> say("  - %s", p));
            out.flush();
            return 1;
        }
        say("Every phase completed.");
        out.flush();
        return 0;
    }

    /** The fleet of the throughput phases: ceiling, bursts, steady, hold. */
    private void runMainFleet(Path application) throws Exception {
        say("");
        say("Starting a hub and %s...", settings.fleet());
        long t0 = System.nanoTime();
        try (BenchFleet fleet =
                new BenchFleet(settings.fleet(), settings.threads(), settings.timeout())) {
            int objects = fleet.applyLocusObjects();
            prepareNamespaces(fleet.hub());
            say(
                    "  %d API servers up, %,d nodes and %d Locus objects (zones, clusters, pools) applied in %.1f s.",
                    fleet.members().size() + 1,
                    settings.fleet().nodes(),
                    objects,
                    (System.nanoTime() - t0) / 1e9);
            WorkloadMix mix = new WorkloadMix(settings.seed(), fleet.members());
            Load load = new Load(fleet.hub(), settings.threads());
            if (settings.runs("ceiling")) {
                ceilings(fleet.hub(), mix, load);
            }
            if (!(settings.runs("burst") || settings.runs("steady") || settings.runs("hold"))) {
                return;
            }
            try (Profile recording = Profile.start(profile, work, "bench-main");
                    Tracker tracker = new Tracker(fleet.hub(), settings.timeout());
                    OperatorProcess operator = startOperator(application, fleet, "main")) {
                if (operator == null) {
                    return;
                }
                Phases phases = new Phases(fleet, operator, tracker, mix, load);
                if (settings.warmup() > 0 && (settings.runs("burst") || settings.runs("steady"))) {
                    phases.warmUp(settings.warmup());
                }
                if (settings.runs("burst")) {
                    for (int n : settings.bursts()) {
                        if (!phases.alive()) {
                            break;
                        }
                        phases.throughput("burst-" + n, "burst-" + n, "burst", n, 0);
                    }
                }
                if (settings.runs("steady") && phases.alive()) {
                    phases.throughput(
                            "steady",
                            "steady-" + settings.steadyRate() + "/s",
                            "steady",
                            settings.steadyCount(),
                            settings.steadyRate());
                }
                if (settings.runs("hold") && phases.alive()) {
                    phases.hold("hold-" + settings.hold(), "hold", settings.fleet());
                }
                say("Stopping the operator.");
            }
        }
    }

    /** The hold again, on a fleet of many member clusters. */
    private void runManyMembers(Path application) throws Exception {
        BenchFleet.Shape shape = settings.manyFleet();
        say("");
        say("Starting a hub and %s...", shape);
        long t0 = System.nanoTime();
        try (BenchFleet fleet = new BenchFleet(shape, settings.threads(), settings.timeout())) {
            int objects = fleet.applyLocusObjects();
            prepareNamespaces(fleet.hub());
            say(
                    "  %d API servers up, %,d nodes and %d Locus objects applied in %.1f s.",
                    fleet.members().size() + 1,
                    shape.nodes(),
                    objects,
                    (System.nanoTime() - t0) / 1e9);
            WorkloadMix mix = new WorkloadMix(settings.seed(), fleet.members());
            Load load = new Load(fleet.hub(), settings.threads());
            try (Profile recording = Profile.start(profile, work, "bench-many-members");
                    Tracker tracker = new Tracker(fleet.hub(), settings.timeout());
                    OperatorProcess operator = startOperator(application, fleet, "many-members")) {
                if (operator == null) {
                    return;
                }
                new Phases(fleet, operator, tracker, mix, load)
                        .hold("many-members-" + shape.members(), "wide", shape);
                say("Stopping the operator.");
            }
        }
    }

    private void ceilings(KubernetesClient hub, WorkloadMix mix, Load load)
            throws InterruptedException {
        Set<Integer> counts = new LinkedHashSet<>();
        if (settings.runs("burst")) {
            counts.addAll(settings.bursts());
        }
        if (settings.runs("steady") || counts.isEmpty()) {
            counts.add(settings.runs("steady") ? settings.steadyCount() : settings.bursts().get(0));
        }
        if (settings.warmup() > 0) {
            // The client and the API server warm up too, not measured.
            load.createAndWriteStatus(
                    mix.generate("ceiling-warmup", settings.warmup(), CEILING_NAMESPACE),
                    settings.timeout());
            hub.resources(TrainingJob.class).inNamespace(CEILING_NAMESPACE).delete();
            hub.resources(InferenceEndpoint.class).inNamespace(CEILING_NAMESPACE).delete();
        }
        for (int n : counts) {
            List<WorkloadResource> workloads = mix.generate("ceiling-" + n, n, CEILING_NAMESPACE);
            Load.Outcome o = load.createAndWriteStatus(workloads, settings.timeout());
            double rate = o.applied() == 0 ? 0 : o.applied() / o.seconds();
            results.ceilings.add(
                    new Results.Ceiling(n, o.applied(), o.seconds(), rate, o.finished()));
            say(
                    "Ceiling, %,d workloads: %,d created + status written in %.1f s = %.1f workloads/s (%d threads, no operator).",
                    n, o.applied(), o.seconds(), rate, settings.threads());
            if (!o.finished() || o.failed() > 0) {
                problem(
                        "ceiling-%d: %,d of %,d written within %d s%s",
                        n,
                        o.applied(),
                        n,
                        settings.timeout().toSeconds(),
                        o.firstError() == null ? "" : "; first error: " + o.firstError());
            }
            hub.resources(TrainingJob.class).inNamespace(CEILING_NAMESPACE).delete();
            hub.resources(InferenceEndpoint.class).inNamespace(CEILING_NAMESPACE).delete();
        }
    }

    private OperatorProcess startOperator(Path application, BenchFleet fleet, String name)
            throws IOException, InterruptedException {
        Path kubeconfig = work.resolve("hub-" + name + ".kubeconfig");
        Files.writeString(kubeconfig, fleet.hubKubeconfig(), StandardCharsets.UTF_8);
        List<String> options = new ArrayList<>(operatorJvmOptions);
        if (profile) {
            options.add(
                    "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                            + work.resolve("operator-" + name + ".jfr"));
            options.add("-XX:NativeMemoryTracking=summary");
        }
        long t0 = System.nanoTime();
        OperatorProcess operator =
                OperatorProcess.start(
                        application,
                        kubeconfig,
                        settings.heap(),
                        options,
                        work.resolve("operator-" + name + ".log"));
        say(
                "Started the operator: pid %d, %s, log %s",
                operator.pid(),
                settings.heap() == null ? "default heap" : "-Xmx" + settings.heap(),
                operator.log());
        if (!operator.awaitReady(settings.timeout())) {
            problem(
                    "the operator (%s fleet) was not ready within %d s (alive: %s); see %s",
                    name, settings.timeout().toSeconds(), operator.isAlive(), operator.log());
            operator.close();
            return null;
        }
        say("  ready (/q/health/ready) in %.1f s.", (System.nanoTime() - t0) / 1e9);
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (!fleet.ready() && System.nanoTime() < deadline && operator.isAlive()) {
            Thread.sleep(500);
        }
        if (!fleet.ready()) {
            problem(
                    "fleet (%s) not ready within %d s: %d/%d clusters Ready, %d/%d pools report their nodes' capacity",
                    name,
                    settings.timeout().toSeconds(),
                    fleet.readyClusters(),
                    fleet.members().size(),
                    fleet.poolsWithCapacity(),
                    fleet.shape().pools());
            operator.close();
            return null;
        }
        say(
                "  %d clusters Ready and %d pools reporting %,d GPUs after %.1f s; operator RSS %s.",
                fleet.members().size(),
                fleet.shape().pools(),
                fleet.shape().pools()
                        * (long) fleet.shape().nodesPerPool()
                        * fleet.shape().gpusPerNode(),
                (System.nanoTime() - t0) / 1e9,
                BenchReport.mib(operator.usage().rssKiB() / 1024));
        return operator;
    }

    /** The phases that run against one fleet and its operator. */
    private final class Phases {
        private final BenchFleet fleet;
        private final OperatorProcess operator;
        private final Tracker tracker;
        private final WorkloadMix mix;
        private final Load load;

        Phases(
                BenchFleet fleet,
                OperatorProcess operator,
                Tracker tracker,
                WorkloadMix mix,
                Load load) {
            this.fleet = fleet;
            this.operator = operator;
            this.tracker = tracker;
            this.mix = mix;
            this.load = load;
        }

        boolean alive() {
            if (!operator.isAlive()) {
                problem("the operator exited; see %s", operator.log());
                return false;
            }
            return true;
        }

        /** A burst (perSecond 0) or a steady stream of {@code count} workloads. */
        void throughput(String id, String label, String kind, int count, int perSecond)
                throws InterruptedException {
            List<WorkloadResource> workloads = mix.generate(id, count);
            Tracker.Run run = tracker.start(id, workloads);
            say("");
            say(
                    "%s: applying %,d workloads %s with %d threads...",
                    label,
                    count,
                    perSecond > 0 ? "at " + perSecond + "/s" : "at once",
                    settings.threads());
            Snapshot before = snapshot(true);
            Duration applyTime =
                    perSecond > 0
                            ? settings.timeout().plusSeconds(count / perSecond)
                            : settings.timeout();
            Load.Outcome o =
                    perSecond > 0
                            ? load.steady(workloads, run::created, perSecond, applyTime)
                            : load.burst(workloads, run::created, applyTime);
            say(
                    "  applied %,d in %.1f s (%.1f/s)%s.",
                    o.applied(),
                    o.seconds(),
                    o.applied() / Math.max(o.seconds(), 1e-9),
                    o.failed() == 0 ? "" : ", " + o.failed() + " failed: " + o.firstError());
            long deadline = System.nanoTime() + settings.timeout().toNanos();
            boolean placed = run.awaitPlaced(deadline, operator::isAlive);
            boolean dispatched = placed && run.awaitDispatched(deadline, operator::isAlive);
            settle();
            Snapshot after = snapshot(false);
            save(after.metrics(), "metrics-" + id + ".txt");
            Results.Cpu cpu = before.cpuUntil(after, o.firstStart());
            long cpuMillis = after.operatorCpu() - before.operatorCpu();
            Double passesBefore = before.passes();
            Double passesAfter = after.passes();
            int placedCount = (int) run.placedCount();
            int dispatchedCount = (int) run.dispatchedCount();
            double placeSeconds =
                    placedCount == 0 ? Double.NaN : (run.lastPlaced() - o.firstStart()) / 1e9;
            double dispatchSeconds =
                    dispatchedCount == 0
                            ? Double.NaN
                            : (run.lastDispatched() - o.firstStart()) / 1e9;
            double placedRate = placedCount == 0 ? 0 : placedCount / placeSeconds;
            double dispatchedRate = dispatchedCount == 0 ? 0 : dispatchedCount / dispatchSeconds;
            Results.Ceiling ceiling = results.ceiling(count);
            Double ceilingRate = ceiling == null ? null : ceiling.perSecond();
            boolean complete = o.finished() && o.failed() == 0 && placed && dispatched;
            String note = "";
            if (!complete) {
                note =
                        String.format(
                                Locale.ROOT,
                                "%s: within %d s %,d of %,d applied, %,d placed, %,d dispatched",
                                label,
                                settings.timeout().toSeconds(),
                                o.applied(),
                                count,
                                placedCount,
                                dispatchedCount);
                problem("%s", note);
            }
            Results.Throughput r =
                    new Results.Throughput(
                            label,
                            kind,
                            count,
                            o.applied(),
                            placedCount,
                            dispatchedCount,
                            o.seconds(),
                            placeSeconds,
                            dispatchSeconds,
                            placedRate,
                            dispatchedRate,
                            ceilingRate,
                            ceilingRate == null || ceilingRate == 0
                                    ? null
                                    : placedRate / ceilingRate,
                            Results.Latencies.of(run.toPlacedMillis()),
                            Results.Latencies.of(run.toDispatchedMillis()),
                            placedCount == 0 || before.operatorCpu() < 0
                                    ? null
                                    : (double) cpuMillis / placedCount,
                            passesBefore == null || passesAfter == null
                                    ? null
                                    : Math.round(passesAfter - passesBefore),
                            cpu,
                            before.requestsUntil(after, placedCount),
                            reconciliations(before.metrics(), after.metrics(), placedCount),
                            complete,
                            note);
            results.throughput.add(r);
            say(
                    "  placed %,d/%,d in %.1f s (%.1f/s), dispatched %,d in %.1f s (%.1f/s)",
                    placedCount,
                    count,
                    placeSeconds,
                    placedRate,
                    dispatchedCount,
                    dispatchSeconds,
                    dispatchedRate);
            say(
                    "  apply->placed p50/p99/max %s, apply->dispatched %s, operator CPU %s per placed, %s scheduling passes",
                    BenchReport.latencies(r.toPlaced()),
                    BenchReport.latencies(r.toDispatched()),
                    r.cpuMsPerPlaced() == null
                            ? "-"
                            : String.format(Locale.ROOT, "%.2f ms", r.cpuMsPerPlaced()),
                    r.schedulingPasses() == null ? "-" : r.schedulingPasses());
            say("  %s", BenchReport.cpu(cpu));
            say("  %s", BenchReport.requests(r.requests()));
            say(
                    "  reconciliations per placed workload: %s",
                    BenchReport.perKind(r.reconciliationsPerPlaced()));
            cleanUp(run, workloads);
        }

        /** Applies workloads, waits until they are dispatched and deletes them: not measured. */
        void warmUp(int count) throws InterruptedException {
            say("");
            say("Warm-up: %,d workloads applied, placed and deleted (not measured)...", count);
            long t0 = System.nanoTime();
            List<WorkloadResource> workloads = mix.generate("warmup", count);
            Tracker.Run run = tracker.start("warmup", workloads);
            load.burst(workloads, run::created, settings.timeout());
            long deadline = System.nanoTime() + settings.timeout().toNanos();
            if (!(run.awaitPlaced(deadline, operator::isAlive)
                    && run.awaitDispatched(deadline, operator::isAlive))) {
                problem(
                        "warm-up: within %d s %,d of %,d placed, %,d dispatched",
                        settings.timeout().toSeconds(),
                        run.placedCount(),
                        count,
                        run.dispatchedCount());
            }
            cleanUp(run, workloads);
            say("  done in %.1f s.", (System.nanoTime() - t0) / 1e9);
        }

        /**
         * What the CPU counters, the operator's threads and its metrics say now. A scrape of
         * /q/metrics costs the operator CPU (JOSDK keeps series per resource): it is taken before
         * the CPU counters are read at the start of a phase, after them at its end, so that no
         * phase counts the benchmark's own scrapes.
         */
        private Snapshot snapshot(boolean start) {
            String metrics = start ? operator.metrics() : null;
            long self = ProcessHandle.current().pid();
            long nanos = System.nanoTime();
            long machineBusy = ProcStats.machineBusyMillis();
            long operatorCpu = operator.usage().cpuMillis();
            Map<String, Long> operatorThreads = ProcStats.threadCpuMillis(operator.pid());
            long benchCpu = ProcStats.cpuMillis(self);
            Map<String, Long> benchThreads = ProcStats.eachThreadCpuMillis(self);
            RequestLog.Counts requests = fleet.requests().counts();
            if (!start) {
                metrics = operator.metrics();
            }
            OptionalDouble passes =
                    PrometheusText.sum(
                            metrics, "locus_scheduling_pass_duration_seconds_count", Map.of());
            return new Snapshot(
                    nanos,
                    machineBusy,
                    operatorCpu,
                    operatorThreads,
                    benchCpu,
                    benchThreads,
                    requests,
                    passes.isPresent() ? passes.getAsDouble() : null,
                    metrics);
        }

        /** Holds {@code count} placed workloads and reads the operator's memory. */
        void hold(String label, String id, BenchFleet.Shape shape) throws InterruptedException {
            int count = settings.hold();
            say("");
            say("%s: applying %,d workloads to hold placed...", label, count);
            settle();
            Long idle = rssMiB();
            List<WorkloadResource> workloads = mix.generate(id, count);
            Tracker.Run run = tracker.start(id, workloads);
            Load.Outcome o = load.burst(workloads, run::created, settings.timeout());
            long deadline = System.nanoTime() + settings.timeout().toNanos();
            boolean placed = run.awaitPlaced(deadline, operator::isAlive);
            boolean dispatched = placed && run.awaitDispatched(deadline, operator::isAlive);
            settle();
            int placedCount = (int) run.placedCount();
            double placeSeconds =
                    placedCount == 0 ? Double.NaN : (run.lastPlaced() - o.firstStart()) / 1e9;
            Long rss = rssMiB();
            long scrapeStart = System.nanoTime();
            String metrics = operator.metrics();
            Results.Scrape scrape =
                    new Results.Scrape(
                            metrics.lines().count(),
                            metrics.length() / (1024.0 * 1024.0),
                            (System.nanoTime() - scrapeStart) / 1e6);
            save(metrics, "metrics-" + id + ".txt");
            Double heap = mib(metrics, "jvm_memory_used_bytes", "heap");
            Double committed = mib(metrics, "jvm_memory_committed_bytes", "heap");
            Double nonHeap = mib(metrics, "jvm_memory_used_bytes", "nonheap");
            if (heap == null) {
                // No scrape (the operator could not answer it): the JVM's own word.
                var info = operator.heapInfo();
                if (info.isPresent()) {
                    heap = info.get().usedKiB() / 1024.0;
                    committed = info.get().committedKiB() / 1024.0;
                    say("  /q/metrics did not answer: heap figures from jcmd GC.heap_info");
                }
            }
            if (profile) {
                operator.jcmd("VM.native_memory", "summary")
                        .ifPresent(text -> save(text, "nmt-" + id + ".txt"));
                operator.jcmd("Thread.print")
                        .ifPresent(text -> save(text, "threads-" + id + ".txt"));
            }
            boolean gc = operator.gc();
            Long rssAfterGc = gc ? rssMiB() : null;
            // After the GC, from jcmd GC.heap_info: a scrape would allocate what it measures.
            Double heapAfterGc =
                    gc ? operator.heapInfo().map(h -> h.usedKiB() / 1024.0).orElse(null) : null;
            boolean complete = o.finished() && o.failed() == 0 && placed && dispatched;
            String note = "";
            if (!complete) {
                note =
                        String.format(
                                Locale.ROOT,
                                "%s: within %d s %,d of %,d applied, %,d placed, %,d dispatched",
                                label,
                                settings.timeout().toSeconds(),
                                o.applied(),
                                count,
                                placedCount,
                                run.dispatchedCount());
                problem("%s", note);
            }
            String fleetText =
                    String.format(
                            Locale.ROOT,
                            "%d members, %,d nodes, %d pools",
                            shape.members(),
                            shape.nodes(),
                            shape.pools());
            results.memory.add(
                    new Results.Memory(
                            label,
                            fleetText,
                            shape.members(),
                            shape.nodes(),
                            count,
                            placedCount,
                            (int) run.dispatchedCount(),
                            placeSeconds,
                            idle,
                            rss,
                            heap,
                            committed,
                            nonHeap,
                            rssAfterGc,
                            heapAfterGc,
                            gc,
                            scrape,
                            complete,
                            note));
            say(
                    "  placed %,d/%,d in %.1f s; operator RSS %s (idle %s), heap used %s of %s committed, non-heap %s; after a full GC (jcmd GC.run): %s (GC.heap_info)",
                    placedCount,
                    count,
                    placeSeconds,
                    BenchReport.mib(rss),
                    BenchReport.mib(idle),
                    BenchReport.mib(heap),
                    BenchReport.mib(committed),
                    BenchReport.mib(nonHeap),
                    gc
                            ? "RSS "
                                    + BenchReport.mib(rssAfterGc)
                                    + ", heap used "
                                    + BenchReport.mib(heapAfterGc)
                            : "not run (jcmd unavailable), figures are without GC");
            say(
                    "  /q/metrics: %,d lines, %.1f MiB, scraped in %.0f ms",
                    scrape.lines(), scrape.mebibytes(), scrape.millis());
        }

        /**
         * Deletes a phase's workloads and waits until they are gone (the operator removes their
         * remote objects first), then the Events recorded on them, so the next phase starts from
         * the same hub.
         */
        private void cleanUp(Tracker.Run run, List<WorkloadResource> workloads)
                throws InterruptedException {
            long t0 = System.nanoTime();
            ExecutorService pool =
                    Executors.newFixedThreadPool(
                            settings.threads(), BenchThreads.named("bench-delete"));
            KubernetesClient hub = fleet.hub();
            for (WorkloadResource w : workloads) {
                pool.execute(
                        () -> {
                            try {
                                hub.resource(w).delete();
                            } catch (KubernetesClientException e) {
                                // Counted as not gone below.
                            }
                        });
            }
            pool.shutdown();
            long deadline = System.nanoTime() + settings.timeout().toNanos();
            pool.awaitTermination(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
            pool.shutdownNow();
            boolean gone = run.awaitGone(deadline, operator::isAlive);
            for (String ns : WorkloadMix.TEAMS) {
                try {
                    hub.v1().events().inNamespace(ns).delete();
                } catch (KubernetesClientException e) {
                    // Left behind: the next phase starts with more objects on the hub.
                }
            }
            tracker.forget(run);
            settle();
            if (gone) {
                say(
                        "  cleaned up (workloads deleted, remote objects removed) in %.1f s.",
                        (System.nanoTime() - t0) / 1e9);
            } else {
                problem(
                        "%s: only %,d of %,d workloads were gone within %d s of their deletion; the next phase starts with more on the hub",
                        run.phase, run.goneCount(), run.size(), settings.timeout().toSeconds());
            }
        }

        /**
         * Waits until the operator used under 5 % of a core for half a second: at most 15 s (2 s
         * with --quick).
         */
        private void settle() throws InterruptedException {
            long deadline =
                    System.nanoTime() + Duration.ofSeconds(settings.quick() ? 2 : 15).toNanos();
            long last = operator.usage().cpuMillis();
            while (System.nanoTime() < deadline && operator.isAlive()) {
                Thread.sleep(500);
                long now = operator.usage().cpuMillis();
                if (now - last <= 25) {
                    return;
                }
                last = now;
            }
        }

        private Long rssMiB() {
            long kib = operator.usage().rssKiB();
            return kib < 0 ? null : Math.round(kib / 1024.0);
        }
    }

    /** CPU counters and metrics at one moment of a phase. */
    record Snapshot(
            long nanos,
            long machineBusy,
            long operatorCpu,
            Map<String, Long> operatorThreads,
            long benchCpu,
            Map<String, Long> benchThreads,
            RequestLog.Counts requests,
            Double passes,
            String metrics) {

        /** Requests answered after {@code this} until {@code after}, per placed workload. */
        Results.Requests requestsUntil(Snapshot after, int placed) {
            RequestLog.Counts d = after.requests().since(requests);
            double per = Math.max(placed, 1);
            Map<String, Double> hub = new LinkedHashMap<>();
            RequestLog.Counts.top(d.hub(), 10).forEach((k, v) -> hub.put(k, v / per));
            Map<String, Double> members = new LinkedHashMap<>();
            RequestLog.Counts.top(d.members(), 6).forEach((k, v) -> members.put(k, v / per));
            return new Results.Requests(d.hubTotal() / per, d.memberTotal() / per, hub, members);
        }

        /** The CPU spent from {@code start} (nanoTime) until the later snapshot. */
        Results.Cpu cpuUntil(Snapshot after, long start) {
            Map<String, Double> threads = new LinkedHashMap<>();
            after.operatorThreads().entrySet().stream()
                    .map(
                            e ->
                                    Map.entry(
                                            e.getKey(),
                                            e.getValue()
                                                    - operatorThreads.getOrDefault(e.getKey(), 0L)))
                    .filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(8)
                    .forEach(e -> threads.put(e.getKey(), e.getValue() / 1000.0));
            String busiest = "-";
            long busiestMillis = 0;
            for (var e : after.benchThreads().entrySet()) {
                long d = e.getValue() - benchThreads.getOrDefault(e.getKey(), 0L);
                if (d > busiestMillis) {
                    busiestMillis = d;
                    busiest = e.getKey();
                }
            }
            double operatorSeconds = (after.operatorCpu() - operatorCpu) / 1000.0;
            double benchSeconds = (after.benchCpu() - benchCpu) / 1000.0;
            double machineSeconds = (after.machineBusy() - machineBusy) / 1000.0;
            return new Results.Cpu(
                    (after.nanos() - Math.min(start, nanos)) / 1e9,
                    Runtime.getRuntime().availableProcessors(),
                    operatorSeconds,
                    benchSeconds,
                    threads,
                    busiest,
                    busiestMillis / 1000.0,
                    Math.max(0, machineSeconds - operatorSeconds - benchSeconds));
        }
    }

    /**
     * JOSDK's reconciler executions between two scrapes, by controller, per placed workload (its
     * per-controller counters: the per-resource ones come and go with the resources).
     */
    static Map<String, Double> reconciliations(String before, String after, int placed) {
        Map<String, Double> a = executions(before);
        Map<String, Double> out = new LinkedHashMap<>();
        executions(after)
                .forEach(
                        (kind, v) -> {
                            double d = v - a.getOrDefault(kind, 0.0);
                            if (d > 0) {
                                out.put(kind, d / Math.max(placed, 1));
                            }
                        });
        return out;
    }

    private static Map<String, Double> executions(String metrics) {
        Map<String, Double> out = new java.util.TreeMap<>();
        for (String name :
                List.of(
                        "operator_sdk_controllers_execution_reconcile_success_total",
                        "operator_sdk_controllers_execution_reconcile_failure_total")) {
            PrometheusText.sumBy(metrics, name, "controller")
                    .forEach((controller, v) -> out.merge(controller, v, Double::sum));
        }
        return out;
    }

    private static Double mib(String metrics, String name, String area) {
        OptionalDouble v = PrometheusText.sum(metrics, name, Map.of("area", area));
        return v.isPresent() ? v.getAsDouble() / (1024 * 1024) : null;
    }

    /** Keeps a copy of the operator's metrics in the work directory. */
    private void save(String text, String name) {
        try {
            Files.writeString(work.resolve(name.replace('/', '_')), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // A missing copy loses no figure.
        }
    }

    /** The team namespaces on the hub, and the ceiling's. */
    private static void prepareNamespaces(KubernetesClient hub) {
        for (String ns : WorkloadMix.TEAMS) {
            MockApiServers.ensureNamespace(hub, ns);
        }
        MockApiServers.ensureNamespace(hub, CEILING_NAMESPACE);
    }

    private final long begun = System.nanoTime();

    /** A line of the run's story, after the seconds since it began. */
    private void say(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        out.println(
                text.isEmpty()
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "[%5.1fs] %s",
                                (System.nanoTime() - begun) / 1e9,
                                text));
        out.flush();
    }

    private void problem(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        results.problems.add(text);
        say("  PROBLEM: %s", text);
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

    private Map<String, Object> describe(Settings s, Path application) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        d.put("machine", Machine.describe());
        d.put(
                "java",
                System.getProperty("java.vm.name")
                        + " "
                        + System.getProperty("java.runtime.version"));
        d.put("mode", s.quick() ? "--quick" : "full");
        d.put("phases", String.join(",", s.phases()));
        d.put("fleet", s.fleet().toString());
        d.put("many-members fleet", s.manyFleet().toString());
        d.put(
                "load",
                String.format(
                        Locale.ROOT,
                        "bursts %s, steady %d/s x %d s, hold %,d; warm-up %,d; %d client threads; seed %d",
                        s.bursts(),
                        s.steadyRate(),
                        s.steadySeconds(),
                        s.hold(),
                        s.warmup(),
                        s.threads(),
                        s.seed()));
        d.put(
                "operator",
                "java "
                        + (s.heap() == null ? "(default heap)" : "-Xmx" + s.heap())
                        + (operatorJvmOptions.isEmpty()
                                ? ""
                                : " " + String.join(" ", operatorJvmOptions))
                        + " -jar "
                        + application.resolve("quarkus-run.jar")
                        + " operator (QUARKUS_PROFILE=standalone)");
        d.put("timeout", s.timeout().toSeconds() + " s per wait");
        return d;
    }
}
