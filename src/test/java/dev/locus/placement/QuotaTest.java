package dev.locus.placement;

import static dev.locus.placement.Fleet.endpoint;
import static dev.locus.placement.Fleet.job;
import static dev.locus.placement.Fleet.models;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** FleetQuotas: which namespaces they govern, their limits, borrowing and lending in a cohort. */
class QuotaTest {

    /**
     * EU pools fra (256 H100) and ams (32 H200, NL); namespaces research and prod of teams research
     * and prod, and web with no team; quotas research (64 H100/H200 in eu) and prod (32 H100/H200
     * in eu), cohort ml.
     */
    static Fleet shared() {
        return Fleet.europe()
                .zone("eu", z -> z.jurisdictions("NL"))
                .site("ams-1", s -> s.country("NL").at(52.37, 4.9).link("fra-1", 7.5))
                .pool("fra", p -> p.cluster("fra-1").free(256))
                .pool("ams", p -> p.cluster("ams-1").model("H200").memory(141).free(32))
                .namespace("research", "team=research")
                .namespace("prod", "team=prod")
                .namespace("web")
                .quota(
                        "research",
                        q ->
                                q.selects("team", "research")
                                        .cohort("ml")
                                        .limit("eu", 64, "H100", "H200"))
                .quota(
                        "prod",
                        q ->
                                q.selects("team", "prod")
                                        .cohort("ml")
                                        .limit("eu", 32, "H100", "H200"));
    }

    /** Personal EU data from fra-1 on H100s, {@code accelerators} as one worker. */
    static Workload euJob(String namespace, String name, int accelerators) {
        return job(namespace, name)
                .data(DataClass.PERSONAL, "eu")
                .origin(Origin.ofCluster("fra-1"))
                .accelerator(models("H100"))
                .shape(1, accelerators)
                .build();
    }

    static Workload holding(String namespace, String name) {
        return job(namespace, name).data(DataClass.PERSONAL, "eu").build();
    }

    @ParameterizedTest(
            name =
                    "research uses {0}/64 (borrowingLimit {1}), prod uses {2}/32 (lendingLimit {3}):"
                            + " {4} more fit: {5}")
    @CsvSource(
            nullValues = "-",
            value = {
                "0,  -,  0,  -, 64, true", // within its own
                "0,  -,  0,  -, 65, true", // borrows 1 of prod's 32 unused
                "60, -,  0,  -,  8, true", // borrows 4
                "60, -,  0,  -, 36, true", // borrows all 32
                "60, -,  0,  -, 37, false", // prod has only 32 to lend
                "60, 8,  0,  -, 12, true", // borrowingLimit 8: up to 72
                "60, 8,  0,  -, 13, false",
                "60, -,  0,  4,  8, true", // prod lends at most 4: up to 68
                "60, -,  0,  4,  9, false",
                "60, -, 20,  -, 16, true", // prod leaves 12 unused: up to 76
                "60, -, 20,  -, 17, false",
                "60, -, 40,  -,  4, true", // prod borrows 8 itself, lends nothing: up to 64
                "60, -, 40,  -,  5, false",
                "70, -,  0,  -,  1, true", // already borrowing 6 of 32
                "70, -,  0,  -, 27, false"
            })
    void borrowingAndLendingWithinTheCohort(
            int researchUses,
            Integer borrowingLimit,
            int prodUses,
            Integer lendingLimit,
            int more,
            boolean fits) {
        Fleet fleet =
                shared().pool("ams", p -> p.free(0))
                        .quota(
                                "research",
                                q ->
                                        q.clearLimits()
                                                .limit(
                                                        "eu",
                                                        64,
                                                        borrowingLimit,
                                                        null,
                                                        "H100",
                                                        "H200"))
                        .quota(
                                "prod",
                                q ->
                                        q.clearLimits()
                                                .limit(
                                                        "eu",
                                                        32,
                                                        null,
                                                        lendingLimit,
                                                        "H100",
                                                        "H200"));
        if (researchUses > 0) {
            fleet.placed(holding("research", "old"), null, "fra", researchUses);
        }
        if (prodUses > 0) {
            fleet.placed(holding("prod", "old"), null, "fra", prodUses);
        }
        Decision d = fleet.engine().decide(euJob("research", "new", more));

        assertThat(d.placed()).as(d.message()).isEqualTo(fits);
        if (!fits) {
            assertThat(d.reason()).isEqualTo(Reason.QUOTA_EXCEEDED);
            assertThat(d.candidates())
                    .filteredOn(c -> c.pool().equals("fra"))
                    .singleElement()
                    .satisfies(c -> assertThat(c.reason()).isEqualTo(Reason.QUOTA_EXCEEDED));
        }
    }

