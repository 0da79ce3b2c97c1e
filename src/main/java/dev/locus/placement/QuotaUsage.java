package dev.locus.placement;

import java.util.List;
import java.util.Set;

/**
 * What one FleetQuota's namespaces hold after the decisions of a pass: for its status.
 *
 * @param used per limit, in the quota's order
 * @param accelerators held over every pool, whether a limit matches or not (fair share's measure)
 * @param admitted placed workloads counted against the quota
 * @param overlappingNamespaces namespaces of the snapshot that this quota and another select: their
 *     workloads are not placed (condition Ready=False, reason OverlappingQuota)
 * @param unknownZones zones named by its limits that are no SovereigntyZone: such a limit counts
 *     nothing
 */
public record QuotaUsage(
        String quota,
        List<Used> used,
        long accelerators,
        int admitted,
        List<String> overlappingNamespaces,
        List<String> unknownZones) {

    public QuotaUsage {
        used = List.copyOf(used);
        overlappingNamespaces = List.copyOf(overlappingNamespaces);
        unknownZones = List.copyOf(unknownZones);
    }

    /**
     * One limit's use.
     *
     * @param models lower case; empty for any model
     * @param borrowed what is used beyond the limit's own accelerators, from the cohort
     */
    public record Used(String zone, Set<String> models, long accelerators, long borrowed) {
        public Used {
            models = Set.copyOf(models);
        }
    }
}
