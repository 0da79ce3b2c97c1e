package dev.locus.placement;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Which clusters may hold a workload's data, by zone, country and transfer; needs no pools. */
public final class Sovereignty {

    /**
     * Which clusters may hold one kind of data. {@code allowed == null} means every cluster; a
     * non-null failure means none. {@code key} names the set for caches keyed on it.
     */
    record Compliance(String key, BitSet allowed, List<String> zones, String failure) {}

    private static final Compliance ANYWHERE = new Compliance("*", null, List.of(), null);

    private final List<Site> sites;
    private final Map<String, Integer> siteIndex;
    private final Map<String, Zone> zones = new HashMap<>();
    private final Map<String, BitSet> members = new HashMap<>();
    private final List<List<String>> siteZones;
    private final Map<String, Compliance> cache = new HashMap<>();

    /**
     * Compliance under these zones for these clusters; a duplicate name keeps its first entry. Not
     * thread-safe: answers are cached per zone and classification.
     */
    public Sovereignty(Collection<Zone> zones, List<Site> sites) {
        this(zones, sites, FleetIndex.indexSites(sites));
    }

    Sovereignty(Collection<Zone> zones, List<Site> sites, Map<String, Integer> siteIndex) {
        this.sites = sites;
        this.siteIndex = siteIndex;
        for (Zone zone : zones) {
            this.zones.putIfAbsent(zone.name(), zone);
        }
        int n = sites.size();
        List<List<String>> bySite = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bySite.add(new ArrayList<>());
        }
        for (Zone zone : this.zones.values()) {
            BitSet in = new BitSet(n);
            for (int i = 0; i < n; i++) {
                String country = sites.get(i).country();
                // Fail closed: no country, no zone.
                if (country != null && zone.jurisdictions().contains(country)) {
                    in.set(i);
                    bySite.get(i).add(zone.name());
                }
            }
            members.put(zone.name(), in);
        }
        siteZones = bySite.stream().map(list -> List.copyOf(new TreeSet<>(list))).toList();
    }

    /**
     * The zones whose jurisdictions list the cluster's country, sorted by name; none for a cluster
     * without a country or not in the snapshot.
     */
    public List<String> zonesOf(String cluster) {
        Integer site = siteIndex.get(cluster);
        return site == null ? List.of() : siteZones.get(site);
    }

    List<String> zonesOf(int site) {
        return siteZones.get(site);
    }

    /** The sites in a zone (not to be changed), or null when no zone has that name. */
    BitSet members(String zone) {
        return members.get(zone);
    }

    /** The cluster's country, or null when it has none or is not in the snapshot. */
    String countryOf(String cluster) {
        Integer site = siteIndex.get(cluster);
        return site == null ? null : sites.get(site).country();
    }

    /**
     * The clusters among {@code clusters} that may not hold the workload's data under these zones:
     * for a workload already placed when a zone or a cluster's country changed. Fails closed: all
     * of them when the zone is unknown, and any cluster the snapshot does not know, unless the data
     * is unrestricted.
     */
    public List<String> outsideZone(Workload w, Collection<String> clusters) {
        Compliance compliance = compliance(w);
        if (compliance.failure() == null && compliance.allowed() == null) {
            return List.of();
        }
        List<String> outside = new ArrayList<>();
        for (String cluster : clusters) {
            Integer site = siteIndex.get(cluster);
            boolean allowed =
                    compliance.failure() == null && site != null && compliance.allowed().get(site);
            if (!allowed && !outside.contains(cluster)) {
                outside.add(cluster);
            }
        }
        return outside;
    }

    /** Which clusters may hold the workload's data. */
    Compliance compliance(Workload w) {
        boolean named = w.zone() != null && !w.zone().isBlank();
        if (named && !zones.containsKey(w.zone())) {
            // Whatever the classification: a misspelt zone must not quietly mean "anywhere".
            return new Compliance(
                    "!",
                    null,
                    List.of(),
                    "data.zone \"" + w.zone() + "\" is not a SovereigntyZone");
        }
        if (!named && w.classification() == DataClass.PUBLIC) {
            return ANYWHERE;
        }
        if (!named) {
            // The CRD forbids this; should it get through anyway, nothing is placed.
            return new Compliance(
                    "!",
                    null,
                    List.of(),
                    w.classification().wireName()
                            + " data needs data.zone to say whose law governs it");
        }
        return cache.computeIfAbsent(
                w.zone() + "\u0000" + w.classification(),
                key -> {
                    Zone zone = zones.get(w.zone());
                    if (!zone.restricted().contains(w.classification())) {
                        return ANYWHERE;
                    }
                    BitSet allowed = (BitSet) members.get(zone.name()).clone();
                    List<String> names = new ArrayList<>();
                    names.add(zone.name());
                    for (String target : new TreeSet<>(zone.transfersAllowedTo())) {
                        // A transfer target that does not exist adds nothing (fail closed).
                        BitSet in = members.get(target);
                        if (in != null && !target.equals(zone.name())) {
                            allowed.or(in);
                            names.add(target);
                        }
                    }
                    return new Compliance(key, allowed, List.copyOf(names), null);
                });
    }
}
