package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A place an InferenceEndpoint's requests come from, with its share of the traffic. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
        value = Rules.LATITUDE_WITH_LONGITUDE,
        message = Rules.LATITUDE_WITH_LONGITUDE_MESSAGE)
public class UserRegion {

    @JsonPropertyDescription("Name of the region, unique within the endpoint.")
    @Required
    private String name;

    @JsonPropertyDescription("ISO 3166-1 alpha-2 country code of the users.")
    @Pattern("^[A-Z]{2}$")
    private String country;

    @JsonPropertyDescription("Latitude in degrees (-90..90) of the users.")
    @Min(-90)
    @Max(90)
    private Double latitude;

    @JsonPropertyDescription("Longitude in degrees (-180..180) of the users.")
    @Min(-180)
    @Max(180)
    private Double longitude;

    @JsonPropertyDescription("Relative share of traffic; replicas are split in proportion.")
    @Default("1")
    @Min(1)
    @Max(1000000)
    private Integer weight;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getCountry() {
        return country;
    }

    public void setCountry(String country) {
        this.country = country;
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

    public Integer getWeight() {
        return weight;
    }

    public void setWeight(Integer weight) {
        this.weight = weight;
    }
}
