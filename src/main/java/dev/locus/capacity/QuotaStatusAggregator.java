package dev.locus.capacity;

import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.FleetQuota;
import dev.locus.api.v1alpha1.FleetQuotaStatus;
import dev.locus.api.v1alpha1.QuotaUsed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a FleetQuota's status from what its namespaces hold and wait for: used and borrowed per
 * limit, admitted and pending counts, and a Ready condition that says what stops the quota from
 * governing as written. Pure.
 */
public final class QuotaStatusAggregator {

    /** Condition reason: the selector matches no namespace, so the quota governs nothing. */
    public static final String NO_MATCHING_NAMESPACES = "NoMatchingNamespaces";

    private QuotaStatusAggregator() {}

    /**
     * What the quota's namespaces hold and wait for, as the scheduler counts them.
     *
     * @param used per limit, in the order of spec.limits
     * @param namespaces how many namespaces its selector matches
     * @param overlapping namespaces it shares with another FleetQuota (nothing of theirs is placed)
     * @param unknownZones zones its limits name that are no SovereigntyZone
     */
    public record Usage(
            List<QuotaUsed> used,
            int admitted,
            int pending,
            int namespaces,
            List<String> overlapping,
            List<String> unknownZones) {}

    /** The quota's status, conditions carried over from {@code current} where they still hold. */
    public static FleetQuotaStatus desired(FleetQuota quota, Usage usage, Instant now) {
        FleetQuotaStatus next = new FleetQuotaStatus();
        if (quota.getStatus() != null) {
            next.setConditions(new ArrayList<>(quota.getStatus().getConditions()));
        }
        next.setUsed(new ArrayList<>(usage.used()));
        next.setAdmitted(usage.admitted());
        next.setPending(usage.pending());
        long generation =
                quota.getMetadata().getGeneration() == null
                        ? 0
                        : quota.getMetadata().getGeneration();
        String name = quota.getMetadata().getName();
        boolean ready;
        String reason;
        String message;
        if (!usage.overlapping().isEmpty()) {
            ready = false;
            reason = FleetQuotaStatus.OVERLAPPING_QUOTA;
            message =
                    "namespaces "
                            + String.join(", ", usage.overlapping())
                            + " are also selected by another FleetQuota: none of their workloads"
                            + " is placed until exactly one quota selects each";
        } else if (!usage.unknownZones().isEmpty()) {
            ready = false;
            reason = FleetQuotaStatus.UNKNOWN_ZONE;
            message =
                    "limits name zones that are no SovereigntyZone: "
                            + String.join(", ", usage.unknownZones())
                            + " (such a limit caps nothing); fix the zone names";
        } else if (usage.namespaces() == 0) {
            ready = false;
            reason = NO_MATCHING_NAMESPACES;
            message =
                    "namespaceSelector matches no namespace: "
                            + name
                            + " governs nothing (a quota without namespaceSelector selects none;"
                            + " {} selects all)";
        } else {
            ready = true;
            reason = "Active";
            message =
                    "governs "
                            + usage.namespaces()
                            + (usage.namespaces() == 1 ? " namespace" : " namespaces")
                            + ": "
                            + usage.admitted()
                            + " placed, "
                            + usage.pending()
                            + " waiting";
        }
        Conditions.set(
                next.getConditions(),
                FleetQuotaStatus.READY,
                ready,
                reason,
                message,
                generation,
                now);
        return next;
    }
}
