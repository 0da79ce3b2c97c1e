package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The energy a site runs on, used when a workload optimises for carbon. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Power {

    @JsonPropertyDescription("Share of the site's power from renewable sources, 0..1.")
    @Min(0)
    @Max(1)
    private Double renewableFraction;

    @JsonPropertyDescription(
            "Grid carbon intensity in gCO2e per kWh; lower ranks first when optimizeFor is carbon.")
    @Min(0)
    private Double carbonIntensityGramsPerKwh;

    public Double getRenewableFraction() {
        return renewableFraction;
    }

    public void setRenewableFraction(Double renewableFraction) {
        this.renewableFraction = renewableFraction;
    }

    public Double getCarbonIntensityGramsPerKwh() {
        return carbonIntensityGramsPerKwh;
    }

    public void setCarbonIntensityGramsPerKwh(Double carbonIntensityGramsPerKwh) {
        this.carbonIntensityGramsPerKwh = carbonIntensityGramsPerKwh;
    }
}
