package dev.locus.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Optimistic concurrency on status writes, as an API server has it: a PUT of a status subresource
 * whose resourceVersion is not the object's current one is refused with 409 Conflict. fabric8's
 * mock server checks the resourceVersion of a PUT of the object, not of its status, so without this
 * a stale status write silently replaces a newer one. Status PUTs are serialized so the check and
 * the write are one step.
 */
final class OptimisticStatusWrites extends Dispatcher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Dispatcher delegate;

    OptimisticStatusWrites(Dispatcher delegate) {
        this.delegate = delegate;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = HubHttp.pathOf(request.getPath());
        if (request.method() != HttpMethod.PUT || !path.endsWith("/status")) {
            return delegate.dispatch(request);
        }
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().readByteArray();
        RecordedRequest again =
                new RecordedRequest(
                        request.getHttpVersion(),
                        request.method(),
                        request.getPath(),
                        request.getHeaders(),
                        new Buffer(body));
        String sent = resourceVersion(new String(body, StandardCharsets.UTF_8));
        if (sent == null || sent.isEmpty()) {
            return delegate.dispatch(again);
        }
        synchronized (this) {
            MockResponse current =
                    delegate.dispatch(
                            new RecordedRequest(
                                    "HTTP/1.1",
                                    HttpMethod.GET,
                                    path.substring(0, path.length() - "/status".length()),
                                    io.fabric8.mockwebserver.http.Headers.builder().build(),
                                    new Buffer()));
            String now =
                    current.getBody() == null
                            ? null
                            : resourceVersion(current.getBody().readUtf8());
            if (now != null && !now.equals(sent)) {
                return new MockResponse()
                        .setResponseCode(409)
                        .setHeader("Content-Type", "application/json")
                        .setBody(
                                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                                        + "\"status\":\"Failure\",\"reason\":\"Conflict\",\"code\":409,"
                                        + "\"message\":\"Operation cannot be fulfilled: the object"
                                        + " has been modified; please apply your changes to the"
                                        + " latest version and try again\"}");
            }
            return delegate.dispatch(again);
        }
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    private static String resourceVersion(String json) {
        try {
            JsonNode rv = JSON.readTree(json).path("metadata").path("resourceVersion");
            return rv.isMissingNode() || rv.isNull() ? null : rv.asText();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
