package dev.locus.placement;

/**
 * The energy of a finished run ({@code status.energy}).
 *
 * @param acceleratorHours accelerators x hours
 * @param kilowattHours accelerators x watts x hours / 1000
 * @param gramsCO2e kWh x the carbon intensity recorded at placement; null when it was unknown
 * @param gramsCO2eAvoided what waiting for a cleaner hour avoided versus starting at once, or null
 *     for a run that was not deferred (or whose intensities were unknown)
 */
public record RunEnergy(
        double acceleratorHours, double kilowattHours, Double gramsCO2e, Double gramsCO2eAvoided) {}
