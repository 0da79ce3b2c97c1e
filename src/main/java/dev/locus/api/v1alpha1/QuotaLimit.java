package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** One cap of a FleetQuota, on the placements that match its zone and models. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
        value = Rules.LENDING_WITHIN_ACCELERATORS,
        message = Rules.LENDING_WITHIN_ACCELERATORS_MESSAGE)
public class QuotaLimit {

    @JsonPropertyDescription(
            "SovereigntyZone whose clusters the limit covers; unset covers every cluster.")
    @Size(max = 253)
    private String zone;

    @JsonPropertyDescription(
            "Accelerator models the limit covers (case-insensitive, for example [H100, H200]);"
                    + " empty covers every model.")
    @Size(max = 8)
    private List<@Size(max = 64) String> models = new ArrayList<>();

    @JsonPropertyDescription(
            "Most accelerators the matching placed workloads may hold, before borrowing.")
    @Required
    @Min(0)
    @Max(10000000)
    private Integer accelerators;

    @JsonPropertyDescription(
            "Most accelerators this limit may borrow beyond its own from the other quotas of the"
                    + " cohort (their limits with the same zone and models). Unset: no cap.")
    @Min(0)
    @Max(10000000)
    private Integer borrowingLimit;

    @JsonPropertyDescription(
            "Most of its unused accelerators this limit lends to the other quotas of the cohort."
                    + " Unset: all of them. At most accelerators.")
    @Min(0)
    @Max(10000000)
    private Integer lendingLimit;

    public QuotaLimit() {}

    public QuotaLimit(String zone, List<String> models, Integer accelerators) {
        this.zone = zone;
        this.models = models;
        this.accelerators = accelerators;
    }

    public String getZone() {
        return zone;
    }

    public void setZone(String zone) {
        this.zone = zone;
    }

    public List<String> getModels() {
        return models;
    }

    public void setModels(List<String> models) {
        this.models = models;
    }

    public Integer getAccelerators() {
        return accelerators;
    }

    public void setAccelerators(Integer accelerators) {
        this.accelerators = accelerators;
    }

    public Integer getBorrowingLimit() {
        return borrowingLimit;
    }

    public void setBorrowingLimit(Integer borrowingLimit) {
        this.borrowingLimit = borrowingLimit;
    }

    public Integer getLendingLimit() {
        return lendingLimit;
    }

    public void setLendingLimit(Integer lendingLimit) {
        this.lendingLimit = lendingLimit;
    }
}
