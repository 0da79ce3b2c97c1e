package dev.locus.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Helm chart, exercised with Helm's own code through helm-java. */
class ChartTest {

    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    static List<HasMetadata> render(Map<String, Object> values) {
        String yaml = Chart.template("locus", "locus-system", values);
        Object parsed =
                YAML.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
        @SuppressWarnings("unchecked")
        List<HasMetadata> objects =
                parsed instanceof List<?> list
                        ? (List<HasMetadata>) list
                        : List.of((HasMetadata) parsed);
        return objects;
    }

    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    @Test
    void lintIsClean() {
        var result = new Helm(Chart.DIR.toAbsolutePath()).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages())
                .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void defaultsRenderAHardenedOperator() {
        List<HasMetadata> objects = render(Map.of());
        assertThat(objects.stream().map(HasMetadata::getKind).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(
                        "ServiceAccount",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "Role",
                        "RoleBinding",
                        "Deployment",
                        "Service");

        Deployment deployment = one(objects, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName())
                .isEqualTo(one(objects, ServiceAccount.class).getMetadata().getName());
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType())
                .isEqualTo("RuntimeDefault");
        var container = pod.getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("ghcr.io/locus-dev/locus:0.1.0");
        assertThat(container.getArgs()).containsExactly("operator");
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop())
                .containsExactly("ALL");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPath())
                .isEqualTo("/q/health/ready");
        // Leader election is on: the packaged application's prod profile is not overridden.
        assertThat(container.getEnv()).noneMatch(e -> e.getName().equals("QUARKUS_PROFILE"));
        assertThat(container.getEnv())
                .anySatisfy(
                        e -> {
                            assertThat(e.getName()).isEqualTo("POD_NAMESPACE");
                            assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                                    .isEqualTo("metadata.namespace");
                        });
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());

        Service metrics = one(objects, Service.class);
        assertThat(metrics.getSpec().getPorts().get(0).getName()).isEqualTo("http-metrics");
        assertThat(metrics.getSpec().getSelector())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    }

    /** Every rule of the hub ClusterRole, as "group/resource: verbs". */
    static Map<String, String> rules(List<PolicyRule> rules) {
        Map<String, String> out = new TreeMap<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    out.merge(
                            group + "/" + resource,
                            String.join(",", rule.getVerbs()),
                            (a, b) -> a + "," + b);
                }
            }
        }
        return out;
    }

    @Test
    void rbacListsExactlyWhatLocusUsesAndSecretsOnlyInItsNamespace() {
        List<HasMetadata> objects = render(Map.of());
        Map<String, String> cluster = rules(one(objects, ClusterRole.class).getRules());
        // What RbacCoverageIT sees the operator use, plus what it documents as not exercised.
        Map<String, String> expected = new TreeMap<>();
        for (String kind : List.of("sovereigntyzones", "clusters", "gpupools", "fleetquotas")) {
            expected.put("locus.dev/" + kind, "list,watch");
            expected.put("locus.dev/" + kind + "/status", "patch");
        }
        for (String kind : List.of("trainingjobs", "inferenceendpoints")) {
            expected.put("locus.dev/" + kind, "get,list,watch,patch");
            expected.put("locus.dev/" + kind + "/status", "update,patch");
            expected.put("locus.dev/" + kind + "/finalizers", "update");
        }
        expected.put("/events", "create");
        // Namespace labels select FleetQuotas: watched in the hub whatever the values.
        expected.put("/namespaces", "get,list,watch");
        expected.put("/services", "get,list,watch,create,update,delete");
        expected.put("batch/jobs", "get,list,watch,create,delete");
        expected.put("apps/deployments", "get,list,watch,create,update,delete");
        expected.put("/nodes", "list,watch");
        expected.put("/pods", "list,watch");
        assertThat(cluster).isEqualTo(expected);
        assertThat(cluster.keySet()).noneMatch(k -> k.contains("secrets"));
        assertThat(cluster.values()).noneMatch(v -> v.contains("*"));

        Role role = one(objects, Role.class);
        assertThat(role.getMetadata().getNamespace()).isEqualTo("locus-system");
        assertThat(rules(role.getRules()))
                .isEqualTo(
                        Map.of(
                                "/secrets",
                                "get",
                                "coordination.k8s.io/leases",
                                "get,create,update"));

        Map<String, String> withoutLocal =
                rules(
                        one(render(Map.of("rbac.localDispatch", false)), ClusterRole.class)
                                .getRules());
        assertThat(withoutLocal.keySet())
                .noneMatch(k -> k.equals("batch/jobs") || k.equals("/pods"));
        assertThat(withoutLocal).containsEntry("/namespaces", "get,list,watch");
    }

    @Test
    void nonDefaultValuesShowUpWhereExpected() {
        List<HasMetadata> objects =
                render(
                        Map.of(
                                "replicaCount", 2,
                                "image.repository", "registry.example.com/locus",
                                "image.tag", "1.2.3",
                                "resources.limits.memory", "2Gi",
                                "resources.requests.cpu", "500m",
                                "metrics.serviceMonitor.enabled", true,
                                "metrics.serviceMonitor.labels.release", "prometheus",
                                "commonLabels.team", "platform",
                                "operator.probeInterval", "15s"));
        Deployment deployment = one(objects, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("registry.example.com/locus:1.2.3");
        assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("2Gi");
        assertThat(container.getResources().getRequests().get("cpu").toString()).isEqualTo("500m");
        assertThat(container.getEnv())
                .anySatisfy(
                        e -> {
                            assertThat(e.getName()).isEqualTo("LOCUS_CLUSTER_PROBE_INTERVAL");
                            assertThat(e.getValue()).isEqualTo("15s");
                        });
        var monitor =
                objects.stream()
                        .filter(o -> o.getKind().equals("ServiceMonitor"))
                        .findFirst()
                        .orElseThrow();
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
        assertThat(objects)
                .allSatisfy(
                        o ->
                                assertThat(o.getMetadata().getLabels())
                                        .as(o.getKind())
                                        .containsEntry("team", "platform"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("team", "platform");
    }

    @Test
    void withoutLeaderElectionTheOperatorRunsInTheStandaloneProfile() {
        var container =
                one(render(Map.of("leaderElection.enabled", false)), Deployment.class)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0);
        assertThat(container.getEnv())
                .anySatisfy(
                        e -> {
                            assertThat(e.getName()).isEqualTo("QUARKUS_PROFILE");
                            assertThat(e.getValue()).isEqualTo("standalone");
                        });
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "replicaCount, two",
        "replicaCount, 0",
        "image.pullPolicy, Sometimes",
        "metrics.service.port, 70000",
        "operator.probeInterval, soon",
        "resources.limits.memory, lots",
        "unknownKey, 1"
    })
    void valuesThatBreakTheSchemaAreRejected(String key, String value) {
        Object typed = value.matches("-?\\d+") ? Integer.valueOf(value) : value;
        assertThatThrownBy(() -> render(Map.of(key, typed)))
                .hasMessageContaining("values don't meet the specifications of the schema");
    }

    @Test
    void aBooleanGivenAsTextIsRejected() {
        assertThatThrownBy(
                        () ->
                                Chart.template(
                                        "locus",
                                        "locus-system",
                                        Map.of("metrics.serviceMonitor.enabled", "yes")))
                .hasMessageContaining("schema");
    }
}
