package dev.locus.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/** kubectl apply's strategic merge patches, which the mock does not take, as JSON merge patches. */
final class StrategicMergePatches {

    private StrategicMergePatches() {}

    static boolean isStrategicMergePatch(RecordedRequest request) {
        String type = request.getHeader("Content-Type");
        return type != null && type.startsWith("application/strategic-merge-patch+json");
    }

    /** A strategic merge patch as a JSON merge patch, without its ordering directives. */
    static RecordedRequest asMergePatch(RecordedRequest request) {
        JsonNode patch =
                HubHttp.parse(new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
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
            object.forEach(StrategicMergePatches::stripDirectives);
        }
    }
}
