package dev.locus.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.api.schema.CrdSchemas;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hub's answers to kubectl, in memory (KubectlAgainstTheHubIT runs the real kubectl). */
class HubDispatcherTest {

    static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io, application/json";

    HubDispatcher hub;

    @BeforeEach
    void hubWithTheLocusCrds() {
        hub =
                new HubDispatcher(
                        new KubernetesMixedDispatcher(new HashMap<>()),
                        // An hour ahead: what the mock stores now is an hour old.
                        Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));
        var serialization = new KubernetesSerialization();
        for (var crd : CrdSchemas.definitions()) {
            send(
                    HttpMethod.POST,
                    "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                    serialization.asJson(crd));
        }
    }

    @Test
    void discoveryListsTheLocusKindsWithShortNamesAndScope() {
        JsonNode resources = json(get("/apis/locus.dev/v1alpha1", "application/json"));
        assertThat(resources.path("kind").asText()).isEqualTo("APIResourceList");
        assertThat(resources.path("resources").findValuesAsText("name"))
                .containsExactlyInAnyOrder(
                        "sovereigntyzones",
                        "clusters",
                        "gpupools",
                        "trainingjobs",
                        "inferenceendpoints",
                        "fleetquotas");
        JsonNode fq = resource(resources, "fleetquotas");
        assertThat(fq.path("shortNames").toString()).isEqualTo("[\"fq\"]");
        assertThat(fq.path("namespaced").asBoolean()).isFalse();
        JsonNode tj = resource(resources, "trainingjobs");
        assertThat(tj.path("shortNames").toString()).isEqualTo("[\"tj\"]");
        assertThat(tj.path("namespaced").asBoolean()).isTrue();
        assertThat(tj.path("kind").asText()).isEqualTo("TrainingJob");
        assertThat(tj.path("verbs").toString()).contains("\"list\"", "\"watch\"", "\"patch\"");
        assertThat(resource(resources, "gpupools").path("namespaced").asBoolean()).isFalse();

        assertThat(json(get("/apis", "application/json")).path("groups").findValuesAsText("name"))
                .containsExactly("apps", "batch", "apiextensions.k8s.io", "locus.dev");
        assertThat(json(get("/api", "application/json")).path("versions").toString())
                .isEqualTo("[\"v1\"]");
        assertThat(
                        json(get("/api/v1", "application/json"))
                                .path("resources")
                                .findValuesAsText("name"))
                .contains("namespaces", "secrets", "events");
        assertThat(get("/apis/coordination.k8s.io/v1", "application/json").code()).isEqualTo(404);
    }

