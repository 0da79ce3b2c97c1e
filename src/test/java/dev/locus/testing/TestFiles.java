package dev.locus.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the repository's committed YAML (crds/, examples/) for tests. */
public final class TestFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private TestFiles() {}

    /** Every YAML document under a file or directory, in path order. */
    public static List<ObjectNode> documents(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            List<ObjectNode> docs = new ArrayList<>();
            for (Path file :
                    files.filter(
                                    p ->
                                            p.toString().endsWith(".yaml")
                                                    || p.toString().endsWith(".yml"))
                            .sorted()
                            .toList()) {
                try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
                    for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                        JsonNode doc = it.next();
                        if (doc instanceof ObjectNode object) {
                            docs.add(object);
                        }
                    }
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of one kind under a path, converted to its class. */
    public static <T> List<T> ofKind(Path root, String kind, Class<T> type) {
        return documents(root).stream()
                .filter(d -> kind.equals(d.path("kind").asText()))
                .map(d -> Serialization.jsonMapper().convertValue(d, type))
                .toList();
    }

    /** The committed CRDs. */
    public static List<CustomResourceDefinition> crds() {
        return ofKind(Path.of("crds"), "CustomResourceDefinition", CustomResourceDefinition.class);
    }
}
