package dev.locus.placement;

import java.util.Set;

/**
 * A sovereignty zone: the countries whose law governs restricted data, the classifications it keeps
 * in, and the other zones that may also hold that data.
 */
public record Zone(
        String name,
        Set<String> jurisdictions,
        Set<DataClass> restricted,
        Set<String> transfersAllowedTo) {

    public Zone {
        jurisdictions = Set.copyOf(jurisdictions);
        restricted = Set.copyOf(restricted);
        transfersAllowedTo = Set.copyOf(transfersAllowedTo);
    }
}
