package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a SovereigntyZone: its members and their capacity. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonClassDescription("Member clusters and pools of the zone, and their summed capacity.")
public class SovereigntyZoneStatus {

    @JsonPropertyDescription("Number of Clusters that belong to the zone.")
    private Integer clusters;

    @JsonPropertyDescription("Number of GPUPools on those clusters.")
    private Integer pools;

    @JsonPropertyDescription("Accelerator capacity summed over the zone's pools.")
    private Capacity capacity;

    @JsonPropertyDescription(
            "Standard conditions, for example Ready (false when no capacity can be reached).")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The metadata.generation this status was computed for.")
    private Long observedGeneration;

    public Integer getClusters() {
        return clusters;
    }

    public void setClusters(Integer clusters) {
        this.clusters = clusters;
    }

    public Integer getPools() {
        return pools;
    }

    public void setPools(Integer pools) {
        this.pools = pools;
    }

    public Capacity getCapacity() {
        return capacity;
    }

    public void setCapacity(Capacity capacity) {
        this.capacity = capacity;
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
}
