package dev.locus.api.schema;

import static java.util.Map.entry;

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
            Map.ofEntries(
                    entry(
                            Rules.LATITUDE_WITH_LONGITUDE,
                            self -> has(self, "latitude") == has(self, "longitude")),
                    entry(
                            Rules.ORIGIN_CLUSTER_OR_PLACE,
                            self ->
                                    !(has(self, "cluster")
                                            && (has(self, "latitude") || has(self, "country")))),
                    entry(
                            Rules.CONNECTION_EXACTLY_ONE,
                            self ->
                                    (has(self, "local") && self.get("local").asBoolean(false))
                                            != has(self, "kubeconfigSecretRef")),
                    entry(
                            Rules.ZONE_UNLESS_PUBLIC,
                            self ->
                                    "public".equals(self.path("classification").asText())
                                            || has(self, "zone")),
                    entry(Rules.USER_NAMES_UNIQUE, RuleTwins::userNamesUnique),
                    entry(
                            Rules.SELECTOR_TERMS_COMPLETE,
                            self -> selectorTermsComplete(self.path("clusterSelector"))),
                    entry(
                            Rules.NAMESPACE_SELECTOR_TERMS_COMPLETE,
                            self -> selectorTermsComplete(self.path("namespaceSelector"))),
                    entry(Rules.QUOTA_LIMITS_UNIQUE, RuleTwins::quotaLimitsUnique),
                    entry(Rules.FORECAST_ORDERED, RuleTwins::forecastOrdered),
                    entry(
                            Rules.LENDING_WITHIN_ACCELERATORS,
                            self ->
                                    !has(self, "lendingLimit")
                                            || self.get("lendingLimit").asDouble()
                                                    <= self.path("accelerators").asDouble()),
                    entry(
                            Rules.BORROWING_NEEDS_COHORT,
                            self -> has(self, "cohort") || noBorrowingOrLending(self)),
                    // Transition rules compare with the object's previous version, which a
                    // manifest on its own does not have: only the API server can check them.
                    entry(Rules.TRAINING_JOB_PLACED_SPEC_FIXED, self -> true),
                    entry(Rules.INFERENCE_ENDPOINT_PLACED_SPEC_FIXED, self -> true));

    private RuleTwins() {}

    /** The twin of a CEL rule, if Locus knows it. */
    public static Optional<Predicate<JsonNode>> forRule(String rule) {
        return Optional.ofNullable(TWINS.get(rule));
    }

    /** CEL's has(): the field is present (and, in JSON from YAML, not null). */
    private static boolean has(JsonNode self, String field) {
        return self.has(field) && !self.get(field).isNull();
    }

    private static boolean selectorTermsComplete(JsonNode selector) {
        JsonNode terms = selector.path("matchExpressions");
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

    /** No two limits with the same zone (or none) and the same models, as sets, any case. */
    private static boolean quotaLimitsUnique(JsonNode self) {
        if (!has(self, "limits")) {
            return true;
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode limit : self.get("limits")) {
            Set<String> models = new java.util.TreeSet<>();
            limit.path("models").forEach(m -> models.add(lowerAscii(m.asText())));
            String zone = has(limit, "zone") ? limit.get("zone").asText() : "";
            if (!seen.add(zone + "\u0000" + models)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Forecast entries ordered by from, no two within an hour of each other. An entry whose from is
     * not a time fails its pattern; here it is skipped.
     */
    private static boolean forecastOrdered(JsonNode self) {
        if (!has(self, "forecast")) {
            return true;
        }
        java.time.Instant previous = null;
        for (JsonNode entry : self.get("forecast")) {
            java.time.Instant from;
            try {
                from = java.time.OffsetDateTime.parse(entry.path("from").asText()).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                continue;
            }
            if (previous != null && from.isBefore(previous.plus(java.time.Duration.ofHours(1)))) {
                return false;
            }
            previous = from;
        }
        return true;
    }

    /** CEL's lowerAscii(): only A-Z change. */
    private static String lowerAscii(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return out.toString();
    }

    private static boolean noBorrowingOrLending(JsonNode self) {
        for (JsonNode limit : self.path("limits")) {
            if (has(limit, "borrowingLimit") || has(limit, "lendingLimit")) {
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
