package dev.locus.dispatch;

import static dev.locus.dispatch.DispatchFixtures.assignment;
import static dev.locus.dispatch.DispatchFixtures.container;
import static dev.locus.dispatch.DispatchFixtures.env;
import static dev.locus.dispatch.DispatchFixtures.inferenceEndpoint;
import static dev.locus.dispatch.DispatchFixtures.pool;
import static dev.locus.dispatch.DispatchFixtures.quantities;
import static dev.locus.dispatch.DispatchFixtures.template;
import static dev.locus.dispatch.DispatchFixtures.toleration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.GPUPoolSpec;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** A placed InferenceEndpoint becomes a Deployment per pool and a Service per cluster used. */
class InferenceEndpointRendererTest {

    static final Map<String, GPUPoolSpec> POOLS =
            Map.of(
                    "fra-1-h100",
                    pool().nodeSelector("gpu", "h100")
                            .toleration(toleration("nvidia.com/gpu", "NoSchedule"))
                            .build(),
                    "fra-1-l40s",
                    pool().nodeSelector("gpu", "l40s").build(),
                    "par-1-mi300",
                    pool().nodeSelector("gpu", "mi300").resourceName("amd.com/gpu").build());

    static List<RemoteObjects> render(InferenceEndpoint endpoint, Assignment... assignments) {
        return InferenceEndpointRenderer.desired(endpoint, List.of(assignments), POOLS::get);
    }

    static List<RemoteObjects> spreadOverTwoClusters(InferenceEndpoint endpoint) {
        return render(
                endpoint,
                assignment("fra-1", "fra-1-h100", 3),
                assignment("par-1", "par-1-mi300", 2),
                assignment("fra-1", "fra-1-l40s", 1));
    }

