package dev.locus.placement;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One consistent view of the fleet that a scheduling pass decides against.
 *
 * @param quotas the FleetQuotas; none means every namespace is unlimited
 * @param namespaces labels of namespaces by name, which quotas select on; a namespace not listed
 *     has no labels
 * @param placed workloads that already hold accelerators (and quota), which may be preempted; not
 *     the workloads the pass decides
 * @param now the pass' time (decidedAt of what it places); null when unknown. The engine never
 *     reads the clock.
 */
public record Snapshot(
        List<Zone> zones,
        List<Site> sites,
        List<Pool> pools,
        List<Quota> quotas,
        Map<String, Map<String, String>> namespaces,
        List<PlacedWorkload> placed,
        Instant now) {

    public Snapshot {
        zones = List.copyOf(zones);
        sites = List.copyOf(sites);
        pools = List.copyOf(pools);
        quotas = List.copyOf(quotas);
        Map<String, Map<String, String>> copy = new HashMap<>();
        namespaces.forEach((name, labels) -> copy.put(name, Map.copyOf(labels)));
        namespaces = Map.copyOf(copy);
        placed = List.copyOf(placed);
    }

    /** A fleet without quotas, placed workloads or clock. */
    public Snapshot(List<Zone> zones, List<Site> sites, List<Pool> pools) {
        this(zones, sites, pools, List.of(), Map.of(), List.of(), null);
    }

    /** This fleet shared under these quotas, with what is placed already. */
    public Snapshot sharing(
            List<Quota> quotas,
            Map<String, Map<String, String>> namespaces,
            List<PlacedWorkload> placed) {
        return new Snapshot(zones, sites, pools, quotas, namespaces, placed, now);
    }

    /** This snapshot at {@code now}. */
    public Snapshot at(Instant now) {
        return new Snapshot(zones, sites, pools, quotas, namespaces, placed, now);
    }
}
