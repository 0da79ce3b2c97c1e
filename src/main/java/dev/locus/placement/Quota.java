package dev.locus.placement;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A FleetQuota: the namespaces it governs, the caps on the accelerators their placed workloads
 * hold, the cohort it lends to and borrows from, and its weight in fair sharing.
 *
 * @param namespaceSelector over the labels of namespaces; null selects nothing, an empty selector
 *     every namespace
 * @param cohort quotas of one cohort lend each other what they leave unused; null borrows and lends
 *     nothing
 * @param weight fair share is accelerators held / weight; anything but a positive number counts as
 *     1
 */
public record Quota(
        String name,
        LabelSelector namespaceSelector,
        String cohort,
        List<Limit> limits,
        double weight) {

    public Quota {
        limits = List.copyOf(limits);
        cohort = cohort == null || cohort.isBlank() ? null : cohort;
        weight = weight > 0 && Double.isFinite(weight) ? weight : 1;
    }

    /**
     * A cap on the accelerators of the quota's placed workloads that match it: on clusters of
     * {@code zone} (any when null) and pools of {@code models} (any when empty).
     *
     * @param models lower case, as pools' models are compared
     * @param borrowingLimit most this limit borrows from the cohort; null for no cap
     * @param lendingLimit most this limit lends of what it leaves unused; null for all of it
     */
    public record Limit(
            String zone,
            Set<String> models,
            int accelerators,
            Integer borrowingLimit,
            Integer lendingLimit) {

        public Limit {
            zone = zone == null || zone.isBlank() ? null : zone;
            models =
                    models.stream()
                            .map(m -> m.toLowerCase(Locale.ROOT))
                            .collect(Collectors.toUnmodifiableSet());
        }

        /** Every placement counts against this limit. */
        public static Limit of(int accelerators) {
            return new Limit(null, Set.of(), accelerators, null, null);
        }
    }
}
