package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One hour of a site's power forecast: it covers [from, from + 1 h). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ForecastEntry {

    @JsonPropertyDescription(
            "Start of the hour the values hold for (RFC 3339, for example 2026-12-01T02:00:00Z).")
    @Required
    @Pattern(Rules.RFC3339)
    private String from;

    @JsonPropertyDescription(
            "Grid carbon intensity in gCO2e per kWh for the hour; unset keeps the static value.")
    @Min(0)
    @Max(10000)
    private Double carbonIntensityGramsPerKwh;

    @JsonPropertyDescription("Energy price per kWh for the hour; unset keeps the static value.")
    @Min(0)
    @Max(1000)
    private Double pricePerKwh;

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public Double getCarbonIntensityGramsPerKwh() {
        return carbonIntensityGramsPerKwh;
    }

    public void setCarbonIntensityGramsPerKwh(Double carbonIntensityGramsPerKwh) {
        this.carbonIntensityGramsPerKwh = carbonIntensityGramsPerKwh;
    }

    public Double getPricePerKwh() {
        return pricePerKwh;
    }

    public void setPricePerKwh(Double pricePerKwh) {
        this.pricePerKwh = pricePerKwh;
    }
}
