package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.Connection;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.Location;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.install.Chart;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The RBAC Locus ships grants what the operator does and nothing more: the requests the operator
 * made to the hub (the chart's ClusterRole and Role) and to a member ({@code deploy/member}) while
 * placing, dispatching, finishing and deleting workloads, compared with the rules, both ways.
 */
class RbacCoverageIT {

    /** What the scenario cannot show, and why it is granted anyway. */
    private static final Map<String, String> GRANTED_BUT_NOT_EXERCISED =
            Map.ofEntries(
                    Map.entry(
                            "coordination.k8s.io/leases get,create,update",
                            "leader election: the embedded operator runs without it"),
                    Map.entry(
                            "locus.dev/trainingjobs/finalizers update",
                            "finalizers on clusters that enforce owner references"),
                    Map.entry(
                            "locus.dev/inferenceendpoints/finalizers update",
                            "finalizers on clusters that enforce owner references"),
                    Map.entry(
                            "locus.dev/trainingjobs get",
                            "reading the latest version after a conflict (the mock never conflicts)"),
                    Map.entry(
                            "locus.dev/inferenceendpoints get",
                            "reading the latest version after a conflict (the mock never conflicts)"),
                    Map.entry(
                            "apps/deployments update",
                            "a Deployment that drifted from what Locus renders (after an upgrade)"),
                    Map.entry(
                            "/services update",
                            "a Service that drifted from what Locus renders (after an upgrade)"),
                    Map.entry(
                            "locus.dev/inferenceendpoints/status patch",
                            "an InferenceEndpoint that cannot be read (shown here with a TrainingJob)"),
                    Map.entry(
                            "locus.dev/fleetquotas list,watch",
                            "FleetQuotas: the engine takes them (sharing); the operator's watch is wired next"),
                    Map.entry(
                            "locus.dev/fleetquotas/status patch",
                            "FleetQuota status: written once the operator's side of sharing is wired"),
                    Map.entry(
                            "/namespaces list,watch",
                            "namespace labels select FleetQuotas: watched once the operator's side of sharing is wired"));

    /** The user agent of the operator's hub client: the test's own requests are not its. */
    private static final String OPERATOR = "locus-operator-under-test";

    static Fleet fleet;
    static io.fabric8.kubernetes.client.KubernetesClient operatorClient;
    static final List<RecordedRequest> hubRequests = new ArrayList<>();
    static final List<RecordedRequest> memberRequests = new ArrayList<>();

    /** A request as RBAC sees it: group/resource[/subresource] and verb. */
    record Access(String resource, String verb, boolean namespaced) {
        @Override
        public String toString() {
            return resource + " " + verb;
        }
    }

    @BeforeAll
    static void runTheScenario() {
        fleet = new Fleet("ams-1");
        fleet.hub.resource(Hub.zone("eu", List.of("NL", "DE"))).create();
        fleet.hub.resource(Hub.member("ams-1", "NL")).create();
        Cluster hubItself = new Cluster();
        hubItself.setMetadata(new ObjectMetaBuilder().withName("fra-1").build());
        Location location = new Location();
        location.setCountry("DE");
        hubItself.getSpec().setLocation(location);
        Connection local = new Connection();
        local.setLocal(true);
        hubItself.getSpec().setConnection(local);
        fleet.hub.resource(hubItself).create();
        fleet.hub.resource(Hub.pool("ams-h100", "ams-1", "H100", 9, 3.0)).create();
        fleet.hub.resource(Hub.pool("fra-h100", "fra-1", "H100", 9, 1.0)).create();
        operatorClient =
                new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                        .withConfig(
                                new io.fabric8.kubernetes.client.ConfigBuilder(
                                                fleet.hub.getConfiguration())
                                        .withUserAgent(OPERATOR)
                                        .build())
                        .build();
        fleet.startOperator(Duration.ofSeconds(2), operatorClient);
        fleet.awaitReady("ams-1", "fra-1");

        // A job and an endpoint on each (the hub's pool is the cheaper one and fills first), an
        // object that breaks the schema, then everything deleted.
        fleet.hub
                .resource(Hub.job(Fleet.NAMESPACE, "a", Classification.PERSONAL, "eu", 1, 8))
                .create();
        fleet.hub
                .resource(Hub.job(Fleet.NAMESPACE, "b", Classification.PERSONAL, "eu", 1, 8))
                .create();
        await().atMost(Duration.ofSeconds(30)).until(() -> running("a") && running("b"));
        for (String name : List.of("e1", "e2")) {
            fleet.hub
                    .resource(Hub.endpoint(Fleet.NAMESPACE, name, Classification.PUBLIC, null, 1))
                    .create();
            await().atMost(Duration.ofSeconds(30)).until(() -> endpointRunning(name));
        }
        assertThat(endpoint("e2").getStatus().getPlacement().getAssignments().get(0).getCluster())
                .isEqualTo("ams-1");
        TrainingJob zero = Hub.job(Fleet.NAMESPACE, "zero", Classification.PERSONAL, "eu", 1, 1);
        var raw =
                Serialization.unmarshal(
                        Serialization.asJson(zero).replace("\"workers\":1", "\"workers\":0"),
                        io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
        fleet.hub
                .genericKubernetesResources("locus.dev/v1alpha1", "TrainingJob")
                .inNamespace(Fleet.NAMESPACE)
                .resource(raw)
                .create();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                job("zero").getStatus() != null
                                        && !job("zero").getStatus().getConditions().isEmpty());
        for (String name : List.of("a", "b", "zero")) {
            fleet.hub.resource(job(name)).delete();
        }
        for (String name : List.of("e1", "e2")) {
            fleet.hub.resource(endpoint(name)).delete();
        }
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                fleet.hub
                                                .resources(TrainingJob.class)
                                                .inNamespace(Fleet.NAMESPACE)
                                                .list()
                                                .getItems()
                                                .isEmpty()
                                        && fleet.hub
                                                .resources(InferenceEndpoint.class)
                                                .inNamespace(Fleet.NAMESPACE)
                                                .list()
                                                .getItems()
                                                .isEmpty());
        List<RecordedRequest> all = new ArrayList<>();
        drain(fleet.servers.hub().server(), all);
        all.stream()
                .filter(r -> OPERATOR.equals(r.getHeader("User-Agent")))
                .forEach(hubRequests::add);
        drain(fleet.servers.members().get("ams-1").server(), memberRequests);
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
        operatorClient.close();
    }

    private static TrainingJob job(String name) {
        return fleet.hub
                .resources(TrainingJob.class)
                .inNamespace(Fleet.NAMESPACE)
                .withName(name)
                .get();
    }

    private static boolean running(String name) {
        TrainingJob j = job(name);
        return j != null
                && j.getStatus() != null
                && j.getStatus().getPhase() == WorkloadPhase.RUNNING;
    }

    private static InferenceEndpoint endpoint(String name) {
        return fleet.hub
                .resources(InferenceEndpoint.class)
                .inNamespace(Fleet.NAMESPACE)
                .withName(name)
                .get();
    }

    private static boolean endpointRunning(String name) {
        InferenceEndpoint e =
                fleet.hub
                        .resources(InferenceEndpoint.class)
                        .inNamespace(Fleet.NAMESPACE)
                        .withName(name)
                        .get();
        return e != null
                && e.getStatus() != null
                && e.getStatus().getPhase() == WorkloadPhase.RUNNING;
    }

    private static void drain(
            io.fabric8.kubernetes.client.server.mock.KubernetesMockServer server,
            List<RecordedRequest> into) {
        try {
            RecordedRequest r;
            while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
                into.add(r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The RBAC view of a request; null for what RBAC does not cover (discovery, /version). */
    static Access access(String method, String pathAndQuery) {
        URI uri = URI.create(pathAndQuery);
        String[] p = uri.getPath().replaceAll("^/|/$", "").split("/");
        int i;
        String group;
        if (p.length >= 2 && p[0].equals("api")) {
            group = "";
            i = 2;
        } else if (p.length >= 3 && p[0].equals("apis")) {
            group = p[1];
            i = 3;
        } else {
            return null;
        }
        boolean namespaced = false;
        List<String> rest = new ArrayList<>(List.of(p).subList(i, p.length));
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            namespaced = true;
            rest = rest.subList(2, rest.size());
        }
        if (rest.isEmpty()) {
            return null;
        }
        String resource = rest.get(0) + (rest.size() >= 3 ? "/" + rest.get(2) : "");
        boolean item = rest.size() >= 2;
        boolean watch = uri.getQuery() != null && uri.getQuery().contains("watch=true");
        String verb =
                switch (method) {
                    case "GET" -> watch ? "watch" : item ? "get" : "list";
                    case "POST" -> "create";
                    case "PUT" -> "update";
                    case "PATCH" -> "patch";
                    case "DELETE" -> item ? "delete" : "deletecollection";
                    default -> method.toLowerCase();
                };
        return new Access(group + "/" + resource, verb, namespaced);
    }

    static Set<String> used(List<RecordedRequest> requests) {
        Set<String> out = new TreeSet<>();
        for (RecordedRequest r : requests) {
            Access a = access(r.getMethod(), r.getPath());
            if (a != null) {
                out.add(a.toString());
            }
        }
        return out;
    }

    static Set<String> granted(List<PolicyRule> rules) {
        Set<String> out = new TreeSet<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        out.add(group + "/" + resource + " " + verb);
                    }
                }
            }
        }
        return out;
    }

    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (!doc.isBlank() && doc.contains("kind:")) {
                out.add(Serialization.unmarshal(doc, HasMetadata.class));
            }
        }
        return out;
    }

    static Set<String> grants(List<HasMetadata> objects, Class<? extends HasMetadata> kind) {
        Set<String> out = new TreeSet<>();
        for (HasMetadata o : objects) {
            if (o instanceof ClusterRole c && kind == ClusterRole.class) {
                out.addAll(granted(c.getRules()));
            } else if (o instanceof Role r && kind == Role.class) {
                out.addAll(granted(r.getRules()));
            }
        }
        return out;
    }

    private static void exceptGrantedButNotExercised(Set<String> unused) {
        for (String grant : GRANTED_BUT_NOT_EXERCISED.keySet()) {
            String[] parts = grant.split(" ");
            for (String verb : parts[1].split(",")) {
                unused.remove(parts[0] + " " + verb);
            }
        }
    }

    /** Secrets are the one thing read in the operator's namespace: they must come from the Role. */
    private static final Set<String> NAMESPACE_ONLY = Set.of("/secrets get");

    @Test
    void theChartGrantsWhatTheOperatorUsesOnTheHubAndNothingMore() {
        List<HasMetadata> chart = parse(Chart.template("locus", "locus-system", Map.of()));
        Set<String> cluster = grants(chart, ClusterRole.class);
        Set<String> namespace = grants(chart, Role.class);
        Set<String> used = used(hubRequests);

        assertThat(used).isNotEmpty();
        for (String access : used) {
            assertThat(NAMESPACE_ONLY.contains(access) ? namespace : cluster)
                    .as("the chart must grant %s, which the operator uses on the hub", access)
                    .contains(access);
        }
        Set<String> unused = new TreeSet<>(cluster);
        unused.addAll(namespace);
        unused.removeAll(used);
        GRANTED_BUT_NOT_EXERCISED
                .keySet()
                .forEach(
                        k -> {
                            String[] parts = k.split(" ");
                            for (String verb : parts[1].split(",")) {
                                unused.remove(parts[0] + " " + verb);
                            }
                        });
        assertThat(unused).as("granted on the hub but never used").isEmpty();
        assertThat(cluster).noneMatch(a -> a.startsWith("/secrets"));
    }

    @Test
    void theMemberRoleGrantsWhatTheOperatorUsesInAMemberAndNothingMore() throws Exception {
        List<HasMetadata> member = parse(Files.readString(Path.of("deploy/member/rbac.yaml")));
        Set<String> granted = grants(member, ClusterRole.class);
        granted.addAll(grants(member, Role.class));
        Set<String> used = used(memberRequests);

        assertThat(used).isNotEmpty();
        assertThat(granted)
                .as("deploy/member/rbac.yaml must grant what Locus uses")
                .containsAll(used);
        Set<String> unused = new TreeSet<>(granted);
        unused.removeAll(used);
        exceptGrantedButNotExercised(unused);
        assertThat(unused).as("granted in members but never used").isEmpty();
        assertThat(granted).noneMatch(a -> a.startsWith("/secrets"));
    }
}
