package dev.locus.cli.demo.bench;

import java.util.List;

/**
 * A place member clusters stand: its country, market, coordinates, the sovereignty zone its country
 * belongs to (null: none, public data only) and what an accelerator hour costs there.
 */
record Site(
        String market,
        String country,
        String region,
        double latitude,
        double longitude,
        String zone,
        double cost,
        double renewable) {

    /**
     * The benchmark's sites, in the order members are given them: member {@code i} stands at {@code
     * SITES.get(i % SITES.size())}. Four EU sites, then the UK, the US, Japan and Singapore, which
     * is in no zone.
     */
    static final List<Site> SITES =
            List.of(
                    new Site("fra", "DE", "eu-central", 50.11, 8.68, "eu", 2.5, 0.55),
                    new Site("ams", "NL", "eu-west", 52.37, 4.90, "eu", 2.4, 0.60),
                    new Site("par", "FR", "eu-west", 48.86, 2.35, "eu", 2.2, 0.90),
                    new Site("osl", "NO", "eu-north", 59.91, 10.75, "eu", 2.0, 0.98),
                    new Site("lon", "GB", "uk-south", 51.51, -0.13, "uk", 2.8, 0.50),
                    new Site("iad", "US", "us-east", 39.04, -77.49, "us", 2.6, 0.35),
                    new Site("tyo", "JP", "ap-northeast", 35.68, 139.69, "jp", 3.0, 0.25),
                    new Site("sin", "SG", "ap-southeast", 1.35, 103.82, null, 1.9, 0.10));

    /** Great-circle distance in kilometres. */
    double kilometresTo(Site other) {
        double r = 6371.0;
        double lat1 = Math.toRadians(latitude);
        double lat2 = Math.toRadians(other.latitude);
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(other.longitude - longitude);
        double a =
                Math.sin(dLat / 2) * Math.sin(dLat / 2)
                        + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * r * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** A plausible round trip over fibre: 1 ms per 100 km, plus a millisecond of equipment. */
    double roundTripMsTo(Site other) {
        return Math.round((1 + kilometresTo(other) / 100.0) * 10) / 10.0;
    }
}
