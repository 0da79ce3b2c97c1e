package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A pool that was considered and not chosen, with the reason why. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Candidate {

    @JsonPropertyDescription("GPUPool name.")
    private String pool;

    @JsonPropertyDescription("Cluster the pool belongs to.")
    private String cluster;

    @JsonPropertyDescription(
            "Reason code: the first placement check the pool failed (for example"
                    + " OutsideSovereigntyZone), or Feasible.")
    private String reason;

    @JsonPropertyDescription("Details of the reason.")
    private String message;

    public Candidate() {}

    public Candidate(String pool, String cluster, String reason, String message) {
        this.pool = pool;
        this.cluster = cluster;
        this.reason = reason;
        this.message = message;
    }

    public String getPool() {
        return pool;
    }

    public void setPool(String pool) {
        this.pool = pool;
    }

    public String getCluster() {
        return cluster;
    }

    public void setCluster(String cluster) {
        this.cluster = cluster;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
