package dev.locus.placement;

import static dev.locus.placement.Fleet.endpoint;
import static dev.locus.placement.Fleet.job;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Forecasts, and the deferral rule of DESIGN.md ("Energy"). */
class DeferralTest {

    /** 2026-12-01T00:00Z. */
    private static final Instant DAY = Instant.parse("2026-12-01T00:00:00Z");

    private static Instant at(int hour, int minute) {
        return DAY.plus(Duration.ofHours(hour).plusMinutes(minute));
    }

    /**
     * osl-1 (static 320, one H100 pool): 310 g/kWh from 00:00 to 02:00, then 40 for three hours,
     * then 300 until 10:00.
     */
    static Fleet oslo() {
        return Fleet.create()
                .site(
                        "osl-1",
                        s ->
                                s.country("NO")
                                        .carbon(320)
                                        .renewable(0.98)
                                        .price(0.08)
                                        .carbonHours(
                                                DAY, 310, 310, 40, 40, 40, 300, 300, 300, 300, 300))
                .h100("osl-1-h100", "osl-1");
    }

    /** A carbon-optimizing job of 8 accelerators running 1 h, due at 12:00. */
    static Workload.Builder flexible() {
        return job("llm")
                .objective(Objective.CARBON)
                .shape(1, 8)
                .schedule(new Schedule(at(12, 0), 1));
    }

    @Test
    void waitsForTheCleanerHourAndSaysSo() {
        Decision d = oslo().at(at(0, 30)).engine().decide(flexible().build());
        assertThat(d.placed()).isFalse();
        assertThat(d.reason()).isEqualTo(Reason.DEFERRED);
        assertThat(d.isDeferred()).isTrue();
        assertThat(d.startAfter()).isEqualTo(at(2, 0));
        assertThat(d.assignments()).isEmpty();
        assertThat(d.message()).startsWith("waiting for 02:00Z on osl-1: 40 g/kWh vs 310 now");
        assertThat(d.deferral().carbonNow()).isEqualTo(310.0);
        assertThat(d.deferral().carbonLater()).isEqualTo(40.0);
        assertThat(d.candidates()).extracting(Candidate::reason).containsExactly(Reason.FEASIBLE);
    }

    @Test
    void aDeferredDecisionReservesNothing() {
        PlacementEngine engine = oslo().pool("osl-1-h100", p -> p.free(8)).at(at(0, 30)).engine();
        List<Decision> ds =
                engine.decideAll(
                        List.of(
                                flexible().sequence(1).build(),
                                job("urgent").shape(1, 8).sequence(2).build()));
        assertThat(ds.get(0).isDeferred()).isTrue();
        assertThat(ds.get(1).placed()).isTrue();
        assertThat(engine.powerInUse().get(0).usedKilowatts()).isEqualTo(5.6);
    }

