package dev.locus.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The CRDs stored on the hub (read from the mock), and the printer columns of their versions. */
final class HubCrds {

    private static final String CRDS =
            "/apis/" + HubOpenApi.APIEXTENSIONS + "/customresourcedefinitions";

    private final Dispatcher mock;

    HubCrds(Dispatcher mock) {
        this.mock = mock;
    }

    /** The CRDs stored on the hub. */
    List<CustomResourceDefinition> all() {
        MockResponse response = mock.dispatch(HubHttp.get(CRDS));
        List<CustomResourceDefinition> crds = new ArrayList<>();
        if (response.code() == 200 && response.getBody() != null) {
            for (JsonNode item : HubHttp.read(response).path("items")) {
                crds.add(HubHttp.SERIALIZATION.convertValue(item, CustomResourceDefinition.class));
            }
        }
        return crds;
    }

    /** The CRD that serves a resource path's group, plural and version. */
    Optional<CustomResourceDefinition> of(ResourcePath resource) {
        return all().stream()
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

    /** The printer columns of a CRD's version; Age when it has none. */
    static List<CustomResourceColumnDefinition> columns(
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
}