    @Test
    void theMessageNamesTheQuotaTheLimitUsedNeededAndBorrowable() {
        Fleet fleet =
                shared().pool("fra", p -> p.free(512))
                        .quota("research", q -> q.clearLimits().limit("eu", 256, "H100"))
                        .quota("prod", q -> q.clearLimits().limit("eu", 32, "H100"))
                        .placed(holding("research", "big"), null, "fra", 250)
                        .placed(holding("prod", "full"), null, "fra", 32);

        Decision d = fleet.engine().decide(euJob("research", "llm", 16));

        assertThat(d.placed()).isFalse();
        assertThat(d.reason()).isEqualTo(Reason.QUOTA_EXCEEDED);
        assertThat(d.candidates())
                .filteredOn(c -> c.pool().equals("fra"))
                .singleElement()
                .satisfies(
                        c ->
                                assertThat(c.message())
                                        .isEqualTo(
                                                "research: 250/256 H100 in eu used, needs 16,"
                                                        + " cohort ml can lend 0"));
        assertThat(d.message()).contains("1 QuotaExceeded");
    }

    @Test
    void withoutACohortNothingIsBorrowed() {
        Fleet fleet =
                shared().quota("research", q -> q.cohort(null))
                        .placed(holding("research", "old"), null, "fra", 60);
        Decision d = fleet.engine().decide(euJob("research", "new", 8));
        assertThat(d.reason()).isEqualTo(Reason.QUOTA_EXCEEDED);
        assertThat(d.candidates().get(0).message())
                .isEqualTo(
                        "research: 60/64 H100/H200 in eu used, needs 8, no cohort to borrow from");
    }

    @Test
    void theBorrowingLimitIsNamedWhenItBinds() {
        Fleet fleet =
                shared().quota(
                                "research",
                                q -> q.clearLimits().limit("eu", 64, 8, null, "H100", "H200"))
                        .placed(holding("research", "old"), null, "fra", 60);
        Decision d = fleet.engine().decide(euJob("research", "new", 16));
        assertThat(d.candidates().get(0).message())
                .isEqualTo(
                        "research: 60/64 H100/H200 in eu used, needs 16, cohort ml can lend 8"
                                + " (borrowingLimit 8)");
    }

    @Test
    void aPoolTheLimitDoesNotCoverMayStillFit() {
        // Personal EU data may go to the UK (transfer); the quota caps only eu.
        Fleet fleet =
                shared().pool("lon", p -> p.cluster("lon-1").free(64))
                        .placed(holding("research", "old"), null, "fra", 64)
                        .placed(holding("prod", "old"), null, "fra", 32);
        Decision d = fleet.engine().decide(euJob("research", "new", 16));
        assertThat(d.placed()).isTrue();
        assertThat(d.assignments().get(0).pool()).isEqualTo("lon");
        assertThat(d.candidates())
                .filteredOn(c -> c.pool().equals("fra"))
                .extracting(Candidate::reason)
                .containsExactly(Reason.QUOTA_EXCEEDED);
    }

    @Test
    void aLimitOnSomeModelsLeavesTheOthersFree() {
        Fleet fleet =
                shared().quota("research", q -> q.cohort(null).limit("eu", 0, "h100"))
                        .quota("prod", q -> q.limit("eu", 0, "H100"));
        Decision d =
                fleet.engine()
                        .decide(
                                job("research", "any")
                                        .data(DataClass.PERSONAL, "eu")
                                        .accelerator(models("H100", "H200"))
                                        .shape(1, 8)
                                        .build());
        // research's first limit (H100/H200, 64) holds nothing yet; its H100 limit is 0.
        assertThat(d.placed()).isTrue();
        assertThat(d.assignments().get(0).pool()).isEqualTo("ams");
    }

