package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a FleetQuota: what its namespaces hold and wait for. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonClassDescription(
        "What the quota's namespaces hold, limit by limit, how many of their workloads are placed"
                + " and how many wait.")
public class FleetQuotaStatus {

    /** Condition type: the quota governs its namespaces as written. */
    public static final String READY = "Ready";

    /** Condition reason: a namespace is selected by this quota and another one. */
    public static final String OVERLAPPING_QUOTA = "OverlappingQuota";

    /** Condition reason: a limit names a zone that is no SovereigntyZone. */
    public static final String UNKNOWN_ZONE = "UnknownSovereigntyZone";

    @JsonPropertyDescription(
            "Per limit, in the order of spec.limits: accelerators held and borrowed.")
    private List<QuotaUsed> used = new ArrayList<>();

    @JsonPropertyDescription("Placed workloads counted against the quota.")
    private Integer admitted;

    @JsonPropertyDescription("Workloads of the quota's namespaces waiting for a placement.")
    private Integer pending;

    @JsonPropertyDescription(
            "Standard conditions: Ready (False with reason OverlappingQuota when a namespace is"
                    + " also selected by another FleetQuota: its workloads are not placed).")
    private List<Condition> conditions = new ArrayList<>();

    public List<QuotaUsed> getUsed() {
        return used;
    }

    public void setUsed(List<QuotaUsed> used) {
        this.used = used;
    }

    public Integer getAdmitted() {
        return admitted;
    }

    public void setAdmitted(Integer admitted) {
        this.admitted = admitted;
    }

    public Integer getPending() {
        return pending;
    }

    public void setPending(Integer pending) {
        this.pending = pending;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
