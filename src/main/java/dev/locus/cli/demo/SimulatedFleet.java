package dev.locus.cli.demo;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.app.LocusConfig;
import dev.locus.cli.Manifests;
import dev.locus.dispatch.TrainingJobRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The example fleet on embedded API servers. */
final class SimulatedFleet implements AutoCloseable {

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
                    ref.getNamespace() == null ? LocusConfig.DEFAULT_NAMESPACE : ref.getNamespace();
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
            if (!completeRemoteJob(job, null, null)) {
                continue;
            }
            done.add(job.getMetadata().getNamespace() + "/" + job.getMetadata().getName());
        }
        return done;
    }

    /**
     * Completes a placed TrainingJob's remote Job in its member cluster, as the member's Job
     * controller would: every completion succeeded, condition Complete, and the run's start and
     * completion times when given. False when the remote Job does not exist (yet).
     */
    boolean completeRemoteJob(TrainingJob job, Instant started, Instant completed) {
        String cluster = job.getStatus().getPlacement().getAssignments().get(0).getCluster();
        KubernetesClient member = client(cluster);
        Job remote =
                member.batch()
                        .v1()
                        .jobs()
                        .inNamespace(job.getMetadata().getNamespace())
                        .withName(TrainingJobRenderer.name(job))
                        .get();
        if (remote == null) {
            return false;
        }
        remote.setStatus(
                new JobStatusBuilder()
                        .withSucceeded(remote.getSpec().getCompletions())
                        .withStartTime(started == null ? null : started.toString())
                        .withCompletionTime(completed == null ? null : completed.toString())
                        .withConditions(
                                new JobConditionBuilder()
                                        .withType("Complete")
                                        .withStatus("True")
                                        .build())
                        .build());
        member.resource(remote).updateStatus();
        return true;
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
                                        dev.locus.dispatch.InferenceEndpointRenderer.deploymentName(
                                                endpoint, a.getPool()))
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
        return hub().resources(InferenceEndpoint.class).inAnyNamespace().list().getItems().stream()
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

    static WorkloadPhase phase(HasMetadata w) {
        var status =
                w instanceof TrainingJob t ? t.getStatus() : ((InferenceEndpoint) w).getStatus();
        return status == null || status.getPhase() == null
                ? WorkloadPhase.PENDING
                : status.getPhase();
    }

    @Override
    public void close() {
        servers.close();
    }
}
