package dev.locus.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.api.v1alpha1.Condition;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.FleetQuota;
import dev.locus.api.v1alpha1.FleetQuotaStatus;
import dev.locus.api.v1alpha1.QuotaUsed;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QuotaStatusAggregatorTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    static FleetQuota quota() {
        FleetQuota q = new FleetQuota();
        q.setMetadata(new ObjectMetaBuilder().withName("research").withGeneration(3L).build());
        return q;
    }

    static QuotaUsed used(int accelerators, int borrowed) {
        QuotaUsed u = new QuotaUsed();
        u.setZone("eu");
        u.setModels(List.of("h100"));
        u.setAccelerators(accelerators);
        u.setBorrowed(borrowed);
        return u;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "governing",
                        new QuotaStatusAggregator.Usage(
                                List.of(used(250, 0)), 12, 3, 2, List.of(), List.of()),
                        true,
                        "Active",
                        "governs 2 namespaces: 12 placed, 3 waiting"),
                Arguments.of(
                        "a namespace also selected by another quota",
                        new QuotaStatusAggregator.Usage(
                                List.of(used(0, 0)), 0, 1, 1, List.of("ml"), List.of("ue")),
                        false,
                        "OverlappingQuota",
                        "namespaces ml are also selected by another FleetQuota"),
                Arguments.of(
                        "a limit in a zone that does not exist",
                        new QuotaStatusAggregator.Usage(
                                List.of(used(0, 0)), 0, 0, 1, List.of(), List.of("ue")),
                        false,
                        "UnknownSovereigntyZone",
                        "no SovereigntyZone: ue"),
                Arguments.of(
                        "a selector that matches nothing",
                        new QuotaStatusAggregator.Usage(List.of(), 0, 0, 0, List.of(), List.of()),
                        false,
                        "NoMatchingNamespaces",
                        "matches no namespace"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readyConditionSaysWhatKeepsTheQuotaFromGoverning(
            String name,
            QuotaStatusAggregator.Usage usage,
            boolean ready,
            String reason,
            String message) {
        FleetQuotaStatus status = QuotaStatusAggregator.desired(quota(), usage, NOW);

        Condition c = Conditions.find(status.getConditions(), FleetQuotaStatus.READY).orElseThrow();
        assertThat(c.isTrue()).isEqualTo(ready);
        assertThat(c.getReason()).isEqualTo(reason);
        assertThat(c.getMessage()).contains(message);
        assertThat(c.getObservedGeneration()).isEqualTo(3L);
        assertThat(status.getUsed()).isEqualTo(usage.used());
        assertThat(status.getAdmitted()).isEqualTo(usage.admitted());
        assertThat(status.getPending()).isEqualTo(usage.pending());
    }

    @Test
    void anUnchangedConditionKeepsItsTransitionTime() {
        var usage =
                new QuotaStatusAggregator.Usage(List.of(used(8, 0)), 1, 0, 1, List.of(), List.of());
        FleetQuota q = quota();
        q.setStatus(QuotaStatusAggregator.desired(q, usage, NOW));

        FleetQuotaStatus later = QuotaStatusAggregator.desired(q, usage, NOW.plusSeconds(600));

        assertThat(later.getConditions()).isEqualTo(q.getStatus().getConditions());
    }
}
