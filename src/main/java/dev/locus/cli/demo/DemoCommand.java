package dev.locus.cli.demo;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.app.EmbeddedOperator;
import dev.locus.app.LocusConfig;
import dev.locus.cli.ManifestReader;
import dev.locus.cli.Manifests;
import dev.locus.cli.PlanCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
 * every decision, completes some Jobs to show status flowing back, and exits.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run Locus against embedded API servers: one hub and one per example member cluster.",
            "Applies the manifests, prints every decision and the fleet's capacity, completes",
            "some remote Jobs to show status flowing back, then exits (or keeps running)."
        })
public class DemoCommand implements Callable<Integer> {

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
            try (EmbeddedOperator operator =
                    new EmbeddedOperator(fleet.hub(), config, Clock.systemUTC())) {
                operator.start();
                out.println("Started the Locus operator (same reconcilers as the deployed one).");
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
                return flowed && preempted ? 0 : 1;
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

    /** The example fleet on embedded API servers. */
    static final class SimulatedFleet implements AutoCloseable {

        /** Accelerators per simulated GPU node. */
        static final int PER_NODE = 8;

        private final Manifests manifests;
        private final MockApiServers servers = new MockApiServers();
        private final Set<String> dispatchedNamespaces = new LinkedHashSet<>();

        SimulatedFleet(Manifests manifests) {
            this.manifests = manifests;
            KubernetesClient hub = servers.hub().client();
            MockApiServers.ensureNamespace(hub, LocusConfig.DEFAULT_NAMESPACE);
            for (Cluster cluster : manifests.clusters()) {
                var connection = cluster.getSpec().getConnection();
                if (connection.targetsHub()) {
                    continue;
                }
                var server = servers.addMember(cluster.getMetadata().getName());
                var ref = connection.getKubeconfigSecretRef();
                String namespace =
                        ref.getNamespace() == null
                                ? LocusConfig.DEFAULT_NAMESPACE
                                : ref.getNamespace();
                MockApiServers.ensureNamespace(hub, namespace);
                hub.secrets()
                        .inNamespace(namespace)
                        .resource(
                                new SecretBuilder()
                                        .withNewMetadata()
                                        .withName(ref.getName())
                                        .endMetadata()
                                        .addToStringData(
                                                ref.getKey() == null ? "kubeconfig" : ref.getKey(),
                                                MockApiServers.kubeconfig(server))
                                        .build())
                        .create();
            }
            for (GPUPool pool : manifests.pools()) {
                KubernetesClient member = client(pool.getSpec().getCluster());
                if (member != null) {
                    SimulatedNodes.create(member, pool, PER_NODE);
                }
            }
        }

        MockApiServers servers() {
            return servers;
        }

        KubernetesClient hub() {
            return servers.hub().client();
        }

        /** The API server of a cluster: the hub for a local one, null for an unknown one. */
        KubernetesClient client(String cluster) {
            for (Cluster c : manifests.clusters()) {
                if (c.getMetadata().getName().equals(cluster)) {
                    return c.getSpec().getConnection().targetsHub()
                            ? hub()
                            : servers.members().get(cluster).client();
                }
            }
            return null;
        }

        int applyFleet() {
            // The teams' namespaces first: their labels select the FleetQuotas.
            for (var namespace : manifests.namespaces()) {
                if (hub().namespaces().withName(namespace.getMetadata().getName()).get() == null) {
                    hub().resource(namespace).create();
                }
            }
            List<HasMetadata> objects = new ArrayList<>();
            objects.addAll(manifests.zones());
            objects.addAll(manifests.clusters());
            objects.addAll(manifests.pools());
            objects.addAll(manifests.quotas());
            objects.forEach(o -> hub().resource(o).create());
            return objects.size();
        }

        int applyWorkloads() {
            for (Object w : manifests.workloadsInOrder()) {
                HasMetadata workload = (HasMetadata) w;
                String namespace =
                        workload.getMetadata().getNamespace() == null
                                ? "default"
                                : workload.getMetadata().getNamespace();
                workload.getMetadata().setNamespace(namespace);
                MockApiServers.ensureNamespace(hub(), namespace);
                dispatchedNamespaces.add(namespace);
                hub().resource(workload).create();
            }
            return manifests.workloadsInOrder().size();
        }

        long readyClusters() {
            return hub().resources(Cluster.class).list().getItems().stream()
                    .filter(
                            c ->
                                    c.getStatus() != null
                                            && dev.locus.api.v1alpha1.Conditions.isTrue(
                                                    c.getStatus().getConditions(), "Ready"))
                    .count();
        }

        /** Pools report exactly the accelerators that placed workloads hold. */
        boolean capacityCurrent() {
            int held = 0;
            for (HasMetadata w : workloads()) {
                var status =
                        w instanceof TrainingJob t
                                ? t.getStatus()
                                : ((InferenceEndpoint) w).getStatus();
                if (status != null
                        && status.getPhase() != null
                        && status.getPhase().holdsReservation()
                        && status.getPlacement() != null) {
                    held +=
                            status.getPlacement().getAssignments().stream()
                                    .mapToInt(a -> a.getAccelerators())
                                    .sum();
                }
            }
            int reported = 0;
            for (GPUPool p : hub().resources(GPUPool.class).list().getItems()) {
                if (p.getStatus() != null
                        && p.getStatus().getCapacity() != null
                        && p.getStatus().getCapacity().getReservedByLocus() != null) {
                    reported += p.getStatus().getCapacity().getReservedByLocus();
                }
            }
            return held == reported;
        }

        boolean capacityReported() {
            return hub().resources(GPUPool.class).list().getItems().stream()
                    .allMatch(p -> p.getStatus() != null && p.getStatus().getCapacity() != null);
        }

        boolean allDecided() {
            return workloads().stream().allMatch(w -> phase(w) != WorkloadPhase.PENDING);
        }

        /** Every placed workload is dispatched (its phase moved on from Placed). */
        boolean allDispatched() {
            return workloads().stream().noneMatch(w -> phase(w) == WorkloadPhase.PLACED);
        }

        List<String> completeTrainingJobs(int count) {
            List<String> done = new ArrayList<>();
            // The first jobs in scheduling order (priority, then name): the same ones every run.
            List<TrainingJob> jobs =
                    new ArrayList<>(
                            hub().resources(TrainingJob.class).inAnyNamespace().list().getItems());
            jobs.sort(
                    java.util.Comparator.comparingInt(
                                    (TrainingJob j) ->
                                            j.getSpec().getPriority() == null
                                                    ? 0
                                                    : -j.getSpec().getPriority())
                            .thenComparing(j -> j.getMetadata().getNamespace())
                            .thenComparing(j -> j.getMetadata().getName()));
            for (TrainingJob job : jobs) {
                if (done.size() >= count || phase(job) != WorkloadPhase.RUNNING) {
                    continue;
                }
                String cluster =
                        job.getStatus().getPlacement().getAssignments().get(0).getCluster();
                var member = client(cluster);
                var remote =
                        member.batch()
                                .v1()
                                .jobs()
                                .inNamespace(job.getMetadata().getNamespace())
                                .withName(dev.locus.dispatch.TrainingJobRenderer.name(job))
                                .get();
                if (remote == null) {
                    continue;
                }
                remote.setStatus(
                        new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
                                .withSucceeded(remote.getSpec().getCompletions())
                                .withConditions(
                                        new io.fabric8.kubernetes.api.model.batch.v1
                                                        .JobConditionBuilder()
                                                .withType("Complete")
                                                .withStatus("True")
                                                .build())
                                .build());
                member.resource(remote).updateStatus();
                done.add(job.getMetadata().getNamespace() + "/" + job.getMetadata().getName());
            }
            return done;
        }

        void markEndpointsReady() {
            for (InferenceEndpoint endpoint :
                    hub().resources(InferenceEndpoint.class).inAnyNamespace().list().getItems()) {
                if (endpoint.getStatus() == null || endpoint.getStatus().getPlacement() == null) {
                    continue;
                }
                for (var a : endpoint.getStatus().getPlacement().getAssignments()) {
                    var member = client(a.getCluster());
                    var deployment =
                            member.apps()
                                    .deployments()
                                    .inNamespace(endpoint.getMetadata().getNamespace())
                                    .withName(
                                            dev.locus.dispatch.InferenceEndpointRenderer
                                                    .deploymentName(endpoint, a.getPool()))
                                    .get();
                    if (deployment != null) {
                        deployment.setStatus(
                                new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                                        .withReplicas(a.getReplicas())
                                        .withReadyReplicas(a.getReplicas())
                                        .build());
                        member.resource(deployment).updateStatus();
                    }
                }
            }
        }

        boolean succeeded(List<String> jobs) {
            return jobs.stream()
                    .allMatch(
                            key -> {
                                String[] parts = key.split("/");
                                TrainingJob j =
                                        hub().resources(TrainingJob.class)
                                                .inNamespace(parts[0])
                                                .withName(parts[1])
                                                .get();
                                return j != null && phase(j) == WorkloadPhase.SUCCEEDED;
                            });
        }

        boolean endpointsReady() {
            return hub()
                    .resources(InferenceEndpoint.class)
                    .inAnyNamespace()
                    .list()
                    .getItems()
                    .stream()
                    .filter(e -> phase(e) == WorkloadPhase.RUNNING)
                    .allMatch(
                            e ->
                                    e.getStatus().getReadyReplicas() != null
                                            && e.getStatus()
                                                    .getReadyReplicas()
                                                    .equals(e.getSpec().getReplicas()));
        }

        /** A kubeconfig for kubectl to use the hub, in a new temporary file. */
        Path writeHubKubeconfig() throws java.io.IOException {
            Path file = Files.createTempFile("locus-demo-", ".kubeconfig");
            Files.writeString(file, servers.kubectlKubeconfig());
            return file;
        }

        private List<HasMetadata> workloads() {
            List<HasMetadata> all = new ArrayList<>();
            all.addAll(hub().resources(TrainingJob.class).inAnyNamespace().list().getItems());
            all.addAll(hub().resources(InferenceEndpoint.class).inAnyNamespace().list().getItems());
            return all;
        }

        private static WorkloadPhase phase(HasMetadata w) {
            var status =
                    w instanceof TrainingJob t
                            ? t.getStatus()
                            : ((InferenceEndpoint) w).getStatus();
            return status == null || status.getPhase() == null
                    ? WorkloadPhase.PENDING
                    : status.getPhase();
        }

        @Override
        public void close() {
            servers.close();
        }
    }
}
