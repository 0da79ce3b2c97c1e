package dev.locus.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.api.v1alpha1.Rules;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Java twins of the CRDs' CEL rules, evaluated on the JSON object the rule is attached to. Every
 * rule in {@code crds/} must have a twin here; a test checks it.
 */
public final class RuleTwins {

    private static final Map<String, Predicate<JsonNode>> TWINS =
            Map.of(
                    Rules.LATITUDE_WITH_LONGITUDE,
                    self -> has(self, "latitude") == has(self, "longitude"),
                    Rules.ORIGIN_CLUSTER_OR_PLACE,
                    self ->
                            !(has(self, "cluster")
                                    && (has(self, "latitude") || has(self, "country"))),
                    Rules.CONNECTION_EXACTLY_ONE,
                    self ->
                            (has(self, "local") && self.get("local").asBoolean(false))
                                    != has(self, "kubeconfigSecretRef"),
                    Rules.ZONE_UNLESS_PUBLIC,
                    self ->
                            "public".equals(self.path("classification").asText())
                                    || has(self, "zone"),
                    Rules.USER_NAMES_UNIQUE,
                    RuleTwins::userNamesUnique,
                    Rules.SELECTOR_TERMS_COMPLETE,
                    RuleTwins::selectorTermsComplete,
                    // Transition rules compare with the object's previous version, which a
                    // manifest on its own does not have: only the API server can check them.
                    Rules.TRAINING_JOB_PLACED_SPEC_FIXED,
                    self -> true,
                    Rules.INFERENCE_ENDPOINT_PLACED_SPEC_FIXED,
                    self -> true);

    private RuleTwins() {}

    /** The twin of a CEL rule, if Locus knows it. */
    public static Optional<Predicate<JsonNode>> forRule(String rule) {
        return Optional.ofNullable(TWINS.get(rule));
    }

    /** CEL's has(): the field is present (and, in JSON from YAML, not null). */
    private static boolean has(JsonNode self, String field) {
        return self.has(field) && !self.get(field).isNull();
    }

    private static boolean selectorTermsComplete(JsonNode self) {
        JsonNode terms = self.path("clusterSelector").path("matchExpressions");
        if (!terms.isArray()) {
            return true;
        }
        for (JsonNode term : terms) {
            String operator = term.path("operator").asText("");
            if (!has(term, "key")
                    || !java.util.Set.of("In", "NotIn", "Exists", "DoesNotExist")
                            .contains(operator)) {
                return false;
            }
        }
        return true;
    }

    private static boolean userNamesUnique(JsonNode self) {
        if (!has(self, "users")) {
            return true;
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode user : self.get("users")) {
            if (!seen.add(user.path("name").asText())) {
                return false;
            }
        }
        return true;
    }
}
