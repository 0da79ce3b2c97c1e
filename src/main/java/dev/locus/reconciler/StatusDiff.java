package dev.locus.reconciler;

import io.fabric8.kubernetes.client.utils.Serialization;

/** Compares statuses by their JSON form, so a write happens only when something changed. */
final class StatusDiff {

    private StatusDiff() {}

    static boolean same(Object current, Object desired) {
        if (current == null || desired == null) {
            return current == desired;
        }
        return Serialization.jsonMapper()
                .valueToTree(current)
                .equals(Serialization.jsonMapper().valueToTree(desired));
    }
}
