package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Where a cluster stands: its country decides its sovereignty zones. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
        value = Rules.LATITUDE_WITH_LONGITUDE,
        message = Rules.LATITUDE_WITH_LONGITUDE_MESSAGE)
public class Location {

    @JsonPropertyDescription(
            "ISO 3166-1 alpha-2 country code, upper case (DE, FR, US). A cluster belongs to every"
                    + " SovereigntyZone whose jurisdictions list this country; without a country it"
                    + " belongs to none.")
    @Pattern("^[A-Z]{2}$")
    private String country;

    @JsonPropertyDescription("Free-text region, for example eu-central.")
    private String region;

    @JsonPropertyDescription("Metro or market, for example frankfurt.")
    private String market;

    @JsonPropertyDescription(
            "Latitude in degrees (-90..90), used to estimate latency where no interconnect is"
                    + " declared.")
    @Min(-90)
    @Max(90)
    private Double latitude;

    @JsonPropertyDescription(
            "Longitude in degrees (-180..180), used to estimate latency where no interconnect is"
                    + " declared.")
    @Min(-180)
    @Max(180)
    private Double longitude;

    public String getCountry() {
        return country;
    }

    public void setCountry(String country) {
        this.country = country;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getMarket() {
        return market;
    }

    public void setMarket(String market) {
        this.market = market;
    }

    public Double getLatitude() {
        return latitude;
    }

    public void setLatitude(Double latitude) {
        this.latitude = latitude;
    }

    public Double getLongitude() {
        return longitude;
    }

    public void setLongitude(Double longitude) {
        this.longitude = longitude;
    }
}