    static Deployment deployment(List<RemoteObjects> remote, String name) {
        return remote.stream()
                .flatMap(r -> r.objects().stream())
                .filter(o -> o instanceof Deployment && o.getMetadata().getName().equals(name))
                .map(Deployment.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment " + name));
    }

    static Map<String, String> labels(String pool) {
        Map<String, String> labels =
                new LinkedHashMap<>(
                        Map.of(
                                RemoteLabels.WORKLOAD, "chat",
                                RemoteLabels.WORKLOAD_NAMESPACE, "ml",
                                RemoteLabels.WORKLOAD_UID, "uid-chat",
                                RemoteLabels.WORKLOAD_KIND, "InferenceEndpoint",
                                RemoteLabels.MANAGED_BY, "locus"));
        if (pool != null) {
            labels.put(RemoteLabels.POOL, pool);
        }
        return labels;
    }

    @Test
    void aServicePerClusterThenADeploymentPerPoolInAssignmentOrder() {
        List<RemoteObjects> remote = spreadOverTwoClusters(inferenceEndpoint("chat").build());

        assertThat(remote).extracting(RemoteObjects::cluster).containsExactly("fra-1", "par-1");
        assertThat(remote).extracting(RemoteObjects::namespace).containsExactly("ml", "ml");
        Function<RemoteObjects, List<Tuple>> kindsAndNames =
                r ->
                        r.objects().stream()
                                .map(o -> tuple(o.getKind(), o.getMetadata().getName()))
                                .toList();
        assertThat(kindsAndNames.apply(remote.get(0)))
                .containsExactly(
                        tuple("Service", "chat"),
                        tuple("Deployment", "chat-fra-1-h100"),
                        tuple("Deployment", "chat-fra-1-l40s"));
        assertThat(kindsAndNames.apply(remote.get(1)))
                .containsExactly(tuple("Service", "chat"), tuple("Deployment", "chat-par-1-mi300"));
        assertThat(remote)
                .flatExtracting(RemoteObjects::objects)
                .extracting(o -> o.getMetadata().getNamespace())
                .containsOnly("ml");
    }

    static Stream<Arguments> deployments() {
        return Stream.of(
                Arguments.of(
                        "chat-fra-1-h100",
                        "fra-1-h100",
                        3,
                        Map.of("gpu", "h100"),
                        "nvidia.com/gpu"),
                Arguments.of(
                        "chat-fra-1-l40s",
                        "fra-1-l40s",
                        1,
                        Map.of("gpu", "l40s"),
                        "nvidia.com/gpu"),
                Arguments.of(
                        "chat-par-1-mi300",
                        "par-1-mi300",
                        2,
                        Map.of("gpu", "mi300"),
                        "amd.com/gpu"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void eachDeploymentRunsItsAssignmentsReplicasOnItsPool(
            String name,
            String pool,
            int replicas,
            Map<String, String> nodeSelector,
            String resource) {
        Deployment d =
                deployment(
                        spreadOverTwoClusters(
                                inferenceEndpoint("chat").acceleratorsPerReplica(2).build()),
                        name);

        assertThat(d.getMetadata().getLabels()).isEqualTo(labels(pool));
        assertThat(d.getSpec().getReplicas()).isEqualTo(replicas);
        assertThat(d.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of(RemoteLabels.WORKLOAD_UID, "uid-chat", RemoteLabels.POOL, pool));
        var pod = d.getSpec().getTemplate();
        assertThat(pod.getMetadata().getLabels()).isEqualTo(labels(pool));
        assertThat(pod.getSpec().getNodeSelector()).isEqualTo(nodeSelector);
        assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits())
                .isEqualTo(quantities(resource, "2"));
        assertThat(pod.getSpec().getContainers().get(0).getEnv())
                .containsExactly(
                        env("LOCUS_CLUSTER", pool.substring(0, 5)),
                        env("LOCUS_POOL", pool),
                        env("PORT", "8080"));
    }

    @Test
    void theTolerationsOfEachPoolGoToItsPodsOnly() {
        List<RemoteObjects> remote = spreadOverTwoClusters(inferenceEndpoint("chat").build());

        assertThat(
                        deployment(remote, "chat-fra-1-h100")
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getTolerations())
                .containsExactly(toleration("nvidia.com/gpu", "NoSchedule"));
        assertThat(
                        deployment(remote, "chat-fra-1-l40s")
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getTolerations())
                .isNull();
    }

    @ParameterizedTest(name = "spec.port {0} -> {1}")
    @CsvSource(
            value = {"NULL, 8080", "9000, 9000"},
            nullValues = "NULL")
    void theServiceInEachClusterSelectsAllTheEndpointsPodsThere(Integer port, int expected) {
        List<RemoteObjects> remote =
                spreadOverTwoClusters(inferenceEndpoint("chat").port(port).build());

        for (RemoteObjects r : remote) {
            Service service = (Service) r.objects().get(0);
            assertThat(service.getMetadata().getLabels()).isEqualTo(labels(null));
            assertThat(service.getSpec().getSelector())
                    .isEqualTo(Map.of(RemoteLabels.WORKLOAD_UID, "uid-chat"));
            assertThat(service.getSpec().getClusterIP()).isNull();
            assertThat(service.getSpec().getPorts())
                    .containsExactly(
                            new ServicePortBuilder()
                                    .withName("http")
                                    .withPort(expected)
                                    .withTargetPort(new IntOrString(expected))
                                    .build());
        }
        assertThat(
                        deployment(remote, "chat-par-1-mi300")
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getPorts())
                .containsExactly(port("http", expected));
    }

    static ContainerPort port(String name, int number) {
        return new ContainerPortBuilder().withName(name).withContainerPort(number).build();
    }

    static Stream<Arguments> containerPorts() {
        return Stream.of(
                Arguments.of("none declared", container("server"), List.of(port("http", 8080))),
                Arguments.of(
                        "the same number under another name is kept alone",
                        container("server").port("web", 8080),
                        List.of(port("web", 8080))),
                Arguments.of(
                        "other ports are kept",
                        container("server").port("metrics", 9090),
                        List.of(port("metrics", 9090), port("http", 8080))),
                Arguments.of(
                        // Port names must be unique in a container: a second "http" would make
                        // the API server reject the Deployment.
                        "a port already named http keeps the name; Locus' is added unnamed",
                        container("server").port("http", 80),
                        List.of(port("http", 80), port(null, 8080))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containerPorts")
    void theEndpointsPortIsDeclaredOnTheFirstContainer(
            String name, DispatchFixtures.ContainerFixture main, List<ContainerPort> expected) {
        var pod =
                deployment(
                                render(
                                        inferenceEndpoint("chat")
                                                .template(
                                                        template()
                                                                .container(main)
                                                                .container(container("sidecar")))
                                                .build(),
                                        assignment("fra-1", "fra-1-h100", 1)),
                                "chat-fra-1-h100")
                        .getSpec()
                        .getTemplate()
                        .getSpec();

        assertThat(pod.getContainers().get(0).getPorts()).isEqualTo(expected);
        assertThat(pod.getContainers().get(1).getPorts()).isEmpty();
    }

    @Test
    void aTemplateWithoutContainersRendersWithoutPortsOrLimits() {
        List<RemoteObjects> remote =
                render(
                        inferenceEndpoint("chat").template(template()).build(),
                        assignment("fra-1", "fra-1-h100", 2));

        Deployment d = deployment(remote, "chat-fra-1-h100");
        assertThat(d.getSpec().getTemplate().getSpec().getContainers()).isEmpty();
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void namesAreBoundedAndTheSkeletonsNameWhatDesiredRenders() {
        InferenceEndpoint endpoint =
                inferenceEndpoint("customer-support-assistant-eu-sovereign-production")
                        .namespace("support")
                        .build();
        Assignment[] assignments = {
            assignment("fra-1", "fra-1-h100-nvlink-infiniband-reserved", 2),
            assignment("par-1", "par-1-mi300", 1)
        };
        // Endpoint and pool joined, cut to 63 with a hash of the whole when longer.
        String deployment = "customer-support-assistant-eu-sovereign-production-fra-9da234da";

        assertThat(InferenceEndpointRenderer.deploymentName(endpoint, assignments[0].getPool()))
                .isEqualTo(deployment)
                .hasSizeLessThanOrEqualTo(Names.MAX);
        List<RemoteObjects> skeletons =
                InferenceEndpointRenderer.skeletons(endpoint, List.of(assignments));
        List<RemoteObjects> desired =
                InferenceEndpointRenderer.desired(
                        endpoint,
                        List.of(assignments),
                        pool -> pool().nodeSelector("gpu", "any").build());
        for (List<RemoteObjects> remote : List.of(skeletons, desired)) {
            assertThat(remote)
                    .extracting(RemoteObjects::cluster, RemoteObjects::namespace)
                    .containsExactly(tuple("fra-1", "support"), tuple("par-1", "support"));
            assertThat(remote.get(0).objects())
                    .extracting(HasMetadata::getKind, o -> o.getMetadata().getName())
                    .containsExactly(
                            tuple("Service", "customer-support-assistant-eu-sovereign-production"),
                            tuple("Deployment", deployment));
            assertThat(remote.get(1).objects())
                    .extracting(HasMetadata::getKind, o -> o.getMetadata().getName())
                    .containsExactly(
                            tuple("Service", "customer-support-assistant-eu-sovereign-production"),
                            tuple(
                                    "Deployment",
                                    "customer-support-assistant-eu-sovereign-production-par-1-mi300"));
        }
    }
}
