package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Condition;
import dev.locus.api.v1alpha1.Conditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.List;

/**
 * The {@code Reconciled} condition: False, with the error, while a reconcile of the object keeps
 * failing (JOSDK retries it); removed by the next reconcile that succeeds.
 */
final class ReconcileErrors {

    static final String RECONCILED = "Reconciled";

    private ReconcileErrors() {}

    static void record(List<Condition> conditions, HasMetadata object, Exception e, Instant now) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        if (message.length() > 500) {
            message = message.substring(0, 497) + "...";
        }
        Conditions.set(
                conditions,
                RECONCILED,
                false,
                "ReconcileError",
                e.getClass().getSimpleName() + message + " (retrying)",
                object.getMetadata().getGeneration(),
                now);
    }

    static void clear(List<Condition> conditions) {
        Conditions.remove(conditions, RECONCILED);
    }
}
