package dev.locus.placement;

import java.time.Instant;

/**
 * The power a placement was decided with, for audit ({@code status.placement.energy}) and for the
 * energy of the finished run ({@link Energy#ofRun}). Over several clusters (an endpoint), each
 * value is the average over the assignments weighted by accelerators; unknown when any is unknown.
 *
 * @param at the time the values are for (the pass' clock), or null when the engine had none and
 *     used the static values
 * @param carbonIntensityGramsPerKwh the forecast value for the hour the work starts, else the
 *     static one; null when unknown
 * @param renewableFraction 0..1, or null when unknown
 * @param pricePerKwh the forecast value for the hour the work starts, else the static one; null
 *     when unknown
 * @param wattsPerAccelerator the pools' watts ({@value PowerBudget#DEFAULT_WATTS} W where a pool
 *     declares none)
 */
public record PlacementEnergy(
        Instant at,
        Double carbonIntensityGramsPerKwh,
        Double renewableFraction,
        Double pricePerKwh,
        double wattsPerAccelerator) {}
