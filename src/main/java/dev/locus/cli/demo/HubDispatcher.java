package dev.locus.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The demo hub's dispatcher: fabric8's mock API server (CRUD mode) plus what kubectl needs of an
 * API server that the mock does not answer. Everything else goes to the mock unchanged.
 *
 * <ul>
 *   <li><b>Discovery</b> ({@code /api}, {@code /api/v1}, {@code /apis}, {@code
 *       /apis/GROUP/VERSION}): the hub's CRDs (kinds, plurals, short names, scope) and the built-in
 *       resources the mock stores ({@link #BUILT_IN}). kubectl asks for aggregated discovery first
 *       and falls back to these documents when the answer is plain JSON.
 *   <li><b>Tables</b>: a GET of custom resources with {@code Accept: ...;as=Table;...} gets a Table
 *       of the CRD's printer columns ({@link PrinterColumns}), as {@code kubectl get} shows them.
 *   <li><b>OpenAPI</b>: v3 documents built from the CRD schemas ({@link HubOpenApi}), for {@code
 *       kubectl explain} and {@code kubectl apply}; {@code /openapi/v2} is an empty document (a
 *       zero-length protobuf message), which kubectl reads before it looks at v3.
 *   <li><b>Watches over plain HTTP</b> (kubectl's; fabric8 clients use WebSockets, which pass
 *       unchanged): events the list before the watch already showed are dropped, and objects become
 *       Table rows when a Table was asked for. {@link KubectlEndpoint} streams them.
 *   <li><b>Field selectors on events</b> ({@code involvedObject.name=...}, what {@code kubectl
 *       describe} asks for), which the mock ignores.
 *   <li><b>Strategic merge patches</b> (kubectl apply's for built-in kinds), applied as JSON merge
 *       patches: the same for the maps and scalars of the objects here, not for lists merged by
 *       key.
 *   <li><b>NotFound</b> answers carry a Status, so kubectl names what was not found.
 * </ul>
 */
final class HubDispatcher extends Dispatcher {

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

    private static final String CRDS =
            "/apis/" + HubOpenApi.APIEXTENSIONS + "/customresourcedefinitions";
    private static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final Dispatcher mock;
    private final Clock clock;

    HubDispatcher(Dispatcher mock, Clock clock) {
        this.mock = mock;
        this.clock = clock;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = pathOf(request.getPath());
        Map<String, String> query = queryOf(request.getPath());
        ResourcePath resource = ResourcePath.parse(path);
        if (request.method() == HttpMethod.GET) {
            Optional<MockResponse> served = serve(path, query);
            if (served.isPresent()) {
                return served.get();
            }
            if (resource != null && "true".equals(query.get("watch"))) {
                return plainHttpWatch(request, resource, query);
            }
            if (resource != null
                    && "events".equals(resource.plural())
                    && query.getOrDefault("fieldSelector", "").contains("involvedObject.")) {
                return events(request, query.get("fieldSelector"));
            }
            if (resource != null && wantsTable(request)) {
                Optional<CustomResourceDefinition> crd = crd(resource);
                if (crd.isPresent()) {
                    return table(request, resource, crd.get(), query.get("includeObject"));
                }
            }
        }
        if (request.method() == HttpMethod.PATCH && isStrategicMergePatch(request)) {
            return notFoundStatus(resource, mock.dispatch(asMergePatch(request)));
        }
        MockResponse response = mock.dispatch(request);
        return request.method() == HttpMethod.GET ? notFoundStatus(resource, response) : response;
    }

    /** Discovery and OpenAPI documents, by path. */
    private Optional<MockResponse> serve(String path, Map<String, String> query) {
        switch (path) {
            case "/api":
                return json(new APIVersionsBuilder().withVersions("v1").build());
            case "/api/v1":
                return json(resourceList("v1"));
            case "/apis":
                return json(groupList());
            case "/openapi/v2":
                return Optional.of(
                        new MockResponse()
                                .setResponseCode(200)
                                .setHeader("Content-Type", "application/octet-stream"));
            case "/openapi/v3":
                return json(HubOpenApi.index(HubOpenApi.documents(crds())));
            default:
                break;
        }
        if (path.startsWith("/openapi/v3/")) {
            return Optional.of(
                    HubOpenApi.document(HubOpenApi.documents(crds()), path)
                            .flatMap(HubDispatcher::json)
                            .orElseGet(() -> new MockResponse().setResponseCode(404)));
        }
        String[] segments = path.substring(1).split("/");
        if (segments.length == 3 && segments[0].equals("apis")) {
            String gv = segments[1] + "/" + segments[2];
            var list = resourceList(gv);
            return list.getResources().isEmpty()
                    ? Optional.of(new MockResponse().setResponseCode(404))
                    : json(list);
        }
        return Optional.empty();
    }

    private io.fabric8.kubernetes.api.model.APIResourceList resourceList(String groupVersion) {
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
        for (CustomResourceDefinition crd : crds()) {
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

    private io.fabric8.kubernetes.api.model.APIGroupList groupList() {
        Map<String, List<String>> versions = new LinkedHashMap<>();
        for (BuiltIn b : BUILT_IN) {
            if (b.groupVersion().contains("/")) {
                add(versions, b.groupVersion());
            }
        }
        for (CustomResourceDefinition crd : crds()) {
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

    /** The CRDs stored on the hub. */
    List<CustomResourceDefinition> crds() {
        MockResponse response = mock.dispatch(get(CRDS));
        List<CustomResourceDefinition> crds = new ArrayList<>();
        if (response.code() == 200 && response.getBody() != null) {
            for (JsonNode item : read(response).path("items")) {
                crds.add(SERIALIZATION.convertValue(item, CustomResourceDefinition.class));
            }
        }
        return crds;
    }

    private Optional<CustomResourceDefinition> crd(ResourcePath resource) {
        return crds().stream()
                .filter(c -> c.getSpec().getGroup().equals(resource.group()))
                .filter(c -> c.getSpec().getNames().getPlural().equals(resource.plural()))
                .filter(c -> version(c, resource.version()).isPresent())
                .findFirst();
    }

    private static Optional<CustomResourceDefinitionVersion> version(
            CustomResourceDefinition crd, String version) {
        return crd.getSpec().getVersions().stream()
                .filter(v -> v.getName().equals(version))
                .findFirst();
    }

    private static List<CustomResourceColumnDefinition> columns(
            CustomResourceDefinition crd, String version) {
        List<CustomResourceColumnDefinition> columns =
                version(crd, version)
                        .map(CustomResourceDefinitionVersion::getAdditionalPrinterColumns)
                        .orElse(List.of());
        return columns.isEmpty()
                ? List.of(
                        new CustomResourceColumnDefinitionBuilder()
                                .withName("Age")
                                .withType("date")
                                .withJsonPath(".metadata.creationTimestamp")
                                .build())
                : columns;
    }

    private MockResponse table(
            RecordedRequest request,
            ResourcePath resource,
            CustomResourceDefinition crd,
            String includeObject) {
        MockResponse response = notFoundStatus(resource, mock.dispatch(request));
        if (response.code() != 200) {
            return response;
        }
        JsonNode body = read(response);
        List<JsonNode> objects = new ArrayList<>();
        String resourceVersion;
        if (resource.name() != null) {
            objects.add(body);
            resourceVersion = body.path("metadata").path("resourceVersion").asText(null);
        } else {
            body.path("items").forEach(objects::add);
            // As an API server lists: by namespace, then name.
            objects.sort(
                    Comparator.comparing(
                                    (JsonNode o) -> o.path("metadata").path("namespace").asText())
                            .thenComparing(o -> o.path("metadata").path("name").asText()));
            resourceVersion = body.path("metadata").path("resourceVersion").asText(null);
        }
        return json(PrinterColumns.table(
                        columns(crd, resource.version()),
                        objects,
                        resourceVersion,
                        includeObject,
                        clock.instant()))
                .orElseThrow();
    }

    /**
     * A watch over plain HTTP (kubectl's): the mock's watch, whose events {@link KubectlEndpoint}
     * writes to the response as they come. The mock replays every object as ADDED when a watch
     * opens; those the client's list already had (resourceVersion up to the one it watches from)
     * are dropped, as an API server would not send them.
     */
    private MockResponse plainHttpWatch(
            RecordedRequest request, ResourcePath resource, Map<String, String> query) {
        MockResponse response = mock.dispatch(request);
        WebSocketListener watch = response.getWebSocketListener();
        if (watch == null || "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            return response;
        }
        long since = number(query.get("resourceVersion"));
        UnaryOperator<JsonNode> toTable = UnaryOperator.identity();
        if (wantsTable(request)) {
            Optional<CustomResourceDefinition> crd = crd(resource);
            if (crd.isPresent()) {
                var columns = columns(crd.get(), resource.version());
                toTable =
                        object ->
                                PrinterColumns.table(
                                        columns,
                                        List.of(object),
                                        object.path("metadata")
                                                .path("resourceVersion")
                                                .asText(null),
                                        query.get("includeObject"),
                                        clock.instant());
            }
        }
        return new MockResponse()
                .setResponseCode(200)
                .withWebSocketUpgrade(new HttpWatch(watch, since, toTable));
    }

    /** The mock's watch listener, seen through a filter on what it sends. */
    static final class HttpWatch extends WebSocketListener {
        private final WebSocketListener watch;
        private final long since;
        private final UnaryOperator<JsonNode> convert;

        HttpWatch(WebSocketListener watch, long since, UnaryOperator<JsonNode> convert) {
            this.watch = watch;
            this.since = since;
            this.convert = convert;
        }

        @Override
        public void onOpen(WebSocket socket, Response response) {
            watch.onOpen(filtered(socket), response);
        }

        @Override
        public void onClosed(WebSocket socket, int code, String reason) {
            watch.onClosed(filtered(socket), code, reason);
        }

        private WebSocket filtered(WebSocket socket) {
            return new WebSocket() {
                @Override
                public RecordedRequest request() {
                    return socket.request();
                }

                @Override
                public boolean send(String text) {
                    JsonNode event = parse(text);
                    JsonNode object = event.path("object");
                    long version = number(object.path("metadata").path("resourceVersion").asText());
                    if ("ADDED".equals(event.path("type").asText())
                            && since > 0
                            && version <= since) {
                        return true;
                    }
                    ((ObjectNode) event).set("object", convert.apply(object));
                    return socket.send(event.toString());
                }

                @Override
                public boolean send(byte[] bytes) {
                    return send(new String(bytes, StandardCharsets.UTF_8));
                }

                @Override
                public boolean close(int code, String reason) {
                    return socket.close(code, reason);
                }
            };
        }
    }

    /** Events matching a field selector (involvedObject.name=x,...), which the mock ignores. */
    private MockResponse events(RecordedRequest request, String fieldSelector) {
        String raw = request.getPath();
        String path = pathOf(raw);
        StringBuilder rest = new StringBuilder();
        for (String param : raw.substring(raw.indexOf('?') + 1).split("&")) {
            if (!param.startsWith("fieldSelector=")) {
                rest.append(rest.length() == 0 ? "?" : "&").append(param);
            }
        }
        MockResponse response = mock.dispatch(get(path + rest));
        if (response.code() != 200) {
            return response;
        }
        ObjectNode list = (ObjectNode) read(response);
        ArrayNode kept = MAPPER.createArrayNode();
        for (JsonNode event : list.path("items")) {
            if (matches(event, fieldSelector)) {
                kept.add(event);
            }
        }
        list.put("kind", "EventList");
        list.set("items", kept);
        return json(list).orElseThrow();
    }

    /** Whether an object has every field a selector names: {@code a.b=x}, {@code a.b!=y}. */
    static boolean matches(JsonNode object, String fieldSelector) {
        for (String requirement : fieldSelector.split(",")) {
            boolean negated = requirement.contains("!=");
            String[] kv = requirement.split(negated ? "!=" : "==?", 2);
            if (kv.length != 2) {
                continue;
            }
            JsonNode field = object;
            for (String name : kv[0].trim().split("\\.")) {
                field = field.path(name);
            }
            boolean equal = field.asText("").equals(kv[1].trim());
            if (equal == negated) {
                return false;
            }
        }
        return true;
    }

    private static boolean isStrategicMergePatch(RecordedRequest request) {
        String type = request.getHeader("Content-Type");
        return type != null && type.startsWith("application/strategic-merge-patch+json");
    }

    /** A strategic merge patch as a JSON merge patch, without its ordering directives. */
    private static RecordedRequest asMergePatch(RecordedRequest request) {
        JsonNode patch = parse(new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
        stripDirectives(patch);
        return new RecordedRequest(
                request.getHttpVersion(),
                request.method(),
                request.getPath(),
                request.getHeaders()
                        .newBuilder()
                        .set("Content-Type", "application/merge-patch+json")
                        .build(),
                new Buffer(patch.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static void stripDirectives(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (name.startsWith("$setElementOrder/") || name.equals("$retainKeys")) {
                    names.remove();
                }
            }
            object.forEach(HubDispatcher::stripDirectives);
        }
    }

    /** A 404 without a body, as the mock answers, with the Status an API server sends. */
    private static MockResponse notFoundStatus(ResourcePath resource, MockResponse response) {
        if (response.code() != 404
                || resource == null
                || resource.name() == null
                || (response.getBody() != null && response.getBody().size() > 0)) {
            return response;
        }
        String what =
                resource.group().isEmpty()
                        ? resource.plural()
                        : resource.plural() + "." + resource.group();
        return json(new StatusBuilder()
                        .withStatus("Failure")
                        .withReason("NotFound")
                        .withCode(404)
                        .withMessage(what + " \"" + resource.name() + "\" not found")
                        .withNewDetails()
                        .withName(resource.name())
                        .withGroup(resource.group())
                        .withKind(resource.plural())
                        .endDetails()
                        .build())
                .orElseThrow()
                .setResponseCode(404);
    }

    /** {@code /api/v1/...} or {@code /apis/GROUP/VERSION/...}: a resource or collection. */
    record ResourcePath(
            String group, String version, String namespace, String plural, String name) {

        static ResourcePath parse(String path) {
            String[] s = path.substring(1).split("/");
            int at;
            String group;
            if (s.length >= 3 && s[0].equals("api") && s[1].equals("v1")) {
                group = "";
                at = 2;
            } else if (s.length >= 4 && s[0].equals("apis")) {
                group = s[1];
                at = 3;
            } else {
                return null;
            }
            String version = s[at - 1];
            String namespace = null;
            if (s.length - at >= 3 && s[at].equals("namespaces")) {
                namespace = s[at + 1];
                at += 2;
            }
            String plural = s[at];
            String name = s.length > at + 1 ? s[at + 1] : null;
            return new ResourcePath(group, version, namespace, plural, name);
        }
    }

    private static boolean wantsTable(RecordedRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("as=Table");
    }

    private static RecordedRequest get(String path) {
        return new RecordedRequest(
                "HTTP/1.1",
                HttpMethod.GET,
                path,
                io.fabric8.mockwebserver.http.Headers.builder().build(),
                new Buffer());
    }

    static String pathOf(String raw) {
        int q = raw.indexOf('?');
        return q < 0 ? raw : raw.substring(0, q);
    }

    static Map<String, String> queryOf(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        int q = raw.indexOf('?');
        if (q >= 0) {
            for (String param : raw.substring(q + 1).split("&")) {
                int eq = param.indexOf('=');
                String key = eq < 0 ? param : param.substring(0, eq);
                String value = eq < 0 ? "" : param.substring(eq + 1);
                query.put(
                        URLDecoder.decode(key, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static long number(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static JsonNode read(MockResponse response) {
        return parse(new String(response.getBody().getBytes(), StandardCharsets.UTF_8));
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private static Optional<MockResponse> json(Object body) {
        String text = body instanceof JsonNode node ? node.toString() : SERIALIZATION.asJson(body);
        return Optional.of(
                new MockResponse()
                        .setResponseCode(200)
                        .setHeader("Content-Type", JSON)
                        .setBody(text));
    }
}