    @Test
    void aTableAskedForGetsTheCrdPrinterColumns() {
        send(
                HttpMethod.POST,
                "/apis/locus.dev/v1alpha1/gpupools",
                """
                {"apiVersion": "locus.dev/v1alpha1", "kind": "GPUPool",
                 "metadata": {"name": "fra-1-h100"},
                 "spec": {"cluster": "fra-1", "accelerator": {"model": "H100"}}}
                """);
        MockResponse status =
                hub.dispatch(
                        request(
                                HttpMethod.PATCH,
                                "/apis/locus.dev/v1alpha1/gpupools/fra-1-h100/status",
                                "application/merge-patch+json",
                                "{\"status\": {\"capacity\": {\"available\": 12, \"total\": 64}}}"));
        assertThat(status.code()).isLessThan(300);
        JsonNode table = json(get("/apis/locus.dev/v1alpha1/gpupools", TABLE));
        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("columnDefinitions").findValuesAsText("name"))
                .containsExactly("Name", "CLUSTER", "MODEL", "AVAILABLE", "TOTAL", "COST/H", "AGE");
        assertThat(table.path("rows").get(0).path("cells").toString())
                .isEqualTo("[\"fra-1-h100\",\"fra-1\",\"H100\",12,64,null,\"60m\"]");
        // Without the Table media type, the mock's list as it was.
        assertThat(json(get("/apis/locus.dev/v1alpha1/gpupools", "application/json")).path("kind"))
                .hasToString("\"List\"");
    }

    @Test
    void openApiV3HasEachKindsSchemaAndServerSideFieldValidation() {
        JsonNode index = json(get("/openapi/v3", "application/json"));
        String url =
                index.path("paths")
                        .path("apis/locus.dev/v1alpha1")
                        .path("serverRelativeURL")
                        .asText();
        assertThat(url).startsWith("/openapi/v3/apis/locus.dev/v1alpha1?hash=");
        assertThat(index.path("paths").has("apis/apiextensions.k8s.io/v1")).isTrue();

        JsonNode doc = json(get(url, "application/json"));
        JsonNode schema =
                doc.path("components").path("schemas").path("dev.locus.v1alpha1.TrainingJob");
        assertThat(schema.path("x-kubernetes-group-version-kind").get(0).path("kind").asText())
                .isEqualTo("TrainingJob");
        assertThat(
                        schema.path("properties")
                                .path("spec")
                                .path("properties")
                                .path("data")
                                .path("description")
                                .asText())
                .isEqualTo(
                        CrdSchemas.forKind("TrainingJob")
                                .orElseThrow()
                                .schema()
                                .getProperties()
                                .get("spec")
                                .getProperties()
                                .get("data")
                                .getDescription());
        JsonNode path =
                doc.path("paths")
                        .path(
                                "/apis/locus.dev/v1alpha1/namespaces/{namespace}/trainingjobs/{name}");
        assertThat(path.path("parameters").findValuesAsText("name")).contains("fieldValidation");
        assertThat(path.path("patch").path("x-kubernetes-group-version-kind").path("kind").asText())
                .isEqualTo("TrainingJob");

        MockResponse v2 =
                get("/openapi/v2", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
        assertThat(v2.code()).isEqualTo(200);
        assertThat(v2.getBody()).isNull();
    }

    @Test
    void eventsAreSelectedByTheObjectTheyAreAbout() {
        for (String name : List.of("a", "b")) {
            send(
                    HttpMethod.POST,
                    "/api/v1/namespaces/ml/events",
                    """
                    {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "%s.1", "namespace": "ml"},
                     "involvedObject": {"kind": "TrainingJob", "name": "%s", "uid": "uid-%s"}}
                    """
                            .formatted(name, name, name));
        }
        JsonNode events =
                json(
                        get(
                                "/api/v1/namespaces/ml/events?fieldSelector=involvedObject.name%3Db%2CinvolvedObject.uid%3Duid-b&limit=500",
                                "application/json"));
        assertThat(events.path("kind").asText()).isEqualTo("EventList");
        assertThat(events.path("items").findValuesAsText("name")).containsExactly("b.1", "b");
    }

    @Test
    void aStrategicMergePatchIsAppliedAsAMergePatch() {
        send(
                HttpMethod.POST,
                "/api/v1/namespaces",
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"ml\",\"labels\":{\"a\":\"1\"}}}");
        MockResponse patched =
                hub.dispatch(
                        request(
                                HttpMethod.PATCH,
                                "/api/v1/namespaces/ml?fieldManager=kubectl-client-side-apply",
                                "application/strategic-merge-patch+json",
                                "{\"metadata\":{\"labels\":{\"b\":\"2\"},\"$setElementOrder/finalizers\":[]}}"));
        assertThat(patched.code()).isLessThan(300);
        JsonNode namespace = json(get("/api/v1/namespaces/ml", "application/json"));
        assertThat(namespace.path("metadata").path("labels").toString())
                .isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
        assertThat(namespace.path("metadata").has("$setElementOrder/finalizers")).isFalse();
    }

    @Test
    void notFoundSaysWhatWasNotFound() {
        MockResponse missing =
                get("/apis/locus.dev/v1alpha1/namespaces/ml/trainingjobs/nope", TABLE);
        assertThat(missing.code()).isEqualTo(404);
        JsonNode status = json(missing);
        assertThat(status.path("reason").asText()).isEqualTo("NotFound");
        assertThat(status.path("message").asText())
                .isEqualTo("trainingjobs.locus.dev \"nope\" not found");
    }

    @Test
    void aPlainHttpWatchSkipsWhatTheListShowedAndSendsTableRows() throws Exception {
        send(
                HttpMethod.POST,
                "/apis/locus.dev/v1alpha1/sovereigntyzones",
                "{\"apiVersion\":\"locus.dev/v1alpha1\",\"kind\":\"SovereigntyZone\",\"metadata\":{\"name\":\"eu\"},\"spec\":{\"jurisdictions\":[\"DE\"]}}");
        String listed =
                json(get("/apis/locus.dev/v1alpha1/sovereigntyzones", TABLE))
                        .path("metadata")
                        .path("resourceVersion")
                        .asText();
        MockResponse watch =
                get(
                        "/apis/locus.dev/v1alpha1/sovereigntyzones?resourceVersion="
                                + listed
                                + "&watch=true",
                        TABLE);
        List<String> sent = new ArrayList<>();
        watch.getWebSocketListener().onOpen(collecting(sent), watch);
        send(
                HttpMethod.POST,
                "/apis/locus.dev/v1alpha1/sovereigntyzones",
                "{\"apiVersion\":\"locus.dev/v1alpha1\",\"kind\":\"SovereigntyZone\",\"metadata\":{\"name\":\"uk\"},\"spec\":{\"jurisdictions\":[\"GB\"]}}");
        await().until(() -> sent.size() >= 1);
        watch.getWebSocketListener().onClosed(collecting(sent), 1000, "done");
        assertThat(sent).hasSize(1);
        JsonNode event = new ObjectMapper().readTree(sent.get(0));
        assertThat(event.path("type").asText()).isEqualTo("ADDED");
        assertThat(event.path("object").path("kind").asText()).isEqualTo("Table");
        assertThat(event.path("object").path("rows").get(0).path("cells").get(0).asText())
                .isEqualTo("uk");
    }

    private static WebSocket collecting(List<String> sent) {
        return new WebSocket() {
            @Override
            public RecordedRequest request() {
                return null;
            }

            @Override
            public synchronized boolean send(String text) {
                sent.add(text);
                return true;
            }

            @Override
            public boolean send(byte[] bytes) {
                return send(new String(bytes, StandardCharsets.UTF_8));
            }

            @Override
            public boolean close(int code, String reason) {
                return true;
            }
        };
    }

    private static JsonNode resource(JsonNode list, String name) {
        for (JsonNode r : list.path("resources")) {
            if (r.path("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no resource " + name + " in " + list);
    }

    private MockResponse get(String path, String accept) {
        return hub.dispatch(request(HttpMethod.GET, path, null, null, accept));
    }

    private void send(HttpMethod method, String path, String body) {
        MockResponse response = hub.dispatch(request(method, path, "application/json", body));
        assertThat(response.code()).as("%s %s", method, path).isLessThan(300);
    }

    private static RecordedRequest request(
            HttpMethod method, String path, String contentType, String body) {
        return request(method, path, contentType, body, "application/json");
    }

    private static RecordedRequest request(
            HttpMethod method, String path, String contentType, String body, String accept) {
        Headers.Builder headers = Headers.builder().add("Accept", accept);
        if (contentType != null) {
            headers.add("Content-Type", contentType);
        }
        return new RecordedRequest(
                "HTTP/1.1",
                method,
                path,
                headers.build(),
                new Buffer(body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode json(MockResponse response) {
        try {
            return new ObjectMapper()
                    .readTree(new String(response.getBody().getBytes(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
