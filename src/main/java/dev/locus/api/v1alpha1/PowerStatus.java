package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** Accelerator power Locus placed on the cluster. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PowerStatus {

    @JsonPropertyDescription("Accelerators Locus placed on the cluster x their watts, in kW.")
    @Min(0)
    private Double usedKilowatts;

    @JsonPropertyDescription("The cluster's spec.power.budgetKilowatts, if any.")
    @Min(0)
    private Double budgetKilowatts;

    public Double getUsedKilowatts() {
        return usedKilowatts;
    }

    public void setUsedKilowatts(Double usedKilowatts) {
        this.usedKilowatts = usedKilowatts;
    }

    public Double getBudgetKilowatts() {
        return budgetKilowatts;
    }

    public void setBudgetKilowatts(Double budgetKilowatts) {
        this.budgetKilowatts = budgetKilowatts;
    }
}
