package dev.locus.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * Events by field selector ({@code involvedObject.name=...}, for kubectl describe), which the mock
 * ignores.
 */
final class HubEvents {

    private final Dispatcher mock;

    HubEvents(Dispatcher mock) {
        this.mock = mock;
    }

    /** Events matching a field selector (involvedObject.name=x,...), which the mock ignores. */
    MockResponse list(RecordedRequest request, String fieldSelector) {
        String raw = request.getPath();
        String path = HubHttp.pathOf(raw);
        StringBuilder rest = new StringBuilder();
        for (String param : raw.substring(raw.indexOf('?') + 1).split("&")) {
            if (!param.startsWith("fieldSelector=")) {
                rest.append(rest.length() == 0 ? "?" : "&").append(param);
            }
        }
        MockResponse response = mock.dispatch(HubHttp.get(path + rest));
        if (response.code() != 200) {
            return response;
        }
        ObjectNode list = (ObjectNode) HubHttp.read(response);
        ArrayNode kept = HubHttp.MAPPER.createArrayNode();
        for (JsonNode event : list.path("items")) {
            if (matches(event, fieldSelector)) {
                kept.add(event);
            }
        }
        list.put("kind", "EventList");
        list.set("items", kept);
        return HubHttp.json(list).orElseThrow();
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
}