    @Test
    void aLimitWithoutZoneOrModelsCountsEveryPlacement() {
        Fleet fleet =
                shared().pool("iad", p -> p.cluster("iad-1").free(64))
                        .quota(
                                "web",
                                q -> q.selects("kubernetes.io/metadata.name", "web").limit(8));
        fleet.namespace("web", "kubernetes.io/metadata.name=web");
        PlacementEngine engine = fleet.engine();
        Workload first = job("web", "a").shape(1, 8).build();
        Workload second = job("web", "b").shape(1, 1).build();
        assertThat(engine.decide(first).placed()).isTrue();
        Decision d = engine.decide(second);
        assertThat(d.placed()).isFalse();
        assertThat(d.reason()).isEqualTo(Reason.QUOTA_EXCEEDED);
        assertThat(d.candidates())
                .allSatisfy(c -> assertThat(c.reason()).isEqualTo(Reason.QUOTA_EXCEEDED));
        assertThat(d.candidates().get(0).message())
                .isEqualTo("web: 8/8 accelerators used, needs 1, no cohort to borrow from");
    }

    @Test
    void aNamespaceOfTwoQuotasGetsNothingPlaced() {
        Fleet fleet =
                shared().quota("everyone", q -> q.selectsEveryNamespace().limit(1000))
                        .pool("far", p -> p.cluster("iad-1"));
        Decision d = fleet.engine().decide(euJob("research", "llm", 8));

        assertThat(d.placed()).isFalse();
        assertThat(d.reason()).isEqualTo(Reason.QUOTA_EXCEEDED);
        assertThat(d.candidates())
                .filteredOn(c -> c.pool().equals("fra"))
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.reason()).isEqualTo(Reason.QUOTA_EXCEEDED);
                            assertThat(c.message())
                                    .isEqualTo(
                                            "namespace research is selected by FleetQuotas"
                                                    + " [everyone, research] (OverlappingQuota):"
                                                    + " nothing of it is placed until only one"
                                                    + " selects it");
                        });
        // A pool that fails an earlier check keeps its own reason.
        assertThat(d.candidates())
                .filteredOn(c -> c.pool().equals("far"))
                .extracting(Candidate::reason)
                .containsExactly(Reason.OUTSIDE_SOVEREIGNTY_ZONE);
    }

    @Test
    void aNamespaceNoQuotaSelectsIsUnlimited() {
        Fleet fleet = shared().pool("fra", p -> p.free(1000));
        Decision d = fleet.engine().decide(euJob("web", "huge", 900));
        assertThat(d.placed()).isTrue();
    }

    @Test
    void aQuotaWithoutSelectorSelectsNothingAndAnEmptyOneEverything() {
        Fleet none = shared().quota("nobody", q -> q.selects((LabelSelector) null).limit(0));
        assertThat(none.engine().decide(euJob("web", "a", 8)).placed()).isTrue();
        assertThat(none.engine().quotasOf("web")).isEmpty();

        Fleet all = shared().quota("all", q -> q.selectsEveryNamespace().limit(0));
        assertThat(all.engine().quotasOf("web")).containsExactly("all");
        assertThat(all.engine().quotasOf("elsewhere")).containsExactly("all");
        assertThat(all.engine().decide(euJob("web", "a", 8)).reason())
                .isEqualTo(Reason.QUOTA_EXCEEDED);
    }

    @Test
    void matchExpressionsSelectToo() {
        LabelSelector notResearch =
                new LabelSelector(
                        Map.of(),
                        List.of(
                                new LabelSelector.Requirement(
                                        "team",
                                        LabelSelector.Operator.NOT_IN,
                                        Set.of("research"))));
        Fleet fleet =
                Fleet.europe()
                        .h100("fra", "fra-1")
                        .namespace("research", "team=research")
                        .namespace("prod", "team=prod")
                        .quota("others", q -> q.selects(notResearch).limit(0));
        PlacementEngine engine = fleet.engine();
        assertThat(engine.quotasOf("research")).isEmpty();
        assertThat(engine.quotasOf("prod")).containsExactly("others");
        assertThat(engine.quotasOf("unlabelled")).containsExactly("others");
    }

    @Test
    void aPoolPastTheQuotaButShortOfCapacityMakesItNoFeasiblePool() {
        Fleet fleet =
                shared().pool("lon", p -> p.cluster("lon-1").free(4))
                        .placed(holding("research", "old"), null, "fra", 64)
                        .placed(holding("prod", "old"), null, "fra", 32);
        Decision d = fleet.engine().decide(euJob("research", "new", 16));
        assertThat(d.placed()).isFalse();
        assertThat(d.reason()).isEqualTo(Reason.NO_FEASIBLE_POOL);
        assertThat(d.message()).contains("1 InsufficientCapacity").contains("QuotaExceeded");
    }

    @Test
    void anEndpointsReplicasCountTowardItsQuotaAsTheyArePlaced() {
        Fleet fleet =
                shared().quota("research", q -> q.cohort(null))
                        .placed(holding("research", "old"), null, "fra", 40);
        Workload w =
                endpoint("research", "chat")
                        .data(DataClass.PERSONAL, "eu")
                        .accelerator(models("H100"))
                        .shape(6, 8)
                        .build();
        PlacementEngine engine = fleet.engine();
        Decision d = engine.decide(w);

        assertThat(d.placed()).isFalse();
        assertThat(d.reason()).isEqualTo(Reason.QUOTA_EXCEEDED);
        assertThat(d.message())
                .startsWith(
                        "cannot place 6 replica(s): region origin needs 6 replica(s) and its"
                                + " feasible pools have room for 3 within its quota (research:"
                                + " 64/64 H100/H200 in eu used, needs 8, no cohort to borrow"
                                + " from)");
        // Nothing was taken: a smaller endpoint still gets all the quota left.
        assertThat(
                        engine.decide(
                                        endpoint("research", "small")
                                                .accelerator(models("H100"))
                                                .shape(3, 8)
                                                .build())
                                .placed())
                .isTrue();
        assertThat(engine.free("fra")).isEqualTo(256 - 40 - 24);
    }

    @Test
    void placedWorkloadsHoldCapacityUnlessTheFreeCountLeavesThemOutAlready() {
        Workload w = holding("web", "old");
        Fleet declared = shared().placed(w, null, false, Map.of("fra", 200, "ams", 8));
        assertThat(declared.engine().free("fra")).isEqualTo(56);
        assertThat(declared.engine().free("ams")).isEqualTo(24);
        Fleet available = shared().placed(w, null, true, Map.of("fra", 200));
        assertThat(available.engine().free("fra")).isEqualTo(256);
    }

    @Test
    void usageReportsWhatEachQuotaHoldsAndWhatIsWrongWithIt() {
        Fleet fleet =
                shared().quota("research", q -> q.limit("atlantis", 8))
                        .quota("everyone", q -> q.selects("team", "prod").limit(100))
                        .placed(holding("research", "a"), null, "fra", 70)
                        .placed(holding("prod", "b"), null, "ams", 8);
        PlacementEngine engine = fleet.engine();
        engine.decide(euJob("research", "c", 2));

        Map<String, QuotaUsage> usage = new java.util.HashMap<>();
        engine.quotaUsage().forEach(u -> usage.put(u.quota(), u));
        QuotaUsage research = usage.get("research");
        assertThat(research.used())
                .extracting(QuotaUsage.Used::accelerators)
                .containsExactly(72L, 0L);
        assertThat(research.used().get(0).borrowed()).isEqualTo(8);
        assertThat(research.admitted()).isEqualTo(2);
        assertThat(research.unknownZones()).containsExactly("atlantis");
        assertThat(research.overlappingNamespaces()).isEmpty();
        assertThat(usage.get("prod").overlappingNamespaces()).containsExactly("prod");
        assertThat(usage.get("everyone").overlappingNamespaces()).containsExactly("prod");
        assertThat(usage.get("prod").accelerators()).isEqualTo(8);
    }
}
