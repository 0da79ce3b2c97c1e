package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The energy a site runs on: how clean and dear it is (statically and by the hour), and how much
 * accelerator power Locus may place there.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = Rules.FORECAST_ORDERED, message = Rules.FORECAST_ORDERED_MESSAGE)
public class Power {

    @JsonPropertyDescription("Share of the site's power from renewable sources, 0..1.")
    @Min(0)
    @Max(1)
    private Double renewableFraction;

    @JsonPropertyDescription(
            "Grid carbon intensity in gCO2e per kWh, used when no forecast entry covers the time;"
                    + " lower ranks first when optimizeFor is carbon.")
    @Min(0)
    private Double carbonIntensityGramsPerKwh;

    @JsonPropertyDescription(
            "Energy price per kWh, used when no forecast entry covers the time; what a TrainingJob"
                    + " with a schedule and optimizeFor cost waits on.")
    @Min(0)
    @Max(1000)
    private Double pricePerKwh;

    @JsonPropertyDescription(
            "Accelerator power Locus may place on the cluster, in kW: the accelerators it placed"
                    + " here x their pools' accelerator.watts (700 W where unset) may not exceed it"
                    + " (pool reason PowerBudgetExceeded). Unset: no budget.")
    @Min(0)
    @Max(100000000)
    private Double budgetKilowatts;

    @JsonPropertyDescription(
            "Hourly carbon intensity and price, written by a feed or by hand: each entry covers"
                    + " [from, from + 1 h); ordered by from, no two overlapping. Where none covers a"
                    + " time, the static values hold.")
    @Size(max = 168)
    private List<ForecastEntry> forecast = new ArrayList<>();

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

    public Double getBudgetKilowatts() {
        return budgetKilowatts;
    }

    public void setBudgetKilowatts(Double budgetKilowatts) {
        this.budgetKilowatts = budgetKilowatts;
    }

    public List<ForecastEntry> getForecast() {
        return forecast;
    }

    public void setForecast(List<ForecastEntry> forecast) {
        this.forecast = forecast;
    }

    public Double getCarbonIntensityGramsPerKwh() {
        return carbonIntensityGramsPerKwh;
    }

    public void setCarbonIntensityGramsPerKwh(Double carbonIntensityGramsPerKwh) {
        this.carbonIntensityGramsPerKwh = carbonIntensityGramsPerKwh;
    }
}
