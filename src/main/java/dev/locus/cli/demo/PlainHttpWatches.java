package dev.locus.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * kubectl's watches over plain HTTP: the mock's, less what the list showed, as Table rows if asked.
 */
final class PlainHttpWatches {

    private final Dispatcher mock;
    private final HubCrds crds;
    private final Clock clock;

    PlainHttpWatches(Dispatcher mock, HubCrds crds, Clock clock) {
        this.mock = mock;
        this.crds = crds;
        this.clock = clock;
    }

    /**
     * A watch over plain HTTP (kubectl's): the mock's watch, whose events {@link KubectlEndpoint}
     * writes to the response as they come. The mock replays every object as ADDED when a watch
     * opens; those the client's list already had (resourceVersion up to the one it watches from)
     * are dropped, as an API server would not send them.
     */
    MockResponse open(RecordedRequest request, ResourcePath resource, Map<String, String> query) {
        MockResponse response = mock.dispatch(request);
        WebSocketListener watch = response.getWebSocketListener();
        if (watch == null || "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            return response;
        }
        long since = HubHttp.number(query.get("resourceVersion"));
        UnaryOperator<JsonNode> toTable = UnaryOperator.identity();
        if (HubHttp.wantsTable(request)) {
            Optional<CustomResourceDefinition> crd = crds.of(resource);
            if (crd.isPresent()) {
                var columns = HubCrds.columns(crd.get(), resource.version());
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
                    JsonNode event = HubHttp.parse(text);
                    JsonNode object = event.path("object");
                    long version =
                            HubHttp.number(
                                    object.path("metadata").path("resourceVersion").asText());
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
}
