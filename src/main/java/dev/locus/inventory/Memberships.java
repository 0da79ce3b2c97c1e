package dev.locus.inventory;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.placement.Site;
import dev.locus.placement.Sovereignty;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which zones each cluster belongs to, by the engine's one rule (a zone whose jurisdictions list
 * the cluster's country; no country, no zone), for the status of Clusters, zones and pools.
 */
public final class Memberships {

    private final Map<String, List<String>> zonesByCluster = new HashMap<>();

    private Memberships() {}

    /** The memberships of every cluster in every zone. */
    public static Memberships of(Collection<SovereigntyZone> zones, Collection<Cluster> clusters) {
        Memberships out = new Memberships();
        List<Site> sites = clusters.stream().map(c -> InventoryMapper.site(c, true)).toList();
        Sovereignty rules =
                new Sovereignty(zones.stream().map(InventoryMapper::zone).toList(), sites);
        for (Site site : sites) {
            out.zonesByCluster.put(site.name(), List.copyOf(rules.zonesOf(site.name())));
        }
        return out;
    }

    /** The zones a cluster belongs to, sorted by name; none for an unknown cluster. */
    public List<String> zonesOf(String cluster) {
        return zonesByCluster.getOrDefault(cluster, List.of());
    }

    /** The clusters that belong to a zone, sorted by name. */
    public List<String> clustersOf(String zone) {
        List<String> out = new ArrayList<>();
        zonesByCluster.forEach(
                (cluster, zones) -> {
                    if (zones.contains(zone)) {
                        out.add(cluster);
                    }
                });
        out.sort(null);
        return out;
    }
}
