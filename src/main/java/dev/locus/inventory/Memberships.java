package dev.locus.inventory;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.placement.Site;
import dev.locus.placement.Zone;
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
        List<Zone> mapped = zones.stream().map(InventoryMapper::zone).toList();
        for (Cluster cluster : clusters) {
            Site site = InventoryMapper.site(cluster, true);
            List<String> names = new ArrayList<>();
            for (Zone zone : mapped) {
                if (site.country() != null && zone.jurisdictions().contains(site.country())) {
                    names.add(zone.name());
                }
            }
            names.sort(null);
            out.zonesByCluster.put(cluster.getMetadata().getName(), List.copyOf(names));
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
