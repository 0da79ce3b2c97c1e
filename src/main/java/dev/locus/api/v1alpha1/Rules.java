package dev.locus.api.v1alpha1;

/**
 * The CEL rules of the CRDs ({@code x-kubernetes-validations}). They are constants so that the
 * offline validator ({@code dev.locus.api.schema.RuleTwins}) can pair each with its Java twin.
 */
public final class Rules {

    public static final String LATITUDE_WITH_LONGITUDE =
            "has(self.latitude) == has(self.longitude)";
    public static final String LATITUDE_WITH_LONGITUDE_MESSAGE =
            "latitude and longitude must be given together";

    public static final String ORIGIN_CLUSTER_OR_PLACE =
            "!(has(self.cluster) && (has(self.latitude) || has(self.country)))";
    public static final String ORIGIN_CLUSTER_OR_PLACE_MESSAGE =
            "origin is either a cluster or a place (country, latitude, longitude), not both";

    public static final String CONNECTION_EXACTLY_ONE =
            "(has(self.local) && self.local) != has(self.kubeconfigSecretRef)";
    public static final String CONNECTION_EXACTLY_ONE_MESSAGE =
            "connection must set exactly one of local: true or kubeconfigSecretRef";

    public static final String ZONE_UNLESS_PUBLIC =
            "self.classification == 'public' || has(self.zone)";
    public static final String ZONE_UNLESS_PUBLIC_MESSAGE =
            "data.zone is required unless data.classification is public";

    public static final String USER_NAMES_UNIQUE =
            "!has(self.users) || self.users.all(u, self.users.exists_one(v, v.name == u.name))";
    public static final String USER_NAMES_UNIQUE_MESSAGE = "users[].name must be unique";

    private Rules() {}
}
