package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a GPUPool: its nodes and how many accelerators are free. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonClassDescription(
        "Node counts and accelerator capacity of the pool, as observed in the member cluster.")
public class GPUPoolStatus {

    @JsonPropertyDescription("Accelerator counts: total, allocatable, allocated, available.")
    private Capacity capacity;

    @JsonPropertyDescription("Nodes matching the nodeSelector, and how many are Ready.")
    private NodeCounts nodes;

    @JsonPropertyDescription(
            "Standard conditions, for example Ready and NodesVisible (false when capacity comes"
                    + " from spec.capacity).")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The metadata.generation this status was computed for.")
    private Long observedGeneration;

    @JsonPropertyDescription("When the capacity was last computed (RFC 3339).")
    private String lastUpdateTime;

    public Capacity getCapacity() {
        return capacity;
    }

    public void setCapacity(Capacity capacity) {
        this.capacity = capacity;
    }

    public NodeCounts getNodes() {
        return nodes;
    }

    public void setNodes(NodeCounts nodes) {
        this.nodes = nodes;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getLastUpdateTime() {
        return lastUpdateTime;
    }

    public void setLastUpdateTime(String lastUpdateTime) {
        this.lastUpdateTime = lastUpdateTime;
    }
}
