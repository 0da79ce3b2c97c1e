package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The power a placement was decided with, for audit. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class EnergyAtPlacement {

    @JsonPropertyDescription(
            "Carbon intensity (gCO2e/kWh) of the cluster for the hour the work started: the forecast, else the static value.")
    @Min(0)
    private Double carbonIntensityGramsPerKwh;

    @JsonPropertyDescription("Share of the cluster's power from renewable sources, 0..1.")
    @Min(0)
    @Max(1)
    private Double renewableFraction;

    @JsonPropertyDescription(
            "Energy price per kWh for the hour the work started: the forecast, else the static value.")
    @Min(0)
    private Double pricePerKwh;

    @JsonPropertyDescription(
            "Power of one accelerator under load: the pool's accelerator.watts, 700 where it declares none.")
    @Min(0)
    private Double wattsPerAccelerator;

    @JsonPropertyDescription("The time the values are for (RFC 3339).")
    private String at;

    public Double getCarbonIntensityGramsPerKwh() {
        return carbonIntensityGramsPerKwh;
    }

    public void setCarbonIntensityGramsPerKwh(Double carbonIntensityGramsPerKwh) {
        this.carbonIntensityGramsPerKwh = carbonIntensityGramsPerKwh;
    }

    public Double getRenewableFraction() {
        return renewableFraction;
    }

    public void setRenewableFraction(Double renewableFraction) {
        this.renewableFraction = renewableFraction;
    }

    public Double getPricePerKwh() {
        return pricePerKwh;
    }

    public void setPricePerKwh(Double pricePerKwh) {
        this.pricePerKwh = pricePerKwh;
    }

    public Double getWattsPerAccelerator() {
        return wattsPerAccelerator;
    }

    public void setWattsPerAccelerator(Double wattsPerAccelerator) {
        this.wattsPerAccelerator = wattsPerAccelerator;
    }

    public String getAt() {
        return at;
    }

    public void setAt(String at) {
        this.at = at;
    }
}
