package dev.locus.placement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Energy accounting, pure: what a finished run used and emitted, and what a deferral avoided. The
 * operator calls it with the run's real duration and what the decision recorded ({@link
 * PlacementEnergy}, {@link DeferredStart}).
 */
public final class Energy {

    private Energy() {}

    /**
     * The energy of a run: accelerator-hours, kWh = accelerators x watts x hours / 1000, grams CO2e
     * = kWh x the carbon intensity recorded at placement.
     *
     * @param accelerators accelerators the run held
     * @param placement what the placement recorded (watts, carbon intensity)
     * @param run how long it ran (negative counts as zero)
     * @param deferral the job's deferral, or null when it was not deferred
     */
    public static RunEnergy ofRun(
            int accelerators, PlacementEnergy placement, Duration run, DeferredStart deferral) {
        double hours = Math.max(0, run.toMillis()) / 3_600_000d;
        double acceleratorHours = Math.max(0, accelerators) * hours;
        double kwh = acceleratorHours * Math.max(0, placement.wattsPerAccelerator()) / 1000d;
        Double carbon = placement.carbonIntensityGramsPerKwh();
        return new RunEnergy(
                acceleratorHours,
                kwh,
                carbon == null ? null : kwh * carbon,
                deferral == null
                        ? null
                        : avoidedGrams(kwh, deferral.carbonNow(), deferral.carbonLater()));
    }

    /**
     * What a deferral avoided: kWh x (the run's average carbon intensity starting at once - its
     * average at the later start), both as forecast when the job was deferred; null when either is
     * unknown. Negative when the later start turned out dirtier (a cost deferral may).
     */
    public static Double avoidedGrams(double kilowattHours, Double carbonNow, Double carbonLater) {
        return carbonNow == null || carbonLater == null
                ? null
                : kilowattHours * (carbonNow - carbonLater);
    }

    /**
     * The power each cluster holds, from the accelerators held per pool: what {@link
     * #powerInUse(Snapshot)} counts from the snapshot's placed workloads (watts are per pool, so
     * the sum per pool is enough), in time that grows with pools, not with workloads. A pool
     * missing from the snapshot counts {@link PowerBudget#DEFAULT_WATTS} on its cluster, as a
     * placed workload's holding on it would.
     *
     * @param heldPerPool accelerators held, by pool name
     * @param clusterOfPool the cluster of every pool known, by pool name
     */
    public static List<PowerUse> powerHeld(
            Snapshot fleet, Map<String, Integer> heldPerPool, Map<String, String> clusterOfPool) {
        FleetIndex index = new FleetIndex(fleet.sites(), fleet.pools());
        PowerBudget power = new PowerBudget(index);
        heldPerPool.forEach(
                (pool, accelerators) -> {
                    int p = index.pool(pool);
                    Integer site =
                            p >= 0
                                    ? Integer.valueOf(index.poolSite[p])
                                    : index.siteIndex.get(clusterOfPool.get(pool));
                    if (site != null) {
                        power.count(site, p, accelerators, 1);
                    }
                });
        return power.uses();
    }

    /**
     * The power each cluster holds: the accelerators of {@code placed} x their pools' watts,
     * against the clusters' budgets; every site listed, in snapshot order.
     */
    public static List<PowerUse> powerInUse(Snapshot snapshot) {
        return new PlacementEngine(snapshot, PlacementEngine.Explain.FAILURES).powerInUse();
    }

    /**
     * What a placement on {@code pools} (with {@code accelerators} each) is decided with, at {@code
     * now} (null: the static values): each value averaged over the pools by accelerators.
     */
    static PlacementEnergy atPlacement(
            FleetIndex fleet,
            Forecast forecast,
            java.time.Instant now,
            int[] pools,
            int[] accelerators) {
        double total = 0;
        double carbon = 0;
        double renewable = 0;
        double price = 0;
        double watts = 0;
        for (int i = 0; i < pools.length; i++) {
            int p = pools[i];
            int site = fleet.poolSite[p];
            double n = accelerators[i];
            Double fraction = fleet.sites.get(site).power().renewableFraction();
            total += n;
            carbon += n * forecast.at(Forecast.Quantity.CARBON, site, now);
            price += n * forecast.at(Forecast.Quantity.PRICE, site, now);
            renewable += n * (fraction == null ? Double.NaN : fraction);
            watts += n * PowerBudget.watts(fleet.pools[p]);
        }
        return total == 0
                ? new PlacementEnergy(now, null, null, null, 0)
                : new PlacementEnergy(
                        now,
                        known(carbon / total),
                        known(renewable / total),
                        known(price / total),
                        watts / total);
    }

    private static Double known(double d) {
        return Double.isNaN(d) ? null : d;
    }

    /** A number for people: at most two decimals, no trailing zeros ("0.5", "310", "5.6"). */
    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "unknown";
        }
        return BigDecimal.valueOf(d)
                .setScale(2, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }
}
