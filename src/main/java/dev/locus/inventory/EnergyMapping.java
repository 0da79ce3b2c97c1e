package dev.locus.inventory;

import dev.locus.api.v1alpha1.DeferralStatus;
import dev.locus.api.v1alpha1.EnergyAtPlacement;
import dev.locus.api.v1alpha1.EnergyUsed;
import dev.locus.api.v1alpha1.ForecastEntry;
import dev.locus.api.v1alpha1.Power;
import dev.locus.api.v1alpha1.PowerStatus;
import dev.locus.placement.DeferredStart;
import dev.locus.placement.PlacementEnergy;
import dev.locus.placement.PowerUse;
import dev.locus.placement.RunEnergy;
import dev.locus.placement.Schedule;
import dev.locus.placement.SitePower;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The energy fields between API objects and the engine: a cluster's power, a job's schedule, and
 * back, what a decision and a finished run record in status. A field given as null is absent; an
 * unreadable time drops its entry (the schema refuses it anyway).
 */
public final class EnergyMapping {

    private EnergyMapping() {}

    /** A cluster's spec.power as the engine sees it (its static carbon is on the Site). */
    public static SitePower sitePower(Power power) {
        if (power == null) {
            return SitePower.NONE;
        }
        List<SitePower.ForecastHour> hours = new ArrayList<>();
        if (power.getForecast() != null) {
            for (ForecastEntry e : power.getForecast()) {
                Instant from = e == null ? null : instant(e.getFrom());
                if (from != null) {
                    hours.add(
                            new SitePower.ForecastHour(
                                    from, e.getCarbonIntensityGramsPerKwh(), e.getPricePerKwh()));
                }
            }
        }
        return new SitePower(
                power.getRenewableFraction(),
                power.getPricePerKwh(),
                power.getBudgetKilowatts(),
                hours);
    }

    /** A TrainingJob's spec.schedule, or null when absent or its deadline cannot be read. */
    public static Schedule schedule(dev.locus.api.v1alpha1.Schedule schedule) {
        if (schedule == null) {
            return null;
        }
        Instant deadline = instant(schedule.getDeadline());
        return deadline == null
                ? null
                : new Schedule(
                        deadline,
                        schedule.getEstimatedHours() == null ? 0 : schedule.getEstimatedHours());
    }

    /** What a placement records in status.placement.energy. */
    public static EnergyAtPlacement status(PlacementEnergy energy) {
        if (energy == null) {
            return null;
        }
        EnergyAtPlacement out = new EnergyAtPlacement();
        out.setCarbonIntensityGramsPerKwh(energy.carbonIntensityGramsPerKwh());
        out.setRenewableFraction(energy.renewableFraction());
        out.setPricePerKwh(energy.pricePerKwh());
        out.setWattsPerAccelerator(energy.wattsPerAccelerator());
        out.setAt(energy.at() == null ? null : energy.at().toString());
        return out;
    }

    /** status.placement.energy back as the engine's record, for {@link #energyUsed}. */
    public static PlacementEnergy placementEnergy(EnergyAtPlacement energy) {
        if (energy == null) {
            return null;
        }
        return new PlacementEnergy(
                instant(energy.getAt()),
                energy.getCarbonIntensityGramsPerKwh(),
                energy.getRenewableFraction(),
                energy.getPricePerKwh(),
                energy.getWattsPerAccelerator() == null ? 700 : energy.getWattsPerAccelerator());
    }

    /** What a Deferred decision records in status.deferral, first deferred at {@code at}. */
    public static DeferralStatus status(DeferredStart deferral, Instant at) {
        DeferralStatus out = new DeferralStatus();
        out.setDeferredAt(at == null ? null : at.toString());
        out.setCluster(deferral.cluster());
        out.setCarbonIntensityNowGramsPerKwh(deferral.carbonNow());
        out.setCarbonIntensityLaterGramsPerKwh(deferral.carbonLater());
        return out;
    }

    /**
     * The energy of a finished run for status.energy: {@code accelerators} that ran for {@code run}
     * with the power status.placement.energy recorded; what status.deferral expected it to avoid.
     */
    public static EnergyUsed energyUsed(
            int accelerators, EnergyAtPlacement placement, DeferralStatus deferral, Duration run) {
        PlacementEnergy recorded = placementEnergy(placement);
        RunEnergy e =
                dev.locus.placement.Energy.ofRun(
                        accelerators,
                        recorded == null
                                ? new PlacementEnergy(null, null, null, null, 700)
                                : recorded,
                        run,
                        null);
        EnergyUsed out = new EnergyUsed();
        out.setAcceleratorHours(e.acceleratorHours());
        out.setKilowattHours(e.kilowattHours());
        out.setGramsCO2e(e.gramsCO2e());
        if (deferral != null) {
            out.setGramsCO2eAvoided(
                    dev.locus.placement.Energy.avoidedGrams(
                            e.kilowattHours(),
                            deferral.getCarbonIntensityNowGramsPerKwh(),
                            deferral.getCarbonIntensityLaterGramsPerKwh()));
        }
        return out;
    }

    /** A cluster's status.power. */
    public static PowerStatus status(PowerUse use) {
        PowerStatus out = new PowerStatus();
        out.setUsedKilowatts(use.usedKilowatts());
        out.setBudgetKilowatts(use.budgetKilowatts());
        return out;
    }

    /** An RFC 3339 time, or null when absent or unreadable. */
    static Instant instant(String ts) {
        if (ts == null || ts.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(ts).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
