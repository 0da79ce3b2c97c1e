package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Desired state of a SovereigntyZone: its countries and what data they keep in. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonClassDescription("The jurisdictions of the zone and the data classifications they keep in.")
public class SovereigntyZoneSpec {

    @JsonPropertyDescription(
            "ISO 3166-1 alpha-2 country codes (DE, FR, NL). A Cluster whose location.country is"
                    + " listed belongs to this zone.")
    @Required
    @Size(min = 1, max = 300)
    private List<@io.fabric8.generator.annotation.Pattern("^[A-Z]{2}$") String> jurisdictions =
            new ArrayList<>();

    @JsonPropertyDescription(
            "Data classifications that must stay inside the zone (or zones in"
                    + " transfersAllowedTo). Default: every classification but public.")
    @Size(min = 1)
    private List<Classification> restrictedClassifications;

    @JsonPropertyDescription(
            "Other SovereigntyZones that may also hold this zone's restricted data, for example"
                    + " under an adequacy decision.")
    @Size(max = 64)
    private List<String> transfersAllowedTo = new ArrayList<>();

    public List<String> getJurisdictions() {
        return jurisdictions;
    }

    public void setJurisdictions(List<String> jurisdictions) {
        this.jurisdictions = jurisdictions;
    }

    public List<Classification> getRestrictedClassifications() {
        return restrictedClassifications;
    }

    public void setRestrictedClassifications(List<Classification> restrictedClassifications) {
        this.restrictedClassifications = restrictedClassifications;
    }

    public List<String> getTransfersAllowedTo() {
        return transfersAllowedTo;
    }

    public void setTransfersAllowedTo(List<String> transfersAllowedTo) {
        this.transfersAllowedTo = transfersAllowedTo;
    }
}
