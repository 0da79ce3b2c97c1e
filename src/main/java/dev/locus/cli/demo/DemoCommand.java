package dev.locus.cli.demo;

import dev.locus.app.EmbeddedOperator;
import dev.locus.app.LocusConfig;
import dev.locus.cli.ManifestReader;
import dev.locus.cli.Manifests;
import dev.locus.cli.PlanCommand;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kubectl locus demo}: the real operator, in-process, against embedded API servers (a hub,
 * and one per example Cluster with GPU nodes matching its pools). It applies the examples, shows
 * every decision, completes some Jobs to show status flowing back, plays a preemption and, on the
 * operator's simulated clock, a job deferred to a cleaner hour and the energy it used, and exits.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run Locus against embedded API servers: one hub and one per example member cluster.",
            "Applies the manifests, prints every decision and the fleet's capacity, completes",
            "some remote Jobs to show status flowing back, plays a preemption and, on a simulated",
            "clock, a job deferred to a cleaner hour and its energy, then exits (or keeps running)."
        })
public class DemoCommand implements Callable<Integer> {

    /**
     * Where the operator's simulated clock starts: the day of the examples' forecasts, at an hour
     * when {@code green-finetune} is better off waiting (as {@code plan --now} shows it).
     */
    static final Instant START = Instant.parse("2026-11-30T12:00:00Z");

    @Spec CommandSpec spec;

    @Option(
            names = {"-f", "--filename"},
            paramLabel = "PATH",
            description = "Manifests to apply (default: examples/ in the current directory).")
    List<Path> paths = new ArrayList<>();

    @Option(
            names = "--keep-running",
            description = "Leave the servers and the operator up until interrupted.")
    boolean keepRunning;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "How long to wait for decisions (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 90;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DemoLog log = DemoLog.toTemporaryFile();
        out.printf("The operator's warnings and errors go to %s%n", log.file());
        if (paths.isEmpty()) {
            paths = List.of(Path.of("examples"));
            if (!Files.isDirectory(paths.get(0))) {
                err.println(
                        "error: examples/ not found here: run from the repository root, or pass -f PATH");
                err.flush();
                return PlanCommand.BAD_INPUT;
            }
        }
        ManifestReader reader = new ManifestReader();
        Manifests manifests;
        try {
            manifests = reader.read(paths);
        } catch (ManifestReader.InvalidInput e) {
            e.problems().forEach(p -> err.println("error: " + p));
            err.flush();
            return PlanCommand.BAD_INPUT;
        }
        try (SimulatedFleet fleet = new SimulatedFleet(manifests)) {
            out.printf(
                    "Started a hub API server and %d member API servers (%s) on localhost.%n",
                    fleet.servers().members().size(),
                    String.join(", ", fleet.servers().members().keySet()));
            LocusConfig config =
                    new LocusConfig(
                            LocusConfig.DEFAULT_NAMESPACE,
                            Duration.ofSeconds(2),
                            Duration.ofSeconds(5),
                            Duration.ofSeconds(30));
            SimulatedClock clock = new SimulatedClock(START);
            try (EmbeddedOperator operator = new EmbeddedOperator(fleet.hub(), config, clock)) {
                operator.start();
                out.printf(
                        "Started the Locus operator (same reconcilers as the deployed one), on a"
                                + " simulated clock that starts at %s.%n",
                        START);
                int applied = fleet.applyFleet();
                out.printf(
                        "Applied %d fleet objects: zones, clusters, GPU pools, FleetQuotas (and the teams' namespaces).%n",
                        applied);
                out.flush();
                if (!await(() -> fleet.readyClusters() == manifests.clusters().size())) {
                    err.println("warning: not every cluster became Ready in time");
                }
                await(fleet::capacityReported);
                out.println();
                out.println(DemoReport.pools(fleet.hub()));
                int workloads = fleet.applyWorkloads();
                out.printf("Applied %d workloads. Waiting for every decision...%n%n", workloads);
                out.flush();
                boolean decided = await(fleet::allDecided) && await(fleet::allDispatched);
                out.println(DemoReport.workloads(fleet.hub()));
                out.println(DemoReport.pools(fleet.hub()));
                if (!decided) {
                    err.println(
                            "error: not every workload was decided within " + timeoutSeconds + "s");
                    err.flush();
                    return 1;
                }
                List<String> completed = fleet.completeTrainingJobs(2);
                fleet.markEndpointsReady();
                out.printf(
                        "Marked the remote Jobs of %s complete in their member clusters, and the endpoints' replicas ready.%n%n",
                        String.join(", ", completed));
                out.flush();
                boolean flowed =
                        await(() -> fleet.succeeded(completed))
                                && await(fleet::endpointsReady)
                                && await(fleet::capacityCurrent);
                out.println(DemoReport.workloads(fleet.hub()));
                out.println(DemoReport.pools(fleet.hub()));
                out.println(
                        flowed
                                ? "Remote status flowed back: completed jobs are Succeeded and their accelerators are free again."
                                : "warning: remote status did not flow back in time");
                out.println();
                await(() -> PreemptionScene.quotasCurrent(fleet.hub()));
                out.println(DemoReport.quotas(fleet.hub()));
                out.flush();
                PreemptionScene preemption = new PreemptionScene(fleet, out, this::await);
                boolean preempted = true;
                if (flowed && preemption.applies()) {
                    preempted = preemption.run();
                    out.println();
                }
                EnergyScene energy = new EnergyScene(fleet, clock, out, this::await);
                boolean recorded = true;
                if (flowed && energy.applies()) {
                    recorded = energy.run();
                    out.println();
                }
                out.printf(
                        "%s%n",
                        log.lines() == 0
                                ? "The operator logged no warnings or errors."
                                : "The operator logged "
                                        + log.lines()
                                        + " warnings or errors: "
                                        + log.file());
                if (keepRunning) {
                    keepRunning(out, fleet.writeHubKubeconfig());
                }
                return flowed && preempted && recorded ? 0 : 1;
            }
        }
    }

    private boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(250);
        }
        return condition.getAsBoolean();
    }

    /**
     * Waits until the JVM is stopped (Ctrl-C), with the hub's kubeconfig in a temporary file, which
     * is removed then.
     */
    private static void keepRunning(PrintWriter out, Path kubeconfig) throws InterruptedException {
        Thread removeKubeconfig = new Thread(() -> deleteQuietly(kubeconfig), "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(removeKubeconfig);
        try {
            out.printf(
                    "%nStill running. Try: kubectl --kubeconfig %s get tj,ie,gp,lc,sz,fq -A%nPress Ctrl-C to stop.%n",
                    kubeconfig);
            out.flush();
            new CountDownLatch(1).await();
        } finally {
            deleteQuietly(kubeconfig);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            // Left in the temporary directory.
        }
    }
}
