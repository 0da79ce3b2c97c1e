package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every Locus kind shares: besides spec and status, what in the object as read from the API
 * server could not be read or breaks the schema ({@link LenientReader}). An object with problems is
 * reported on and skipped; it never stops the informer that read it.
 *
 * <p>A part that could not be read is kept as it came and written out unchanged, so copies (JOSDK
 * clones every object it hands a reconciler) read the same way, and no patch computed from a copy
 * ever replaces what the user wrote.
 */
public abstract class LocusResource<S, T> extends CustomResource<S, T> {

    @JsonIgnore private transient List<String> problems = List.of();
    @JsonIgnore private transient Map<String, JsonNode> unreadable = Map.of();

    /** Problems with the object as read ("spec.workers: must be >= 1, got 0"); empty if none. */
    @JsonIgnore
    public List<String> problems() {
        return problems;
    }

    /** True when the object could be read whole and keeps to the schema. */
    @JsonIgnore
    public boolean isValid() {
        return problems.isEmpty();
    }

    /** Records what was wrong with the object as read. */
    public void problems(List<String> problems) {
        this.problems = List.copyOf(problems);
    }

    /** Keeps a part ("spec", "status") that could not be read, as it came. */
    void keepUnreadable(String part, JsonNode value) {
        Map<String, JsonNode> next = new LinkedHashMap<>(unreadable);
        next.put(part, value);
        unreadable = Map.copyOf(next);
    }

    /** The parts that could not be read, written out as they came (the typed part is null). */
    @JsonAnyGetter
    Map<String, JsonNode> unreadableParts() {
        return unreadable;
    }
}
