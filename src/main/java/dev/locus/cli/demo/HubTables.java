package dev.locus.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Tables for {@code kubectl get}: custom resources as rows of their CRD's printer columns. */
final class HubTables {

    private final Dispatcher mock;
    private final Clock clock;

    HubTables(Dispatcher mock, Clock clock) {
        this.mock = mock;
        this.clock = clock;
    }

    /** A GET of custom resources answered as a Table of the CRD's printer columns. */
    MockResponse table(
            RecordedRequest request,
            ResourcePath resource,
            CustomResourceDefinition crd,
            String includeObject) {
        MockResponse response = HubHttp.notFoundStatus(resource, mock.dispatch(request));
        if (response.code() != 200) {
            return response;
        }
        JsonNode body = HubHttp.read(response);
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
        return HubHttp.json(
                        PrinterColumns.table(
                                HubCrds.columns(crd, resource.version()),
                                objects,
                                resourceVersion,
                                includeObject,
                                clock.instant()))
                .orElseThrow();
    }
}
