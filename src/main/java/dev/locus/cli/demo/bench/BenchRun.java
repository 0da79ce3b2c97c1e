package dev.locus.cli.demo.bench;

import dev.locus.cli.demo.MockApiServers;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One benchmark run: its fleets, the operator's process on each, their phases, and the report. */
final class BenchRun {

    final BenchCommand.Settings settings;
    final Path work;
    final boolean profile;
    final Results results;
    final BenchStory story;
    private final List<String> operatorJvmOptions;

    /**
     * @param work where logs, metrics and recordings go
     * @param profile whether to record JFR, NMT and threads (--profile)
     */
    BenchRun(
            BenchCommand.Settings settings,
            Path work,
            boolean profile,
            List<String> operatorJvmOptions,
            Results results,
            BenchStory story) {
        this.settings = settings;
        this.work = work;
        this.profile = profile;
        this.operatorJvmOptions = List.copyOf(operatorJvmOptions);
        this.results = results;
        this.story = story;
    }

    /** Runs the phases, prints the report (and writes it); 0 when every phase completed, else 1. */
    int run(Path application, Path json, Path markdown) throws Exception {
        Map<String, Object> described = describe(application);
        story.say("Locus end-to-end benchmark. Logs in %s", work);
        described.forEach((k, v) -> story.say("  %-18s %s", k + ":", v));
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
        story.say("");
        story.say("Done in %.0f s.", (System.nanoTime() - started) / 1e9);
        BenchReport report = new BenchReport(described, results);
        PrintWriter out = story.out();
        out.print(report.text());
        if (json != null) {
            Files.writeString(json, report.json(), StandardCharsets.UTF_8);
            story.say("Wrote %s", json);
        }
        if (markdown != null) {
            Files.writeString(markdown, report.markdown(), StandardCharsets.UTF_8);
            story.say("Wrote %s", markdown);
        }
        if (!results.complete()) {
            story.say("");
            story.say("INCOMPLETE: %d problem(s):", results.problems.size());
            results.problems.forEach(p -> story.say("  - %s", p));
            out.flush();
            return 1;
        }
        story.say("Every phase completed.");
        out.flush();
        return 0;
    }

    /** The fleet of the throughput phases: ceiling, bursts, steady, hold. */
    private void runMainFleet(Path application) throws Exception {
        story.say("");
        story.say("Starting a hub and %s...", settings.fleet());
        long t0 = System.nanoTime();
        try (BenchFleet fleet =
                new BenchFleet(settings.fleet(), settings.threads(), settings.timeout())) {
            int objects = fleet.applyLocusObjects();
            prepareNamespaces(fleet.hub());
            story.say(
                    "  %d API servers up, %,d nodes and %d Locus objects (zones, clusters, pools) applied in %.1f s.",
                    fleet.members().size() + 1,
                    settings.fleet().nodes(),
                    objects,
                    (System.nanoTime() - t0) / 1e9);
            WorkloadMix mix = new WorkloadMix(settings.seed(), fleet.members());
            Load load = new Load(fleet.hub(), settings.threads());
            if (settings.runs("ceiling")) {
                new CeilingPhase(this).run(fleet.hub(), mix, load);
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
                PhaseRunner phases = new PhaseRunner(this, fleet, operator, tracker, mix, load);
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
                story.say("Stopping the operator.");
            }
        }
    }

    /** The hold again, on a fleet of many member clusters. */
    private void runManyMembers(Path application) throws Exception {
        BenchFleet.Shape shape = settings.manyFleet();
        story.say("");
        story.say("Starting a hub and %s...", shape);
        long t0 = System.nanoTime();
        try (BenchFleet fleet = new BenchFleet(shape, settings.threads(), settings.timeout())) {
            int objects = fleet.applyLocusObjects();
            prepareNamespaces(fleet.hub());
            story.say(
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
                new PhaseRunner(this, fleet, operator, tracker, mix, load)
                        .hold("many-members-" + shape.members(), "wide", shape);
                story.say("Stopping the operator.");
            }
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
        story.say(
                "Started the operator: pid %d, %s, log %s",
                operator.pid(),
                settings.heap() == null ? "default heap" : "-Xmx" + settings.heap(),
                operator.log());
        if (!operator.awaitReady(settings.timeout())) {
            story.problem(
                    "the operator (%s fleet) was not ready within %d s (alive: %s); see %s",
                    name, settings.timeout().toSeconds(), operator.isAlive(), operator.log());
            operator.close();
            return null;
        }
        story.say("  ready (/q/health/ready) in %.1f s.", (System.nanoTime() - t0) / 1e9);
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (!fleet.ready() && System.nanoTime() < deadline && operator.isAlive()) {
            Thread.sleep(500);
        }
        if (!fleet.ready()) {
            story.problem(
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
        story.say(
                "  %d clusters Ready and %d pools reporting %,d GPUs after %.1f s; operator RSS %s.",
                fleet.members().size(),
                fleet.shape().pools(),
                fleet.shape().pools()
                        * (long) fleet.shape().nodesPerPool()
                        * fleet.shape().gpusPerNode(),
                (System.nanoTime() - t0) / 1e9,
                BenchFormat.mib(operator.usage().rssKiB() / 1024));
        return operator;
    }

    /** Keeps a copy of the operator's metrics (or other text) in the work directory. */
    void save(String text, String name) {
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
        MockApiServers.ensureNamespace(hub, CeilingPhase.NAMESPACE);
    }

    private Map<String, Object> describe(Path application) {
        BenchCommand.Settings s = settings;
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
