package dev.locus.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The hub's HTTP helpers: paths and queries, JSON bodies and answers, requests to the mock. */
final class HubHttp {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final String JSON = "application/json";

    private HubHttp() {}

    /** A 404 without a body, as the mock answers, with the Status an API server sends. */
    static MockResponse notFoundStatus(ResourcePath resource, MockResponse response) {
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

    static boolean wantsTable(RecordedRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("as=Table");
    }

    static RecordedRequest get(String path) {
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

    static long number(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static JsonNode read(MockResponse response) {
        return parse(new String(response.getBody().getBytes(), StandardCharsets.UTF_8));
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    static Optional<MockResponse> json(Object body) {
        String text = body instanceof JsonNode node ? node.toString() : SERIALIZATION.asJson(body);
        return Optional.of(
                new MockResponse()
                        .setResponseCode(200)
                        .setHeader("Content-Type", JSON)
                        .setBody(text));
    }
}
