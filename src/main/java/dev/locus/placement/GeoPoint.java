package dev.locus.placement;

/** A point on Earth in degrees. */
public record GeoPoint(double latitude, double longitude) {

    /** Mean Earth radius used by the haversine formula, in km. */
    public static final double EARTH_RADIUS_KM = 6371.0;

    /** Great-circle distance in km (haversine). */
    public double distanceKm(GeoPoint other) {
        double phi1 = Math.toRadians(latitude);
        double phi2 = Math.toRadians(other.latitude);
        double dPhi = Math.toRadians(other.latitude - latitude);
        double dLambda = Math.toRadians(other.longitude - longitude);
        double a =
                Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
                        + Math.cos(phi1)
                                * Math.cos(phi2)
                                * Math.sin(dLambda / 2)
                                * Math.sin(dLambda / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(a)));
    }
}
