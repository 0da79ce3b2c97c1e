package dev.locus.placement;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A Kubernetes-style label selector over Cluster labels; empty matches everything. */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

    /** One {@code key operator values} term of a selector. */
    public record Requirement(String key, Operator operator, Set<String> values) {
        public Requirement {
            values = Set.copyOf(values);
        }

        boolean matches(Map<String, String> labels) {
            if (key == null) {
                return false; // a term without a key selects nothing, rather than everything
            }
            String value = labels.get(key);
            return switch (operator) {
                case IN -> value != null && values.contains(value);
                case NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> labels.containsKey(key);
                case DOES_NOT_EXIST -> !labels.containsKey(key);
            };
        }
    }

    /** Selector operators, as in metav1.LabelSelectorRequirement. */
    public enum Operator {
        IN,
        NOT_IN,
        EXISTS,
        DOES_NOT_EXIST
    }

    private static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), List.of());

    public LabelSelector {
        matchLabels = Map.copyOf(matchLabels);
        matchExpressions = List.copyOf(matchExpressions);
    }

    /** The selector that matches every cluster. */
    public static LabelSelector everything() {
        return EVERYTHING;
    }

    /** True when every term holds for these labels. */
    public boolean matches(Map<String, String> labels) {
        for (var e : matchLabels.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (Requirement r : matchExpressions) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** True when the selector has no terms. */
    public boolean isEmpty() {
        return matchLabels.isEmpty() && matchExpressions.isEmpty();
    }
}
