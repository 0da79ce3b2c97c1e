package dev.locus.placement;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Sensitivity of a workload's data. */
public enum DataClass {
    PUBLIC,
    INTERNAL,
    CONFIDENTIAL,
    PERSONAL;

    /** What a zone restricts when it does not say: everything but public. */
    public static Set<DataClass> defaultRestricted() {
        return EnumSet.of(INTERNAL, CONFIDENTIAL, PERSONAL);
    }

    /** The name as written in manifests, for example {@code personal}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
