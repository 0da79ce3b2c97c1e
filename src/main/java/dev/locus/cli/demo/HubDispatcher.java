package dev.locus.cli.demo;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The demo hub's dispatcher: fabric8's mock API server (CRUD mode) plus what kubectl needs of an
 * API server that the mock does not answer. Everything else goes to the mock unchanged.
 *
 * <ul>
 *   <li><b>Discovery</b> ({@code /api}, {@code /api/v1}, {@code /apis}, {@code
 *       /apis/GROUP/VERSION}): the hub's CRDs (kinds, plurals, short names, scope) and the built-in
 *       resources the mock stores ({@link HubDiscovery}). kubectl asks for aggregated discovery
 *       first and falls back to these documents when the answer is plain JSON.
 *   <li><b>Tables</b>: a GET of custom resources with {@code Accept: ...;as=Table;...} gets a Table
 *       of the CRD's printer columns ({@link HubTables}), as {@code kubectl get} shows them.
 *   <li><b>OpenAPI</b>: v3 documents built from the CRD schemas ({@link HubOpenApi}), for {@code
 *       kubectl explain} and {@code kubectl apply}; {@code /openapi/v2} is an empty document (a
 *       zero-length protobuf message), which kubectl reads before it looks at v3.
 *   <li><b>Watches over plain HTTP</b> (kubectl's; fabric8 clients use WebSockets, which pass
 *       unchanged): events the list before the watch already showed are dropped, and objects become
 *       Table rows when a Table was asked for ({@link PlainHttpWatches}). {@link KubectlEndpoint}
 *       streams them.
 *   <li><b>Field selectors on events</b> ({@code involvedObject.name=...}, what {@code kubectl
 *       describe} asks for), which the mock ignores ({@link HubEvents}).
 *   <li><b>Strategic merge patches</b> (kubectl apply's for built-in kinds), applied as JSON merge
 *       patches: the same for the maps and scalars of the objects here, not for lists merged by key
 *       ({@link StrategicMergePatches}).
 *   <li><b>NotFound</b> answers carry a Status, so kubectl names what was not found.
 * </ul>
 */
final class HubDispatcher extends Dispatcher {

    private final Dispatcher mock;
    private final HubCrds crds;
    private final HubDiscovery discovery;
    private final HubTables tables;
    private final PlainHttpWatches watches;
    private final HubEvents events;

    HubDispatcher(Dispatcher mock, Clock clock) {
        this.mock = mock;
        this.crds = new HubCrds(mock);
        this.discovery = new HubDiscovery(crds);
        this.tables = new HubTables(mock, clock);
        this.watches = new PlainHttpWatches(mock, crds, clock);
        this.events = new HubEvents(mock);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = HubHttp.pathOf(request.getPath());
        Map<String, String> query = HubHttp.queryOf(request.getPath());
        ResourcePath resource = ResourcePath.parse(path);
        if (request.method() == HttpMethod.GET) {
            Optional<MockResponse> served = discovery.serve(path, query);
            if (served.isPresent()) {
                return served.get();
            }
            if (resource != null && "true".equals(query.get("watch"))) {
                return watches.open(request, resource, query);
            }
            if (resource != null
                    && "events".equals(resource.plural())
                    && query.getOrDefault("fieldSelector", "").contains("involvedObject.")) {
                return events.list(request, query.get("fieldSelector"));
            }
            if (resource != null && HubHttp.wantsTable(request)) {
                Optional<CustomResourceDefinition> crd = crds.of(resource);
                if (crd.isPresent()) {
                    return tables.table(request, resource, crd.get(), query.get("includeObject"));
                }
            }
        }
        if (request.method() == HttpMethod.PATCH
                && StrategicMergePatches.isStrategicMergePatch(request)) {
            return HubHttp.notFoundStatus(
                    resource, mock.dispatch(StrategicMergePatches.asMergePatch(request)));
        }
        MockResponse response = mock.dispatch(request);
        return request.method() == HttpMethod.GET
                ? HubHttp.notFoundStatus(resource, response)
                : response;
    }
}