    static Stream<Arguments> startsNow() {
        return Stream.of(
                Arguments.of(
                        "optimizing for latency",
                        (UnaryOperator<Workload.Builder>) w -> w.objective(Objective.LATENCY)),
                Arguments.of(
                        "without a schedule",
                        (UnaryOperator<Workload.Builder>) w -> w.schedule(null)),
                Arguments.of(
                        "the cleaner hours end after the deadline allows",
                        (UnaryOperator<Workload.Builder>)
                                w -> w.schedule(new Schedule(at(2, 59), 1))),
                Arguments.of(
                        "past its last start",
                        (UnaryOperator<Workload.Builder>)
                                w -> w.schedule(new Schedule(at(1, 0), 1))),
                Arguments.of(
                        "needing more than fits now",
                        (UnaryOperator<Workload.Builder>) w -> w.shape(1, 65)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("startsNow")
    void isNotDeferred(String name, UnaryOperator<Workload.Builder> change) {
        Decision d = oslo().at(at(0, 30)).engine().decide(change.apply(flexible()).build());
        assertThat(d.isDeferred()).isFalse();
        assertThat(d.reason()).isNotEqualTo(Reason.DEFERRED);
    }

    @Test
    void anEndpointIsNeverDeferred() {
        Decision d =
                oslo().at(at(0, 30))
                        .engine()
                        .decide(endpoint("e").objective(Objective.CARBON).build());
        assertThat(d.placed()).isTrue();
    }

    @Test
    void withoutAClockTheStaticValuesHoldAndNothingWaits() {
        Decision d = oslo().engine().decide(flexible().build());
        assertThat(d.placed()).isTrue();
        assertThat(d.energy().carbonIntensityGramsPerKwh()).isEqualTo(320.0);
        assertThat(d.energy().at()).isNull();
    }

    @ParameterizedTest(name = "later {0} vs 100 now: deferred {1}")
    @org.junit.jupiter.params.provider.CsvSource({"90, true", "91, false", "100, false"})
    void waitsOnlyForAtLeastTenPercent(double later, boolean deferred) {
        Decision d =
                Fleet.create()
                        .site("a", s -> s.country("DE").carbonHours(DAY, 100, 100, later))
                        .h100("p", "a")
                        .at(at(0, 0))
                        .engine()
                        .decide(flexible().schedule(new Schedule(at(5, 0), 1)).build());
        assertThat(d.isDeferred()).as(d.message()).isEqualTo(deferred);
    }

    @Test
    void tiesGoToTheEarliestHourAndTheAverageIsTimeWeighted() {
        // Starting at 00:20 for 1 h: 40 min at 100, 20 at 400 = 200. 01:00 and 03:00 both
        // average 100 over their hour, 02:00 averages 400.
        Decision d =
                Fleet.create()
                        .site("a", s -> s.country("DE").carbonHours(DAY, 100, 400, 400, 100))
                        .h100("p", "a")
                        .at(at(0, 20))
                        .engine()
                        .decide(flexible().schedule(new Schedule(at(9, 0), 1)).build());
        assertThat(d.startAfter()).as(d.message()).isEqualTo(at(3, 0));
        assertThat(d.deferral().now()).isEqualTo(200.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aLaterStartIsEvaluatedOnThePoolTheRankingWouldPickThen() {
        // Now "a" is cleaner (200 vs 300); at 01:00 "b" is (50 vs 250): the job waits for b.
        Decision d =
                Fleet.create()
                        .site("a", s -> s.country("DE").carbonHours(DAY, 200, 250))
                        .site("b", s -> s.country("DE").carbonHours(DAY, 300, 50))
                        .h100("pa", "a")
                        .h100("pb", "b")
                        .at(at(0, 0))
                        .engine()
                        .decide(flexible().schedule(new Schedule(at(9, 0), 1)).build());
        assertThat(d.deferral())
                .extracting(DeferredStart::cluster, DeferredStart::startAfter)
                .containsExactly("b", at(1, 0));
        assertThat(d.message()).startsWith("waiting for 01:00Z on b: 50 g/kWh vs 200 now");
    }

    @Test
    void costDefersOnThePricePerKwh() {
        Decision d =
                Fleet.create()
                        .site("a", s -> s.country("DE").price(0.2).forecast(at(3, 0), null, 0.05))
                        .h100("p", "a")
                        .at(at(0, 10))
                        .engine()
                        .decide(
                                flexible()
                                        .objective(Objective.COST)
                                        .schedule(new Schedule(at(9, 0), 1))
                                        .build());
        assertThat(d.message()).startsWith("waiting for 03:00Z on a: 0.05/kWh vs 0.2 now");
    }

    @Test
    void carbonRanksByTheForecastForTheHourTheWorkStarts() {
        Fleet fleet =
                Fleet.create()
                        .site("a", s -> s.country("DE").carbon(100).forecast(at(9, 0), 500.0, null))
                        .site("b", s -> s.country("DE").carbon(200))
                        .h100("pa", "a")
                        .h100("pb", "b");
        Workload w = job("j").objective(Objective.CARBON).build();
        assertThat(fleet.engine().decide(w).assignments().get(0).cluster()).isEqualTo("a");
        assertThat(fleet.at(at(9, 30)).engine().decide(w).assignments().get(0).cluster())
                .isEqualTo("b");
        // The hour after the entry, a gap: the static value again.
        assertThat(fleet.at(at(10, 0)).engine().decide(w).assignments().get(0).cluster())
                .isEqualTo("a");
    }

    @Test
    void whereEntriesOverlapTheLatestFromWins() {
        Decision d =
                Fleet.create()
                        .site(
                                "a",
                                s ->
                                        s.country("DE")
                                                .carbon(1)
                                                .forecast(at(9, 30), 70.0, 0.3)
                                                .forecast(at(9, 0), 60.0, 0.2))
                        .h100("p", "a")
                        .at(at(10, 0))
                        .engine()
                        .decide(job("j").build());
        assertThat(d.energy().carbonIntensityGramsPerKwh()).isEqualTo(70.0);
        assertThat(d.energy().pricePerKwh()).isEqualTo(0.3);
    }

    @Test
    void aPlacementRecordsThePowerItWasDecidedWith() {
        Decision d =
                oslo().pool("osl-1-h100", p -> p.watts(1000.0))
                        .at(at(3, 0))
                        .engine()
                        .decide(job("j").shape(2, 4).build());
        assertThat(d.energy()).isEqualTo(new PlacementEnergy(at(3, 0), 40.0, 0.98, 0.08, 1000.0));
    }
}
