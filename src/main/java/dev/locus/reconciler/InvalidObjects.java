package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Condition;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.LocusResource;
import dev.locus.hub.EventRecorder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reports a Cluster, GPUPool or SovereigntyZone that cannot be read whole or breaks the schema:
 * {@code Valid=False} (reason InvalidSpec, the field paths and rules) in its status and a warning
 * Event, so {@code kubectl describe} says what to fix. The scheduler leaves such objects out.
 */
final class InvalidObjects {

    private InvalidObjects() {}

    static void report(
            LocusResource<?, ?> object,
            List<Condition> conditions,
            EventRecorder events,
            Instant now) {
        List<Condition> before = new ArrayList<>(conditions);
        Conditions.invalid(
                conditions, object.problems(), object.getMetadata().getGeneration(), now);
        if (!before.equals(conditions)) {
            events.warning(object, Conditions.INVALID_SPEC, String.join("; ", object.problems()));
        }
    }
}
