package dev.locus.api.v1alpha1;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Sets and reads conditions in a status' list, keeping transition times honest. */
public final class Conditions {

    /** Condition type on every Locus kind: False (reason InvalidSpec) when it cannot be used. */
    public static final String VALID = "Valid";

    /** The reason of {@code Valid=False}. */
    public static final String INVALID_SPEC = "InvalidSpec";

    private Conditions() {}

    /**
     * Says, in {@code Valid=False}, what is wrong with an object (field paths and rules), so that
     * {@code kubectl describe} shows it; removed again once the object is fixed.
     */
    public static void invalid(
            List<Condition> conditions, List<String> problems, Long generation, Instant now) {
        String message = String.join("; ", problems);
        if (message.length() > 1000) {
            message = message.substring(0, 997) + "...";
        }
        set(conditions, VALID, false, INVALID_SPEC, message, generation, now);
    }

    /** The condition of the given type, if present. */
    public static Optional<Condition> find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** True when the condition of the given type is present and True. */
    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(Condition::isTrue).orElse(false);
    }

    /**
     * Sets a condition in place. {@code lastTransitionTime} changes only when the status does, as
     * Kubernetes conventions require, so an unchanged condition compares equal.
     */
    public static void set(
            List<Condition> conditions,
            String type,
            boolean status,
            String reason,
            String message,
            Long observedGeneration,
            Instant now) {
        String value = status ? Condition.TRUE : Condition.FALSE;
        Condition existing = find(conditions, type).orElse(null);
        Condition next = new Condition(type, value, reason, message);
        next.setObservedGeneration(observedGeneration);
        if (existing != null && value.equals(existing.getStatus())) {
            next.setLastTransitionTime(existing.getLastTransitionTime());
        } else {
            next.setLastTransitionTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        if (existing == null) {
            conditions.add(next);
        } else {
            // One condition per type, even if a stale write ever left two behind.
            conditions.removeIf(c -> type.equals(c.getType()) && c != existing);
            conditions.set(conditions.indexOf(existing), next);
        }
    }

    /** Removes the condition of the given type, if present. */
    public static void remove(List<Condition> conditions, String type) {
        conditions.removeIf(c -> type.equals(c.getType()));
    }
}
