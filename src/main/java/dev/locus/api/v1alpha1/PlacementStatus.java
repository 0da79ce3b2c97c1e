package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The decision Locus took for a workload, kept for audit. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PlacementStatus {

    @JsonPropertyDescription("SovereigntyZone that governs the data (data.zone), if any.")
    private String zone;

    @JsonPropertyDescription("Pools chosen, one entry per pool used.")
    private List<Assignment> assignments = new ArrayList<>();

    @JsonPropertyDescription("When the decision was taken (RFC 3339).")
    private String decidedAt;

    @JsonPropertyDescription("Human-readable rule that admitted this placement, for audit.")
    private String policy;

    @JsonPropertyDescription(
            "The cluster's carbon intensity, renewable fraction and price for the hour the work"
                    + " started, and the accelerators' watts: for audit and the run's energy.")
    private EnergyAtPlacement energy;

    public EnergyAtPlacement getEnergy() {
        return energy;
    }

    public void setEnergy(EnergyAtPlacement energy) {
        this.energy = energy;
    }

    public String getZone() {
        return zone;
    }

    public void setZone(String zone) {
        this.zone = zone;
    }

    public List<Assignment> getAssignments() {
        return assignments;
    }

    public void setAssignments(List<Assignment> assignments) {
        this.assignments = assignments;
    }

    public String getDecidedAt() {
        return decidedAt;
    }

    public void setDecidedAt(String decidedAt) {
        this.decidedAt = decidedAt;
    }

    public String getPolicy() {
        return policy;
    }

    public void setPolicy(String policy) {
        this.policy = policy;
    }
}
