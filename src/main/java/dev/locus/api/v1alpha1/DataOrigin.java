package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Where a workload's data lives; "nearest" is measured from here. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
        value = Rules.LATITUDE_WITH_LONGITUDE,
        message = Rules.LATITUDE_WITH_LONGITUDE_MESSAGE)
@ValidationRule(
        value = Rules.ORIGIN_CLUSTER_OR_PLACE,
        message = Rules.ORIGIN_CLUSTER_OR_PLACE_MESSAGE)
public class DataOrigin {

    @JsonPropertyDescription(
            "Name of the Cluster that holds the data; latency is measured over the interconnect"
                    + " graph from it.")
    private String cluster;

    @JsonPropertyDescription("ISO 3166-1 alpha-2 country code of the data's location.")
    @Pattern("^[A-Z]{2}$")
    private String country;

    @JsonPropertyDescription("Latitude in degrees (-90..90) of the data's location.")
    @Min(-90)
    @Max(90)
    private Double latitude;

    @JsonPropertyDescription("Longitude in degrees (-180..180) of the data's location.")
    @Min(-180)
    @Max(180)
    private Double longitude;

    public String getCluster() {
        return cluster;
    }

    public void setCluster(String cluster) {
        this.cluster = cluster;
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
}
