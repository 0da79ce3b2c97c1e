package dev.locus.placement;

import java.util.List;
import java.util.Map;

/**
 * One member cluster as the engine sees it: where it is, whether it takes work, its labels, its
 * power and its links to other clusters.
 *
 * @param country ISO code, or null: a cluster without a country belongs to no zone
 * @param location coordinates, or null
 * @param carbonIntensity gCO2e/kWh, or null when unknown; used when no forecast covers the time
 * @param power price, renewable fraction, power budget and forecasts; {@link SitePower#NONE} for
 *     none
 */
public record Site(
        String name,
        String country,
        GeoPoint location,
        Map<String, String> labels,
        boolean ready,
        boolean cordoned,
        Double carbonIntensity,
        List<Link> links,
        SitePower power) {

    public Site {
        labels = Map.copyOf(labels);
        links = List.copyOf(links);
        power = power == null ? SitePower.NONE : power;
    }

    /** A site without price, budget or forecast. */
    public Site(
            String name,
            String country,
            GeoPoint location,
            Map<String, String> labels,
            boolean ready,
            boolean cordoned,
            Double carbonIntensity,
            List<Link> links) {
        this(name, country, location, labels, ready, cordoned, carbonIntensity, links, null);
    }
}
