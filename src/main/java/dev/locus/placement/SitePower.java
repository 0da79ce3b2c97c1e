package dev.locus.placement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A site's power besides its static carbon intensity ({@link Site#carbonIntensity}): what it costs,
 * how clean it is, how much accelerator power Locus may place there, and hourly forecasts.
 *
 * @param renewableFraction 0..1, or null when unknown
 * @param pricePerKwh static energy price, or null when unknown
 * @param budgetKilowatts accelerator power Locus may place on the cluster; null for no budget
 * @param forecast hourly values, in any order (sorted here by {@code from})
 */
public record SitePower(
        Double renewableFraction,
        Double pricePerKwh,
        Double budgetKilowatts,
        List<ForecastHour> forecast) {

    /** No price, budget or forecast. */
    public static final SitePower NONE = new SitePower(null, null, null, List.of());

    public SitePower {
        List<ForecastHour> sorted = new ArrayList<>(forecast == null ? List.of() : forecast);
        sorted.sort(Comparator.comparing(ForecastHour::from));
        forecast = List.copyOf(sorted);
    }

    /**
     * One forecast entry: covers [from, from + 1 h). A value given as null leaves the static value
     * in force for that quantity.
     */
    public record ForecastHour(Instant from, Double carbonIntensity, Double pricePerKwh) {}
}
