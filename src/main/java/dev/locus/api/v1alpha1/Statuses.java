package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Compares statuses by their JSON form, so a status is written only when something changed. */
public final class Statuses {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private Statuses() {}

    /** True when both are null, or both render to the same JSON. */
    public static boolean same(Object current, Object desired) {
        return sameIgnoring(current, desired);
    }

    /** Like {@link #same}, leaving out the named top-level fields (timestamps, say). */
    public static boolean sameIgnoring(Object current, Object desired, String... fields) {
        if (current == null || desired == null) {
            return current == desired;
        }
        JsonNode left = JSON.valueToTree(current);
        JsonNode right = JSON.valueToTree(desired);
        for (String field : fields) {
            if (left instanceof ObjectNode l && right instanceof ObjectNode r) {
                l.remove(field);
                r.remove(field);
            }
        }
        return left.equals(right);
    }
}
