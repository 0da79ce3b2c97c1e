package dev.locus.dispatch;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.GPUPoolSpec;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders a placed InferenceEndpoint: in every cluster it uses, one Deployment per pool and a
 * Service in front of all of them.
 */
public final class InferenceEndpointRenderer {

    private InferenceEndpointRenderer() {}

    /** The Service's name in each cluster used. */
    public static String serviceName(InferenceEndpoint endpoint) {
        return Names.dnsLabel(endpoint.getMetadata().getName(), Names.MAX);
    }

    /** The Deployment's name for one pool. */
    public static String deploymentName(InferenceEndpoint endpoint, String pool) {
        return Names.join(Names.MAX, serviceName(endpoint), Names.dnsLabel(pool, Names.MAX));
    }

    /** The names of the remote objects per cluster only (metadata), to find and delete them. */
    public static List<RemoteObjects> skeletons(
            InferenceEndpoint endpoint, List<Assignment> assignments) {
        String namespace = endpoint.getMetadata().getNamespace();
        Map<String, List<HasMetadata>> byCluster = new LinkedHashMap<>();
        for (Assignment a : assignments) {
            byCluster
                    .computeIfAbsent(
                            a.getCluster(),
                            c -> {
                                List<HasMetadata> objects = new ArrayList<>();
                                objects.add(
                                        new ServiceBuilder()
                                                .withNewMetadata()
                                                .withName(serviceName(endpoint))
                                                .withNamespace(namespace)
                                                .endMetadata()
                                                .build());
                                return objects;
                            })
                    .add(
                            new DeploymentBuilder()
                                    .withNewMetadata()
                                    .withName(deploymentName(endpoint, a.getPool()))
                                    .withNamespace(namespace)
                                    .endMetadata()
                                    .build());
        }
        List<RemoteObjects> out = new ArrayList<>();
        byCluster.forEach(
                (cluster, objects) -> out.add(new RemoteObjects(cluster, namespace, objects)));
        return out;
    }

    /** The remote objects per cluster, in the order the assignments were made. */
    public static List<RemoteObjects> desired(
            InferenceEndpoint endpoint,
            List<Assignment> assignments,
            Function<String, GPUPoolSpec> pools) {
        String namespace = endpoint.getMetadata().getNamespace();
        int port = endpoint.getSpec().getPort() == null ? 8080 : endpoint.getSpec().getPort();
        int perReplica =
                endpoint.getSpec().getAcceleratorsPerReplica() == null
                        ? 1
                        : endpoint.getSpec().getAcceleratorsPerReplica();
        Map<String, List<HasMetadata>> byCluster = new LinkedHashMap<>();
        for (Assignment a : assignments) {
            GPUPoolSpec pool = pools.apply(a.getPool());
            Map<String, String> labels = RemoteLabels.of(endpoint);
            labels.put(RemoteLabels.POOL, a.getPool());
            PodTemplateSpec template =
                    PodTemplates.forPool(
                            endpoint.getSpec().getTemplate(),
                            labels,
                            pool,
                            perReplica,
                            List.of(
                                    new EnvVarBuilder()
                                            .withName("LOCUS_CLUSTER")
                                            .withValue(a.getCluster())
                                            .build(),
                                    new EnvVarBuilder()
                                            .withName("LOCUS_POOL")
                                            .withValue(a.getPool())
                                            .build(),
                                    new EnvVarBuilder()
                                            .withName("PORT")
                                            .withValue(Integer.toString(port))
                                            .build()));
            if (!template.getSpec().getContainers().isEmpty()) {
                Container main = template.getSpec().getContainers().get(0);
                List<ContainerPort> ports =
                        main.getPorts() == null
                                ? new ArrayList<>()
                                : new ArrayList<>(main.getPorts());
                if (ports.stream()
                        .noneMatch(
                                p ->
                                        p.getContainerPort() != null
                                                && p.getContainerPort() == port)) {
                    ContainerPort http = new ContainerPort();
                    // Port names are unique in a container: the user's "http" keeps its name.
                    if (ports.stream().noneMatch(p -> "http".equals(p.getName()))) {
                        http.setName("http");
                    }
                    http.setContainerPort(port);
                    ports.add(http);
                }
                main.setPorts(ports);
            }
            Map<String, String> selector =
                    Map.of(
                            RemoteLabels.WORKLOAD_UID,
                            endpoint.getMetadata().getUid(),
                            RemoteLabels.POOL,
                            a.getPool());
            var deployment =
                    new DeploymentBuilder()
                            .withNewMetadata()
                            .withName(deploymentName(endpoint, a.getPool()))
                            .withNamespace(namespace)
                            .withLabels(labels)
                            .endMetadata()
                            .withNewSpec()
                            .withReplicas(a.getReplicas())
                            .withNewSelector()
                            .withMatchLabels(selector)
                            .endSelector()
                            .withTemplate(template)
                            .endSpec()
                            .build();
            byCluster.computeIfAbsent(a.getCluster(), c -> new ArrayList<>()).add(deployment);
        }
        List<RemoteObjects> out = new ArrayList<>();
        byCluster.forEach(
                (cluster, deployments) -> {
                    Map<String, String> labels = RemoteLabels.of(endpoint);
                    var service =
                            new ServiceBuilder()
                                    .withNewMetadata()
                                    .withName(serviceName(endpoint))
                                    .withNamespace(namespace)
                                    .withLabels(labels)
                                    .endMetadata()
                                    .withNewSpec()
                                    .withSelector(
                                            Map.of(
                                                    RemoteLabels.WORKLOAD_UID,
                                                    endpoint.getMetadata().getUid()))
                                    .addNewPort()
                                    .withName("http")
                                    .withPort(port)
                                    .withTargetPort(new IntOrString(port))
                                    .endPort()
                                    .endSpec()
                                    .build();
                    List<HasMetadata> objects = new ArrayList<>();
                    objects.add(service);
                    objects.addAll(deployments);
                    out.add(new RemoteObjects(cluster, namespace, objects));
                });
        return out;
    }
}
