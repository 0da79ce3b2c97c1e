package dev.locus.placement;

import java.time.Instant;

/**
 * Why a TrainingJob waits: the later start that lowers the average carbon intensity (or price) of
 * its run by at least 10 % on the pool the ranking would then pick ({@link Deferral}).
 *
 * @param startAfter a whole UTC hour; the job is decided again from then on
 * @param objective what the deferral lowers: {@link Objective#CARBON} (gCO2e/kWh) or {@link
 *     Objective#COST} (price per kWh)
 * @param now the run's average in the objective's unit, starting at once on the pool chosen now
 * @param later the run's average starting at {@code startAfter} on {@code cluster}/{@code pool}
 * @param carbonNow the average carbon intensity starting at once, or null when unknown
 * @param carbonLater the average carbon intensity starting at {@code startAfter}, or null: with
 *     {@code carbonNow}, what the wait avoids ({@link Energy#avoidedGrams})
 */
public record DeferredStart(
        Instant startAfter,
        String cluster,
        String pool,
        Objective objective,
        double now,
        double later,
        Double carbonNow,
        Double carbonLater) {}
