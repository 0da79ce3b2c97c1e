package dev.locus.placement;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the latencies computed for one set of clusters from one scheduling pass to the next. The
 * interconnect graph changes rarely while capacity changes all the time, so the operator hands the
 * same cache to every pass; a changed cluster list starts a fresh one.
 */
public final class LatencyCache {

    /** Origins kept at most; beyond, the cache starts over rather than grow without bound. */
    static final int MAX_ORIGINS = 50_000;

    private List<Site> sites;
    private LatencyModel model;

    synchronized LatencyModel modelFor(List<Site> sites, Map<String, Integer> index) {
        if (model == null || !sites.equals(this.sites) || model.origins() > MAX_ORIGINS) {
            this.sites = List.copyOf(sites);
            this.model = new LatencyModel(this.sites, new HashMap<>(index));
        }
        return model;
    }
}
