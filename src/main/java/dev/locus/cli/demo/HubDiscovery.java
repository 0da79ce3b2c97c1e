package dev.locus.cli.demo;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hub's discovery ({@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/GROUP/VERSION})
 * and OpenAPI ({@code /openapi/v2}, {@code /openapi/v3/...}) documents, from its CRDs.
 */
final class HubDiscovery {

    /** A built-in resource the mock stores, for discovery. */
    record BuiltIn(
            String groupVersion,
            String plural,
            String singular,
            String kind,
            boolean namespaced,
            List<String> shortNames) {}

    static final List<BuiltIn> BUILT_IN =
            List.of(
                    new BuiltIn("v1", "namespaces", "namespace", "Namespace", false, List.of("ns")),
                    new BuiltIn("v1", "nodes", "node", "Node", false, List.of("no")),
                    new BuiltIn("v1", "pods", "pod", "Pod", true, List.of("po")),
                    new BuiltIn("v1", "services", "service", "Service", true, List.of("svc")),
                    new BuiltIn("v1", "secrets", "secret", "Secret", true, List.of()),
                    new BuiltIn("v1", "configmaps", "configmap", "ConfigMap", true, List.of("cm")),
                    new BuiltIn("v1", "events", "event", "Event", true, List.of("ev")),
                    new BuiltIn(
                            "apps/v1",
                            "deployments",
                            "deployment",
                            "Deployment",
                            true,
                            List.of("deploy")),
                    new BuiltIn("batch/v1", "jobs", "job", "Job", true, List.of()),
                    new BuiltIn(
                            HubOpenApi.APIEXTENSIONS,
                            "customresourcedefinitions",
                            "customresourcedefinition",
                            "CustomResourceDefinition",
                            false,
                            List.of("crd", "crds")));

    static final List<String> VERBS =
            List.of(
                    "create",
                    "delete",
                    "deletecollection",
                    "get",
                    "list",
                    "patch",
                    "update",
                    "watch");

    private final HubCrds crds;

    HubDiscovery(HubCrds crds) {
        this.crds = crds;
    }

    /** Discovery and OpenAPI documents, by path; empty for other paths. */
    Optional<MockResponse> serve(String path, Map<String, String> query) {
        switch (path) {
            case "/api":
                return HubHttp.json(new APIVersionsBuilder().withVersions("v1").build());
            case "/api/v1":
                return HubHttp.json(resourceList("v1"));
            case "/apis":
                return HubHttp.json(groupList());
            case "/openapi/v2":
                return Optional.of(
                        new MockResponse()
                                .setResponseCode(200)
                                .setHeader("Content-Type", "application/octet-stream"));
            case "/openapi/v3":
                return HubHttp.json(HubOpenApi.index(HubOpenApi.documents(crds.all())));
            default:
                break;
        }
        if (path.startsWith("/openapi/v3/")) {
            return Optional.of(
                    HubOpenApi.document(HubOpenApi.documents(crds.all()), path)
                            .flatMap(HubHttp::json)
                            .orElseGet(() -> new MockResponse().setResponseCode(404)));
        }
        String[] segments = path.substring(1).split("/");
        if (segments.length == 3 && segments[0].equals("apis")) {
            String gv = segments[1] + "/" + segments[2];
            var list = resourceList(gv);
            return list.getResources().isEmpty()
                    ? Optional.of(new MockResponse().setResponseCode(404))
                    : HubHttp.json(list);
        }
        return Optional.empty();
    }

    private APIResourceList resourceList(String groupVersion) {
        var list = new APIResourceListBuilder().withGroupVersion(groupVersion);
        for (BuiltIn b : BUILT_IN) {
            if (b.groupVersion().equals(groupVersion)) {
                list.addToResources(
                        new APIResourceBuilder()
                                .withName(b.plural())
                                .withSingularName(b.singular())
                                .withKind(b.kind())
                                .withNamespaced(b.namespaced())
                                .withShortNames(b.shortNames())
                                .withVerbs(VERBS)
                                .build());
            }
        }
        for (CustomResourceDefinition crd : crds.all()) {
            var spec = crd.getSpec();
            for (CustomResourceDefinitionVersion v : spec.getVersions()) {
                if (Boolean.TRUE.equals(v.getServed())
                        && groupVersion.equals(spec.getGroup() + "/" + v.getName())) {
                    list.addToResources(
                            new APIResourceBuilder()
                                    .withName(spec.getNames().getPlural())
                                    .withSingularName(spec.getNames().getSingular())
                                    .withKind(spec.getNames().getKind())
                                    .withNamespaced("Namespaced".equals(spec.getScope()))
                                    .withShortNames(spec.getNames().getShortNames())
                                    .withCategories(spec.getNames().getCategories())
                                    .withVerbs(VERBS)
                                    .build());
                }
            }
        }
        return list.build();
    }

    private APIGroupList groupList() {
        Map<String, List<String>> versions = new LinkedHashMap<>();
        for (BuiltIn b : BUILT_IN) {
            if (b.groupVersion().contains("/")) {
                add(versions, b.groupVersion());
            }
        }
        for (CustomResourceDefinition crd : crds.all()) {
            crd.getSpec().getVersions().stream()
                    .filter(v -> Boolean.TRUE.equals(v.getServed()))
                    .forEach(v -> add(versions, crd.getSpec().getGroup() + "/" + v.getName()));
        }
        var groups = new APIGroupListBuilder();
        versions.forEach(
                (group, gvs) -> {
                    List<GroupVersionForDiscovery> list =
                            gvs.stream()
                                    .map(
                                            gv ->
                                                    new GroupVersionForDiscovery(
                                                            gv, gv.substring(gv.indexOf('/') + 1)))
                                    .toList();
                    groups.addToGroups(
                            new APIGroupBuilder()
                                    .withName(group)
                                    .withVersions(list)
                                    .withPreferredVersion(list.get(0))
                                    .build());
                });
        return groups.build();
    }

    private static void add(Map<String, List<String>> versions, String groupVersion) {
        List<String> gvs =
                versions.computeIfAbsent(
                        groupVersion.substring(0, groupVersion.indexOf('/')),
                        g -> new ArrayList<>());
        if (!gvs.contains(groupVersion)) {
            gvs.add(groupVersion);
        }
    }
}
