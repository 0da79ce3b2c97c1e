package dev.locus.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenAPI v3 documents kubectl reads, built from the hub's CRDs.
 *
 * <ul>
 *   <li>{@code kubectl explain} finds a kind's schema in its group-version's document ({@code
 *       /openapi/v3/apis/locus.dev/v1alpha1}) by the {@code x-kubernetes-group-version-kind}
 *       extension: each CRD's {@code openAPIV3Schema}, as committed.
 *   <li>{@code kubectl apply} asks whether the server validates fields itself: it looks for a
 *       {@code fieldValidation} parameter on the PATCH operation of the kind's path, and, for a
 *       group-version the index does not list (core {@code v1}), on the CustomResourceDefinition
 *       path of {@code apiextensions.k8s.io/v1}. Both are published, so kubectl leaves validation
 *       to the server (the mock server does not validate) instead of validating against OpenAPI v2,
 *       which the hub publishes empty.
 * </ul>
 */
final class HubOpenApi {

    static final String APIEXTENSIONS = "apiextensions.k8s.io/v1";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private HubOpenApi() {}

    /** The documents by group-version ("locus.dev/v1alpha1"), for the given CRDs. */
    static Map<String, ObjectNode> documents(List<CustomResourceDefinition> crds) {
        Map<String, ObjectNode> docs = new LinkedHashMap<>();
        for (CustomResourceDefinition crd : crds) {
            for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
                if (!Boolean.TRUE.equals(version.getServed())) {
                    continue;
                }
                String gv = crd.getSpec().getGroup() + "/" + version.getName();
                ObjectNode doc = docs.computeIfAbsent(gv, HubOpenApi::emptyDocument);
                String kind = crd.getSpec().getNames().getKind();
                String schemaName = schemaName(crd.getSpec().getGroup(), version.getName(), kind);
                JsonNode schema =
                        version.getSchema() == null
                                ? MAPPER.createObjectNode().put("type", "object")
                                : SERIALIZATION.convertValue(
                                        version.getSchema().getOpenAPIV3Schema(), JsonNode.class);
                ObjectNode component = ((ObjectNode) schema).deepCopy();
                component.set("x-kubernetes-group-version-kind", gvkList(gv, kind));
                ((ObjectNode) doc.get("components").get("schemas")).set(schemaName, component);
                boolean namespaced = "Namespaced".equals(crd.getSpec().getScope());
                String path =
                        "/apis/"
                                + gv
                                + (namespaced ? "/namespaces/{namespace}/" : "/")
                                + crd.getSpec().getNames().getPlural()
                                + "/{name}";
                ((ObjectNode) doc.get("paths")).set(path, patchPath(gv, kind, schemaName));
            }
        }
        ObjectNode crdDoc = docs.computeIfAbsent(APIEXTENSIONS, HubOpenApi::emptyDocument);
        String crdSchema =
                "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition";
        ((ObjectNode) crdDoc.get("components").get("schemas"))
                .set(
                        crdSchema,
                        MAPPER.createObjectNode()
                                .put("type", "object")
                                .put(
                                        "description",
                                        "CustomResourceDefinition represents a resource that should be exposed on the API server.")
                                .set(
                                        "x-kubernetes-group-version-kind",
                                        gvkList(APIEXTENSIONS, "CustomResourceDefinition")));
        ((ObjectNode) crdDoc.get("paths"))
                .set(
                        "/apis/" + APIEXTENSIONS + "/customresourcedefinitions/{name}",
                        patchPath(APIEXTENSIONS, "CustomResourceDefinition", crdSchema));
        return docs;
    }

    /** The index at /openapi/v3: where each group-version's document is, with its hash. */
    static ObjectNode index(Map<String, ObjectNode> documents) {
        ObjectNode index = MAPPER.createObjectNode();
        ObjectNode paths = index.putObject("paths");
        documents.forEach(
                (gv, doc) ->
                        paths.putObject("apis/" + gv)
                                .put(
                                        "serverRelativeURL",
                                        "/openapi/v3/apis/" + gv + "?hash=" + hash(doc)));
        return index;
    }

    /** The document a path such as {@code /openapi/v3/apis/locus.dev/v1alpha1} names. */
    static Optional<ObjectNode> document(Map<String, ObjectNode> documents, String path) {
        String prefix = "/openapi/v3/apis/";
        return path.startsWith(prefix)
                ? Optional.ofNullable(documents.get(path.substring(prefix.length())))
                : Optional.empty();
    }

    /** As the API server names CRD schemas: the group reversed, then version and kind. */
    static String schemaName(String group, String version, String kind) {
        List<String> parts = new ArrayList<>(List.of(group.split("\\.")));
        Collections.reverse(parts);
        return String.join(".", parts) + "." + version + "." + kind;
    }

    private static ObjectNode emptyDocument(String gv) {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Locus demo hub").put("version", gv);
        doc.putObject("paths");
        doc.putObject("components").putObject("schemas");
        return doc;
    }

    private static ObjectNode patchPath(String gv, String kind, String schemaName) {
        ObjectNode path = MAPPER.createObjectNode();
        var parameters = path.putArray("parameters");
        for (String query : List.of("dryRun", "fieldManager", "fieldValidation")) {
            parameters
                    .addObject()
                    .put("name", query)
                    .put("in", "query")
                    .putObject("schema")
                    .put("type", "string");
        }
        ObjectNode patch = path.putObject("patch");
        patch.put("operationId", "patch" + kind);
        patch.put("x-kubernetes-action", "patch");
        String[] groupVersion = gv.split("/");
        patch.putObject("x-kubernetes-group-version-kind")
                .put("group", groupVersion[0])
                .put("version", groupVersion[1])
                .put("kind", kind);
        patch.putObject("responses")
                .putObject("200")
                .put("description", "OK")
                .putObject("content")
                .putObject("application/json")
                .putObject("schema")
                .put("$ref", "#/components/schemas/" + schemaName);
        return path;
    }

    private static JsonNode gvkList(String gv, String kind) {
        String[] groupVersion = gv.split("/");
        var list = MAPPER.createArrayNode();
        list.addObject()
                .put("group", groupVersion[0])
                .put("version", groupVersion[1])
                .put("kind", kind);
        return list;
    }

    private static String hash(JsonNode doc) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(doc.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
