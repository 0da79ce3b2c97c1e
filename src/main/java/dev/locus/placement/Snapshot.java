package dev.locus.placement;

import java.util.List;

/** One consistent view of the fleet that a scheduling pass decides against. */
public record Snapshot(List<Zone> zones, List<Site> sites, List<Pool> pools) {
    public Snapshot {
        zones = List.copyOf(zones);
        sites = List.copyOf(sites);
        pools = List.copyOf(pools);
    }
}
