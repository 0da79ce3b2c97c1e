package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Replicas of a workload placed on one pool, and the accelerators they reserve there. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Assignment {

    @JsonPropertyDescription("Cluster the replicas run in.")
    private String cluster;

    @JsonPropertyDescription("GPUPool the replicas run on.")
    private String pool;

    @JsonPropertyDescription("Workers or replicas placed on this pool.")
    private Integer replicas;

    @JsonPropertyDescription("Accelerators reserved on this pool.")
    private Integer accelerators;

    @JsonPropertyDescription(
            "Round-trip latency in milliseconds from the origin (or, for an endpoint, the worst of"
                    + " the user regions served) to the cluster.")
    private Double latencyMs;

    public Assignment() {}

    public Assignment(
            String cluster, String pool, Integer replicas, Integer accelerators, Double latencyMs) {
        this.cluster = cluster;
        this.pool = pool;
        this.replicas = replicas;
        this.accelerators = accelerators;
        this.latencyMs = latencyMs;
    }

    public String getCluster() {
        return cluster;
    }

    public void setCluster(String cluster) {
        this.cluster = cluster;
    }

    public String getPool() {
        return pool;
    }

    public void setPool(String pool) {
        this.pool = pool;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Integer getAccelerators() {
        return accelerators;
    }

    public void setAccelerators(Integer accelerators) {
        this.accelerators = accelerators;
    }

    public Double getLatencyMs() {
        return latencyMs;
    }

    public void setLatencyMs(Double latencyMs) {
        this.latencyMs = latencyMs;
    }
}
