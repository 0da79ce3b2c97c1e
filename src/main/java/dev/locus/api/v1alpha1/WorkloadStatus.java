package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What TrainingJob and InferenceEndpoint statuses share: phase, decision, explanation. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public abstract class WorkloadStatus {

    /** Condition type: a pool was chosen. */
    public static final String PLACED = "Placed";

    /** Condition type: the remote objects exist in the chosen cluster. */
    public static final String DISPATCHED = "Dispatched";

    /** Condition type: the workload finished successfully. */
    public static final String COMPLETE = "Complete";

    /** Condition type: the workload failed. */
    public static final String FAILED = "Failed";

    /**
     * Condition type: the workload gave its accelerators to one of higher priority (the message
     * names it) and waits to be decided again.
     */
    public static final String PREEMPTED = "Preempted";

    @JsonPropertyDescription(
            "Pending, Deferred, Placed, Running, Succeeded, Failed or Unschedulable.")
    private WorkloadPhase phase;

    @JsonPropertyDescription("The placement decision, with the rule that admitted it.")
    private PlacementStatus placement;

    @JsonPropertyDescription(
            "While Unschedulable: pools considered and why each did not fit (capped).")
    private List<Candidate> candidates;

    @JsonPropertyDescription(
            "Summary of the last decision, for example '0/12 pools fit: 5 OutsideSovereigntyZone,"
                    + " 4 AcceleratorMismatch, 3 InsufficientCapacity'.")
    private String message;

    @JsonPropertyDescription(
            "Standard conditions: Placed, Dispatched, Complete, Failed, and Preempted (naming the"
                    + " workload that took its place).")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription(
            "While Deferred: when the workload is decided again (RFC 3339), a whole UTC hour.")
    private String startAfter;

    @JsonPropertyDescription(
            "Set when the workload was deferred: what waiting was expected to gain; kept once it"
                    + " is placed, for the energy report.")
    private DeferralStatus deferral;

    @JsonPropertyDescription(
            "Once finished: the accelerator-hours, kWh and CO2e of the run (from its real run time"
                    + " and the power recorded at placement).")
    private EnergyUsed energy;

    @JsonPropertyDescription("The metadata.generation this status was computed for.")
    private Long observedGeneration;

    @JsonPropertyDescription(
            "Times the workload was moved to another pool after a failure, or preempted.")
    private Integer restarts;

    public WorkloadPhase getPhase() {
        return phase;
    }

    public void setPhase(WorkloadPhase phase) {
        this.phase = phase;
    }

    public PlacementStatus getPlacement() {
        return placement;
    }

    public void setPlacement(PlacementStatus placement) {
        this.placement = placement;
    }

    public List<Candidate> getCandidates() {
        return candidates;
    }

    public void setCandidates(List<Candidate> candidates) {
        this.candidates = candidates;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public String getStartAfter() {
        return startAfter;
    }

    public void setStartAfter(String startAfter) {
        this.startAfter = startAfter;
    }

    public DeferralStatus getDeferral() {
        return deferral;
    }

    public void setDeferral(DeferralStatus deferral) {
        this.deferral = deferral;
    }

    public EnergyUsed getEnergy() {
        return energy;
    }

    public void setEnergy(EnergyUsed energy) {
        this.energy = energy;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public Integer getRestarts() {
        return restarts;
    }

    public void setRestarts(Integer restarts) {
        this.restarts = restarts;
    }
}
