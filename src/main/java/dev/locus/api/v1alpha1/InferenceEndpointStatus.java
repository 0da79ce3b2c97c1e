package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Observed state of an InferenceEndpoint. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonClassDescription(
        "Where the replicas were placed and why, or why they cannot be placed; how many are ready.")
public class InferenceEndpointStatus extends WorkloadStatus {

    @JsonPropertyDescription("Replicas Ready across all clusters used.")
    private Integer readyReplicas;

    public Integer getReadyReplicas() {
        return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
        this.readyReplicas = readyReplicas;
    }
}
