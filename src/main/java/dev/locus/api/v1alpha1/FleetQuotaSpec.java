package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** Desired state of a FleetQuota: whom it governs, its caps, its cohort and its weight. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonClassDescription(
        "The namespaces the quota governs, the caps on their placed workloads, the cohort it lends"
                + " to and borrows from, and its weight in fair sharing.")
@ValidationRule(value = Rules.QUOTA_LIMITS_UNIQUE, message = Rules.QUOTA_LIMITS_UNIQUE_MESSAGE)
@ValidationRule(
        value = Rules.NAMESPACE_SELECTOR_TERMS_COMPLETE,
        message = Rules.NAMESPACE_SELECTOR_TERMS_COMPLETE_MESSAGE)
@ValidationRule(
        value = Rules.BORROWING_NEEDS_COHORT,
        message = Rules.BORROWING_NEEDS_COHORT_MESSAGE)
public class FleetQuotaSpec {

    @JsonPropertyDescription(
            "The namespaces whose workloads the quota governs, by the labels of their Namespace"
                    + " objects. Unset selects no namespace; {} selects every namespace."
                    + " matchExpressions count.")
    private LabelSelector namespaceSelector;

    @JsonPropertyDescription(
            "Quotas of one cohort lend each other the accelerators they leave unused (within"
                    + " lendingLimit) and borrow them (within borrowingLimit). Unset: the quota"
                    + " neither lends nor borrows.")
    @Size(max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    private String cohort;

    @JsonPropertyDescription(
            "Caps, each on the accelerators of the placed workloads that match it (by zone and"
                    + " model). A placement must fit every limit it matches.")
    @Required
    @Size(min = 1, max = 16)
    private List<QuotaLimit> limits = new ArrayList<>();

    @JsonPropertyDescription(
            "Fair sharing among pending workloads of equal priority: the quota with the lower"
                    + " accelerators held / weight goes first.")
    private FairSharing fairSharing;

    public LabelSelector getNamespaceSelector() {
        return namespaceSelector;
    }

    public void setNamespaceSelector(LabelSelector namespaceSelector) {
        this.namespaceSelector = namespaceSelector;
    }

    public String getCohort() {
        return cohort;
    }

    public void setCohort(String cohort) {
        this.cohort = cohort;
    }

    public List<QuotaLimit> getLimits() {
        return limits;
    }

    public void setLimits(List<QuotaLimit> limits) {
        this.limits = limits;
    }

    public FairSharing getFairSharing() {
        return fairSharing;
    }

    public void setFairSharing(FairSharing fairSharing) {
        this.fairSharing = fairSharing;
    }
}
