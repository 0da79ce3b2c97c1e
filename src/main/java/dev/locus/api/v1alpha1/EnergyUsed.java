package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** The energy a finished workload used. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class EnergyUsed {

    @JsonPropertyDescription("Accelerators x hours run.")
    @Min(0)
    private Double acceleratorHours;

    @JsonPropertyDescription("Accelerators x watts x hours / 1000.")
    @Min(0)
    private Double kilowattHours;

    @JsonPropertyDescription("kWh x the carbon intensity recorded at placement.")
    @Min(0)
    private Double gramsCO2e;

    @JsonPropertyDescription(
            "For a deferred run: kWh x (the run's average carbon intensity had it started at once - its average at the later start), as forecast when it was deferred. Negative when the later start was dirtier.")
    private Double gramsCO2eAvoided;

    public Double getAcceleratorHours() {
        return acceleratorHours;
    }

    public void setAcceleratorHours(Double acceleratorHours) {
        this.acceleratorHours = acceleratorHours;
    }

    public Double getKilowattHours() {
        return kilowattHours;
    }

    public void setKilowattHours(Double kilowattHours) {
        this.kilowattHours = kilowattHours;
    }

    public Double getGramsCO2e() {
        return gramsCO2e;
    }

    public void setGramsCO2e(Double gramsCO2e) {
        this.gramsCO2e = gramsCO2e;
    }

    public Double getGramsCO2eAvoided() {
        return gramsCO2eAvoided;
    }

    public void setGramsCO2eAvoided(Double gramsCO2eAvoided) {
        this.gramsCO2eAvoided = gramsCO2eAvoided;
    }
}
