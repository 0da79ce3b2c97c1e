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

    public static final String SELECTOR_TERMS_COMPLETE =
            "!has(self.clusterSelector) || !has(self.clusterSelector.matchExpressions) ||"
                    + " self.clusterSelector.matchExpressions.all(e, has(e.key) && has(e.operator) &&"
                    + " e.operator in ['In', 'NotIn', 'Exists', 'DoesNotExist'])";
    public static final String SELECTOR_TERMS_COMPLETE_MESSAGE =
            "every clusterSelector.matchExpressions term needs a key and an operator: In, NotIn,"
                    + " Exists or DoesNotExist";

    public static final String NAMESPACE_SELECTOR_TERMS_COMPLETE =
            "!has(self.namespaceSelector) || !has(self.namespaceSelector.matchExpressions) ||"
                    + " self.namespaceSelector.matchExpressions.all(e, has(e.key) && has(e.operator)"
                    + " && e.operator in ['In', 'NotIn', 'Exists', 'DoesNotExist'])";
    public static final String NAMESPACE_SELECTOR_TERMS_COMPLETE_MESSAGE =
            "every namespaceSelector.matchExpressions term needs a key and an operator: In, NotIn,"
                    + " Exists or DoesNotExist";

    /**
     * No two limits of a FleetQuota cover the same placements: same zone (or none) and the same
     * models as a set, case-insensitive. The lists are bounded (maxItems) to keep the cost within
     * the API server's budget.
     */
    public static final String QUOTA_LIMITS_UNIQUE =
            "!has(self.limits) || self.limits.all(a, self.limits.exists_one(b,"
                    + " (has(a.zone) ? a.zone : '') == (has(b.zone) ? b.zone : '')"
                    + " && (has(a.models) ? a.models : []).all(m, (has(b.models) ? b.models : [])"
                    + ".exists(n, n.lowerAscii() == m.lowerAscii()))"
                    + " && (has(b.models) ? b.models : []).all(m, (has(a.models) ? a.models : [])"
                    + ".exists(n, n.lowerAscii() == m.lowerAscii()))))";

    public static final String QUOTA_LIMITS_UNIQUE_MESSAGE =
            "limits must be unique: no two with the same zone and the same models";

    public static final String LENDING_WITHIN_ACCELERATORS =
            "!has(self.lendingLimit) || self.lendingLimit <= self.accelerators";
    public static final String LENDING_WITHIN_ACCELERATORS_MESSAGE =
            "lendingLimit cannot exceed accelerators: a quota lends only what it has";

    public static final String BORROWING_NEEDS_COHORT =
            "has(self.cohort) || !has(self.limits) ||"
                    + " self.limits.all(l, !has(l.borrowingLimit) && !has(l.lendingLimit))";
    public static final String BORROWING_NEEDS_COHORT_MESSAGE =
            "borrowingLimit and lendingLimit need a cohort: a quota without one neither borrows"
                    + " nor lends";

    /**
     * Once placed, what the decision was made from cannot change (the template, priority, placement
     * preferences and failover can; preferences apply to the next decision, a failover): a
     * transition rule, checked by the API server only. Every list compared is bounded (maxItems),
     * to keep the rule's cost within the API server's budget.
     */
    public static final String TRAINING_JOB_PLACED_SPEC_FIXED =
            "!has(oldSelf.status) || !has(oldSelf.status.placement) ||"
                    + " (self.spec.data == oldSelf.spec.data"
                    + " && has(self.spec.accelerator) == has(oldSelf.spec.accelerator)"
                    + " && (!has(self.spec.accelerator) || self.spec.accelerator == oldSelf.spec.accelerator)"
                    + " && self.spec.workers == oldSelf.spec.workers"
                    + " && self.spec.acceleratorsPerWorker == oldSelf.spec.acceleratorsPerWorker)";

    public static final String INFERENCE_ENDPOINT_PLACED_SPEC_FIXED =
            "!has(oldSelf.status) || !has(oldSelf.status.placement) ||"
                    + " (self.spec.data == oldSelf.spec.data"
                    + " && has(self.spec.accelerator) == has(oldSelf.spec.accelerator)"
                    + " && (!has(self.spec.accelerator) || self.spec.accelerator == oldSelf.spec.accelerator)"
                    + " && has(self.spec.users) == has(oldSelf.spec.users)"
                    + " && (!has(self.spec.users) || self.spec.users == oldSelf.spec.users)"
                    + " && self.spec.replicas == oldSelf.spec.replicas"
                    + " && self.spec.acceleratorsPerReplica == oldSelf.spec.acceleratorsPerReplica)";

    public static final String PLACED_SPEC_FIXED_MESSAGE =
            "data, accelerator and the workload's size cannot change once it is placed:"
                    + " Locus decided where it may run from them. Delete and re-create it instead.";

    /** An RFC 3339 date-time, as the API server's format date-time accepts it. */
    public static final String RFC3339 =
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$";

    /**
     * Forecast entries are ordered by from, and no two overlap (each covers one hour): the list is
     * bounded (maxItems) to keep the pairwise check within the API server's cost budget.
     */
    public static final String FORECAST_ORDERED =
            "!has(self.forecast) || (self.forecast.map(e, timestamp(e.from)).isSorted()"
                    + " && self.forecast.all(a, self.forecast.exists_one(b,"
                    + " timestamp(b.from) == timestamp(a.from)))"
                    + " && self.forecast.all(a, self.forecast.all(b,"
                    + " timestamp(b.from) <= timestamp(a.from)"
                    + " || timestamp(b.from) - timestamp(a.from) >= duration('1h'))))";

    public static final String FORECAST_ORDERED_MESSAGE =
            "forecast entries must be ordered by from, and no two may overlap: each covers one hour";

    private Rules() {}
}
